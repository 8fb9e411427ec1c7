"""## What it does
Flags a label that is clearly meant for an exposed port but sits under a key
the node never looks up: `P8888`, `p08888`, or a key with stray whitespace.

## Why is this bad?
The node looks up exactly `"p" + port` (case-sensitive). `P8888` or `p08888`
is never read, so the port is registered without a label.

## Example
```dockerfile
EXPOSE 8888
LABEL P8888="com"
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
from v6port.model import NEAR_PORT_LABEL_RE, Declaration
from v6port.rules import Violation

CODE = "V6P009"
NAME = "unreachable-label-key"
SEVERITY = Severity.ERROR
SUMMARY = "A port label sits under a key the node never looks up"


def check(decl: Declaration) -> Iterator[Violation]:
    wanted = {p.label_key: p for p in decl.unique_ports()}
    by_number = {p.port: p for p in decl.unique_ports()}
    for key, label in decl.labels.items():
        if key in wanted:
            continue
        m = NEAR_PORT_LABEL_RE.fullmatch(key)
        if not m:
            continue
        port = by_number.get(int(m.group(1)))
        if port is None or port.label_key in decl.labels:
            continue
        yield Violation(
            f"label key {key!r} is never read: for port {port.key} the node looks up "
            f"{port.label_key!r}",
            label.span,
        )
