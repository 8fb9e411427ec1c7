"""## What it does
Flags a port label longer than 128 characters.

## Why is this bad?
The vantage6 server accepts port labels of at most 128 characters. A longer
one makes the node's port registration fail, and the port cannot be found.

## Example
```dockerfile
EXPOSE 8888
LABEL p8888="a-very-long-label-...-over-128-characters"
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
from v6port.model import MAX_LABEL_LENGTH, Declaration
from v6port.rules import Violation

CODE = "V6P011"
NAME = "label-too-long"
SEVERITY = Severity.ERROR
SUMMARY = "A port label is longer than the server accepts (128)"


def check(decl: Declaration) -> Iterator[Violation]:
    for key, label in decl.port_labels().items():
        if len(label.value) > MAX_LABEL_LENGTH:
            yield Violation(
                f"label {key} is {len(label.value)} characters long: the vantage6 server "
                f"rejects port labels over {MAX_LABEL_LENGTH}",
                label.span,
            )
