"""## What it does
Flags a port label whose value is empty.

## Why is this bad?
An empty label cannot be looked up in any useful way: peers search by label
name, and `""` names nothing.

## Example
```dockerfile
EXPOSE 8888
LABEL p8888=""
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

CODE = "V6P010"
NAME = "empty-label"
SEVERITY = Severity.ERROR
SUMMARY = "A port label is empty"


def check(decl: Declaration) -> Iterator[Violation]:
    for key, label in decl.port_labels().items():
        if label.value == "":
            yield Violation(
                f"label {key} is empty: give the port a name peers can look up", label.span
            )
