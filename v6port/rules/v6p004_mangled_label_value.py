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

`v6port lint --fix` rewrites the first form into the second, and trims a
quoted value padded with whitespace (`p8888=" com "` becomes `p8888="com"`).
It does so only when the label is on one line and holds no variable, and,
for the spaced form, when a single word follows the `=`
(`LABEL p8888 = "com" p8889 = "data"` is left for you to split).
"""

from __future__ import annotations

from collections.abc import Iterator

from v6port.findings import Fix, Severity
from v6port.model import Declaration, Label
from v6port.rules import Violation, fixes
from v6port.sources.dockerfile.expand import ExpansionError, expand

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
    for key, label in decl.port_labels().items():
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
            _fix(label, meant, decl.escape),
        )


def _fix(label: Label, meant: str, escape: str) -> Fix | None:
    """The certain rewrite: the spaced legacy form, or whitespace around the value."""
    raw = label.raw_value or ""
    spaced = label.form == "legacy" and raw.startswith("=")
    if meant.startswith("=") or not (spaced or meant == label.value.strip()):
        return None
    if label.form == "legacy" and not one_word(raw[1:] if spaced else raw, escape):
        return None
    return fixes.label_value(label, meant, escape, f'write {label.key}="{meant}"')


def one_word(raw: str, escape: str) -> bool:
    """Whether a legacy value is one word, so that it is certainly all one value."""
    try:
        return len(expand(raw, {}, escape).words) == 1
    except ExpansionError:
        return False
