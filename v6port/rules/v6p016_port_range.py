"""## What it does
Flags port ranges such as `EXPOSE 9000-9002`.

## Why is this bad?
Builders disagree: BuildKit expands a range into one port each, but buildah
stores `9000-9002/tcp` as a single key, which the vantage6 4.x node passes to
iptables as it is, and for which it looks up the label `p9000-9002`.

## Example
```dockerfile
EXPOSE 9000-9001
LABEL p9000="a" p9001="b"
```

Use instead:
```dockerfile
EXPOSE 9000 9001
LABEL p9000="a" p9001="b"
```
"""

from __future__ import annotations

from collections.abc import Iterator

from v6port.findings import Severity
from v6port.model import Declaration
from v6port.rules import Violation

CODE = "V6P016"
NAME = "port-range"
SEVERITY = Severity.WARNING
SUMMARY = "A port range: builders disagree on what it means"


def check(decl: Declaration) -> Iterator[Violation]:
    seen: set[str] = set()
    for port in decl.ports:
        if port.in_range and port.spec not in seen:
            seen.add(port.spec)
            yield Violation(
                f"port range {port.spec!r}: BuildKit exposes each port, but buildah stores "
                "the range as one key that a vantage6 4.x node cannot use; list the ports",
                port.span,
            )
