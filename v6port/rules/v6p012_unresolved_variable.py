"""## What it does
Flags an EXPOSE word or a port-label key that depends on a variable with no
value in this build.

## Why is this bad?
An unset variable expands to nothing: `EXPOSE $PORT` exposes no port at all,
and `LABEL p${PORT}=com` sets a label `p`. Lint can only judge what it can
resolve: pass the value with `--build-arg`, or check the built image with
`v6port check`.

## Example
```dockerfile
FROM python:3.12-slim
EXPOSE $PORT
```

Use instead:
```dockerfile
FROM python:3.12-slim
ARG PORT=8888
EXPOSE $PORT
LABEL p${PORT}="com"
```
"""

from __future__ import annotations

from collections.abc import Iterator

from v6port.findings import Severity
from v6port.model import Declaration
from v6port.rules import Violation

CODE = "V6P012"
NAME = "unresolved-variable"
SEVERITY = Severity.WARNING
SUMMARY = "A port or port-label key depends on a variable with no value"


def check(decl: Declaration) -> Iterator[Violation]:
    for item in decl.unresolved:
        names = ", ".join(f"${n}" for n in item.names)
        hint = " ".join(f"--build-arg {n}=..." for n in item.names)
        yield Violation(
            f"{item.what} {item.text!r} uses {names} with no value here: pass {hint}, "
            "declare a default with ARG, or run `v6port check` on the built image",
            item.span,
        )
