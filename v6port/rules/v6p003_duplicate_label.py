"""## What it does
Checks that no two exposed ports carry the same label value.

## Why is this bad?
Peers look ports up by label with an exact match. With two ports under one
label, `get_addresses(label=...)` returns both, and the algorithm connects to
whichever comes first.

## Example
```dockerfile
EXPOSE 8888 8889
LABEL p8888="com" p8889="com"
```

Use instead:
```dockerfile
EXPOSE 8888 8889
LABEL p8888="com" p8889="data"
```
"""

from __future__ import annotations

from collections.abc import Iterator

from v6port.findings import Severity
from v6port.model import Declaration, Label
from v6port.rules import Violation

CODE = "V6P003"
NAME = "duplicate-label"
SEVERITY = Severity.ERROR
SUMMARY = "Two exposed ports carry the same label"


def check(decl: Declaration) -> Iterator[Violation]:
    first: dict[str, tuple[int, Label]] = {}
    for port in decl.unique_ports():
        label = decl.label_for(port)
        if label is None:
            continue
        seen = first.get(label.value)
        if seen is None:
            first[label.value] = (port.port, label)
        elif seen[0] != port.port and seen[1].key != label.key:
            yield Violation(
                f"label value {label.value!r} is used by port {seen[0]} and port "
                f"{port.port}: a lookup by label returns both; give each port its own label",
                label.span,
            )
