"""## What it does
Checks that every port the final image exposes has a `p<port>` label, the key
the vantage6 node looks up for it. Each port of a range counts.

## Why is this bad?
A vantage6 4.x node forwards every exposed port, then reads the label
`"p" + port` to register it. Without that label the port is registered with
no label, and peers that call `get_addresses(label=...)` never find it: the
algorithm fails at run time, on somebody else's data station.

## Example
```dockerfile
FROM python:3.12-slim
EXPOSE 8888
```

Use instead:
```dockerfile
FROM python:3.12-slim
EXPOSE 8888
LABEL p8888="com"
```
"""

from __future__ import annotations

from collections.abc import Iterator

from v6port.findings import Severity
from v6port.model import Declaration
from v6port.rules import Violation

CODE = "V6P001"
NAME = "port-without-label"
SEVERITY = Severity.ERROR
SUMMARY = "An exposed port has no p<port> label"


def check(decl: Declaration) -> Iterator[Violation]:
    for port in decl.unique_ports():
        if decl.label_for(port) is not None:
            continue
        origin = " (inherited from the base image)" if port.inherited else ""
        yield Violation(
            f"port {port.key}{origin} has no label {port.label_key}: "
            f'add LABEL {port.label_key}="<name>" so that peers can find it',
            port.span,
        )
