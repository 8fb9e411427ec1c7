"""## What it does
Checks that the value stored for a `p<port>` label is what the author meant.
The legacy form with a spaced `=` (`LABEL p8888 = "com"`, as shown in
vantage6's own documentation) stores the value `= com`. Leading or trailing
whitespace is stored as written too.

## Why is this bad?
Peers look the port up with an exact match on the label. `get_addresses(label="com")`
finds nothing when the stored value is `= com` or `com `.

## Example
```dockerfile
EXPOSE 8888
LABEL p8888 = "com"
```

Use instead:
```dockerfile
EXPOSE 8888
LABEL p8888="com"
```

`v6port lint --fix` rewrites the first form into the second.
"""

from __future__ import annotations

from collections.abc import Iterator

from v6port.findings import Severity
from v6port.model import PORT_LABEL_RE, Declaration
from v6port.rules import Violation

CODE = "V6P004"
NAME = "mangled-label-value"
SEVERITY = Severity.ERROR
SUMMARY = "A port label stores a different value than the author meant"


def intended(value: str) -> str | None:
    """The value the author meant, or None when the stored value is already it."""
    meant = value.strip()
    if meant.startswith("="):
        meant = meant[1:].strip()
    return meant if meant != value else None


def check(decl: Declaration) -> Iterator[Violation]:
    for key, label in decl.labels.items():
        if not PORT_LABEL_RE.fullmatch(key):
            continue
        meant = intended(label.value)
        if meant is None:
            continue
        if label.form == "legacy" and label.value.lstrip().startswith("="):
            why = f'the spaced form "LABEL {key} = ..." stores the "=" as part of the value'
        elif label.value.lstrip().startswith("="):
            why = "the value starts with '='"
        else:
            why = "the value has leading or trailing whitespace"
        yield Violation(
            f'label {key} stores {label.value!r}, not {meant!r}: {why}; write {key}="{meant}"',
            label.span,
        )
