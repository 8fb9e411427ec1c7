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

`v6port lint --fix` renames the key to the one the node looks up when that
is unambiguous: one such key for the port, written on one line with no
variable, and no label already under the right key.
"""

from __future__ import annotations

from collections.abc import Iterator

from v6port.findings import Severity
from v6port.model import NEAR_PORT_LABEL_RE, Declaration
from v6port.rules import Violation, fixes

CODE = "V6P009"
NAME = "unreachable-label-key"
SEVERITY = Severity.ERROR
SUMMARY = "A port label sits under a key the node never looks up"


def check(decl: Declaration) -> Iterator[Violation]:
    ports = decl.unique_ports()
    looked_up = {p.label_key for p in ports}
    # Ports whose label the node will not find, by number.
    unlabelled = {p.port: p for p in ports if p.label_key not in decl.labels}
    for key, label in decl.labels.items():
        if key in looked_up:
            continue
        m = NEAR_PORT_LABEL_RE.fullmatch(key)
        port = unlabelled.get(int(m.group(1))) if m else None
        if port is None:
            continue
        fix = None
        if _near_keys(decl, looked_up).count(port.port) == 1:
            fix = fixes.label_key(label, port.label_key, f"rename the key to {port.label_key}")
        yield Violation(
            f"label key {key!r} is never read: for port {port.key} the node looks up "
            f"{port.label_key!r}",
            label.span,
            fix,
        )


def _near_keys(decl: Declaration, looked_up: set[str]) -> list[int]:
    """The port numbers of all near-miss keys: two for one port make a rename ambiguous."""
    numbers = []
    for key in decl.labels:
        m = NEAR_PORT_LABEL_RE.fullmatch(key) if key not in looked_up else None
        if m:
            numbers.append(int(m.group(1)))
    return numbers
