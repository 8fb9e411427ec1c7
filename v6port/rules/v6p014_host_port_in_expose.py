"""## What it does
Flags `EXPOSE` words with a host port or an IP address, such as `8080:80` or
`127.0.0.1:8080:80`.

## Why is this bad?
EXPOSE cannot publish a port on the host. BuildKit ignores everything but the
container port (its `ExposeInvalidFormat` warning), so `EXPOSE 8080:80`
exposes port 80, which is rarely what the author meant.

## Example
```dockerfile
EXPOSE 8080:8888
LABEL p8888="com"
```

Use instead:
```dockerfile
EXPOSE 8888
LABEL p8888="com"
```
"""

from __future__ import annotations

from collections.abc import Iterator

from v6port.findings import Severity
from v6port.model import Declaration
from v6port.rules import Violation

CODE = "V6P014"
NAME = "host-port-in-expose"
SEVERITY = Severity.WARNING
SUMMARY = "EXPOSE names a host port or IP, which is ignored"


def check(decl: Declaration) -> Iterator[Violation]:
    seen: set[str] = set()
    for port in decl.ports:
        if port.host_part and port.spec not in seen:
            seen.add(port.spec)
            yield Violation(
                f"EXPOSE {port.spec}: the {port.host_part!r} part is ignored and only "
                f"container port {port.spec.split(':')[-1].split('/')[0]} is exposed",
                port.span,
            )
