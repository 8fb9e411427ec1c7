"""## What it does
Flags a protocol that is not written in lower case, such as `8888/TCP`.

## Why is this bad?
BuildKit lower-cases it (with its `ExposeProtoCasing` warning), but buildah
stores `8888/TCP` verbatim, and tools that compare keys see a different port.

## Example
```dockerfile
EXPOSE 8888/TCP
```

Use instead:
```dockerfile
EXPOSE 8888/tcp
```

`v6port lint --fix` lower-cases the protocol where the word is written
literally (no variable, no quotes) in an EXPOSE on one line.
"""

from __future__ import annotations

from collections.abc import Iterator

from v6port.findings import Severity
from v6port.model import Declaration
from v6port.rules import Violation, fixes

CODE = "V6P015"
NAME = "protocol-casing"
SEVERITY = Severity.WARNING
SUMMARY = "A protocol is not written in lower case"


def check(decl: Declaration) -> Iterator[Violation]:
    seen: set[str] = set()
    for port in decl.ports:
        written = port.protocol_as_written
        if written != written.lower() and port.spec not in seen:
            seen.add(port.spec)
            same = [p for p in decl.ports if p.spec == port.spec]
            yield Violation(
                f"protocol {written!r} in {port.spec!r}: write {written.lower()!r}; "
                "buildah stores the key as written",
                port.span,
                fixes.protocol_case(same, f"write {written.lower()!r}"),
            )
