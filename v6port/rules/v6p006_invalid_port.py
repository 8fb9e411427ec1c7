"""## What it does
Checks that every EXPOSE word is a usable port after variable expansion: a
decimal number from 1 to 65535, an ascending range, and tcp, udp or sctp.

## Why is this bad?
BuildKit fails the build on a non-numeric port or an unknown protocol; other
builders store the text as it is, and the node then passes garbage to
iptables. Port 0 is accepted by builders but can never be reached.

## Example
```dockerfile
EXPOSE 0 70000 9002-9000 8888/http
```

Use instead:
```dockerfile
EXPOSE 8888 9000-9002
```
"""

from __future__ import annotations

from collections.abc import Iterator

from v6port.findings import Severity
from v6port.model import Declaration
from v6port.rules import Violation

CODE = "V6P006"
NAME = "invalid-port"
SEVERITY = Severity.ERROR
SUMMARY = "An EXPOSE word is not a usable port"


def check(decl: Declaration) -> Iterator[Violation]:
    for bad in decl.invalid_ports:
        yield Violation(f"invalid port {bad.spec!r}: {bad.reason}", bad.span)
