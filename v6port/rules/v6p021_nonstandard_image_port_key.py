"""## What it does
Flags an `ExposedPorts` key in a built image that a vantage6 4.x node would
mishandle: a range (`9000-9002/udp`), leading zeros (`08888/tcp`), an upper
case protocol (`8888/TCP`), a host part, or a value that is not a port. It
is raised by `v6port check` on images, since only the image shows it.

## Why is this bad?
The node keeps the text before the first `/` as the port. For a range it
passes the range text on to iptables; for `08888` it looks up the label
`p08888`. buildah stores such keys verbatim, where BuildKit would normalise them.

## Example
An image built by buildah from `EXPOSE 9000-9002/udp`, whose config has the
key `9000-9002/udp`.

Use instead: `EXPOSE 9000/udp 9001/udp 9002/udp` (and prefer TCP, see V6P007).
"""

from __future__ import annotations

from collections.abc import Iterator

from v6port.findings import Severity
from v6port.model import Declaration
from v6port.rules import Violation

CODE = "V6P021"
NAME = "nonstandard-image-port-key"
SEVERITY = Severity.WARNING
SUMMARY = "An image port key that a vantage6 4.x node would mishandle"


def check(decl: Declaration) -> Iterator[Violation]:
    for item in decl.nonstandard_keys:
        yield Violation(f"image port key {item.key!r}: {item.problem}")
