"""## What it does
Reports a committed port manifest (`v6-ports.json`) that no longer matches
what the Dockerfile or image declares. It is raised by
`v6port manifest SOURCE --check FILE`, not by `lint`.

## Why is this bad?
The manifest is the reviewed contract of an algorithm's network API. A stale
one tells reviewers and tools about ports the image no longer has, or hides
new ones.

## Example
A Dockerfile that now has `EXPOSE 8888 9000`, with a committed manifest that
lists only port 8888.

Use instead: regenerate and commit it.
```console
v6port manifest Dockerfile -o v6-ports.json
```
"""

from __future__ import annotations

from v6port.findings import Severity

CODE = "V6P019"
NAME = "manifest-out-of-date"
SEVERITY = Severity.ERROR
SUMMARY = "The committed port manifest no longer matches the source"
