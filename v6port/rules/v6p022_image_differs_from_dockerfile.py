"""## What it does
Compares a built image with the Dockerfile it was built from
(`v6port check IMAGE --dockerfile Dockerfile`, and `v6port build`) and flags a
port the Dockerfile declares that the image does not expose under the same key,
or a port label whose value in the image differs from the Dockerfile's.

## Why is this bad?
The node reads the image, never the Dockerfile. The two drift apart when a
builder normalises differently (buildah stores `9000-9001` as one key), when
`docker build --label p8888=...` overrides the Dockerfile's label (it is applied
last), or when the image was built from another revision. Review and lint then
judge something other than what ships.

## Example
```console
docker build --label p8888=debug -t algo .   # the Dockerfile says p8888="com"
v6port check docker-daemon:algo --dockerfile Dockerfile
```

Use instead: build without overriding port labels, and check the image you ship.
"""

from __future__ import annotations

from collections.abc import Iterator

from v6port.findings import Severity
from v6port.model import Declaration
from v6port.rules import Violation

CODE = "V6P022"
NAME = "image-differs-from-dockerfile"
SEVERITY = Severity.WARNING
SUMMARY = "The built image's ports or port labels differ from its Dockerfile"


def check(decl: Declaration) -> Iterator[Violation]:
    for item in decl.drift:
        yield Violation(item)
