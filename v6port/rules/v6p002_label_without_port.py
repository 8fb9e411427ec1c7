"""## What it does
Checks that every `p<port>` label names a port that the final image exposes.

## Why is this bad?
The node only reads labels for exposed ports. A label for a port that is not
exposed is dead: usually the EXPOSE was forgotten, removed, or has a typo, and
the port the algorithm listens on is not forwarded at all.

## Example
```dockerfile
FROM python:3.12-slim
EXPOSE 8888
LABEL p8888="com" p9999="data"
```

Use instead:
```dockerfile
FROM python:3.12-slim
EXPOSE 8888 9999
LABEL p8888="com" p9999="data"
```
"""

from __future__ import annotations

from collections.abc import Iterator

from v6port.findings import Severity
from v6port.model import PORT_LABEL_RE, Declaration
from v6port.rules import Violation

CODE = "V6P002"
NAME = "label-without-port"
SEVERITY = Severity.WARNING
SUMMARY = "A p<port> label names a port that is not exposed"


def check(decl: Declaration) -> Iterator[Violation]:
    exposed = {p.port for p in decl.ports}
    for key, label in decl.labels.items():
        m = PORT_LABEL_RE.fullmatch(key)
        if m and int(m.group(1)) not in exposed:
            yield Violation(
                f"label {key}={label.value!r} names port {int(m.group(1))}, "
                "which the image does not expose: add EXPOSE or remove the label",
                label.span,
            )
