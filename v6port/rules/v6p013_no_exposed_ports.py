"""## What it does
Notes that the final image exposes no port.

## Why is this bad?
It may be fine: many algorithms never talk to their peers. But a vantage6 4.x
node that finds no exposed port silently forwards port 8888 with no label,
so an algorithm that does listen cannot be found by label. Ports may also come
from the base image, which lint cannot see: `v6port check` the built image.

## Example
```dockerfile
FROM python:3.12-slim
CMD ["python", "-m", "algorithm"]
```

Use instead, when the algorithm listens:
```dockerfile
FROM python:3.12-slim
EXPOSE 8888
LABEL p8888="com"
CMD ["python", "-m", "algorithm"]
```
"""

from __future__ import annotations

from collections.abc import Iterator

from v6port.findings import Severity
from v6port.model import Declaration
from v6port.rules import Violation

CODE = "V6P013"
NAME = "no-exposed-ports"
SEVERITY = Severity.INFO
SUMMARY = "The final image exposes no port"


def check(decl: Declaration) -> Iterator[Violation]:
    if decl.ports or decl.invalid_ports or decl.unresolved or decl.parse_problems:
        return
    base = f" (unless {decl.base_images[0]} exposes one)" if decl.base_images else ""
    yield Violation(
        f"the image exposes no port{base}: a vantage6 4.x node then forwards port 8888 "
        "with no label",
        decl.final_span,
    )
