"""## What it does
Flags port labels written in the legacy `LABEL key value` form.

## Why is this bad?
The legacy form takes the whole rest of the line as the value, so any later
edit (a second label, a spaced `=`) silently changes the stored value. Docker
deprecates it (BuildKit's `LegacyKeyValueFormat` check).

## Example
```dockerfile
EXPOSE 8888
LABEL p8888 com
```

Use instead:
```dockerfile
EXPOSE 8888
LABEL p8888="com"
```

`v6port lint --fix` rewrites the first form into the second when the label
is on one line, holds no variable and its value is a single word (the stored
value stays the same). `LABEL p8888 com p8889 data` is left for you to split.
"""

from __future__ import annotations

from collections.abc import Iterator

from v6port.findings import Severity
from v6port.model import Declaration
from v6port.rules import Violation, fixes
from v6port.rules.v6p004_mangled_label_value import intended, one_word

CODE = "V6P005"
NAME = "legacy-label-form"
SEVERITY = Severity.WARNING
SUMMARY = "A port label uses the deprecated 'LABEL key value' form"


def check(decl: Declaration) -> Iterator[Violation]:
    for key, label in decl.port_labels().items():
        # A mangled value is V6P004's finding; this rule covers the correct ones.
        if label.form == "legacy" and not intended(label.value):
            fix = None
            if one_word(label.raw_value or "", decl.escape):
                fix = fixes.label_value(
                    label, label.value, decl.escape, f'write {key}="{label.value}"'
                )
            yield Violation(
                f'label {key} uses the legacy "LABEL key value" form: write {key}="{label.value}"',
                label.span,
                fix,
            )
