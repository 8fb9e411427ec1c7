"""## What it does
Flags exposed ports whose protocol is udp or sctp.

## Why is this bad?
The vantage6 4.x node forwards ports through its VPN with an iptables DNAT
rule for TCP only. A UDP or SCTP port is registered, but no packet ever
reaches it.

## Example
```dockerfile
EXPOSE 8888/udp
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
from v6port.model import Declaration
from v6port.rules import Violation

CODE = "V6P007"
NAME = "non-tcp-port"
SEVERITY = Severity.WARNING
SUMMARY = "A udp or sctp port: the vantage6 VPN forwards TCP only"


def check(decl: Declaration) -> Iterator[Violation]:
    for port in decl.unique_ports():
        if port.protocol != "tcp":
            yield Violation(
                f"port {port.key} is {port.protocol.upper()}: vantage6's VPN forwards TCP only, "
                "so peers cannot reach it",
                port.span,
            )
