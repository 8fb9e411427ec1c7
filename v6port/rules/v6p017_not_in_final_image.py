"""## What it does
Notes an EXPOSE or a port label in a build stage that the final image does
not inherit from.

## Why is this bad?
Only the final stage (the last one, or `--target`) and the stages it is built
`FROM` make up the image. `COPY --from` copies files, not ports or labels, so
these declarations never reach the node.

## Example
```dockerfile
FROM python:3.12 AS build
EXPOSE 8888
LABEL p8888="com"

FROM python:3.12-slim
COPY --from=build /app /app
```

Use instead:
```dockerfile
FROM python:3.12 AS build

FROM python:3.12-slim
COPY --from=build /app /app
EXPOSE 8888
LABEL p8888="com"
```
"""

from __future__ import annotations

from collections.abc import Iterator

from v6port.findings import Severity
from v6port.model import Declaration
from v6port.rules import Violation

CODE = "V6P017"
NAME = "not-in-final-image"
SEVERITY = Severity.INFO
SUMMARY = "An EXPOSE or port label in a stage the final image does not inherit"


def check(decl: Declaration) -> Iterator[Violation]:
    for item in decl.stray:
        yield Violation(
            f"{item.instruction} {item.text} in stage {item.stage} does not reach the final "
            "image, which is not built FROM that stage",
            item.span,
        )
