"""## What it does
Flags a port number that is exposed with more than one protocol.

## Why is this bad?
The node drops the protocol: `8888/tcp` and `8888/udp` become two
registrations of port 8888 under the same label, and peers see the port twice.

## Example
```dockerfile
EXPOSE 8888/tcp 8888/udp
LABEL p8888="com"
```

Use instead:
```dockerfile
EXPOSE 8888/tcp
LABEL p8888="com"
```
"""

from __future__ import annotations

from collections.abc import Iterator

from v6port.findings import Severity
from v6port.model import Declaration, ExposedPort
from v6port.rules import Violation

CODE = "V6P008"
NAME = "protocol-collision"
SEVERITY = Severity.WARNING
SUMMARY = "One port number is exposed with several protocols"


def check(decl: Declaration) -> Iterator[Violation]:
    by_number: dict[int, list[ExposedPort]] = {}
    for port in decl.unique_ports():
        by_number.setdefault(port.port, []).append(port)
    for number, ports in by_number.items():
        if len(ports) > 1:
            protocols = "/".join(p.protocol for p in ports)
            yield Violation(
                f"port {number} is exposed as {protocols}: the node drops the protocol and "
                f"registers port {number} {len(ports)} times under one label",
                ports[1].span,
            )
