"""## What it does
Reports a file that is not a valid Dockerfile: a syntax error, an unknown
instruction, a missing argument, an unterminated heredoc or quote, a bad
variable substitution, a binary or non-UTF-8 file.

## Why is this bad?
The build would fail, and v6port cannot tell which ports the image would
have. The message gives the reason and the line.

## Example
```dockerfile
FROM python:3.12-slim
LABEL p8888="com
```

Use instead:
```dockerfile
FROM python:3.12-slim
LABEL p8888="com"
```
"""

from __future__ import annotations

from collections.abc import Iterator

from v6port.findings import Severity
from v6port.model import Declaration
from v6port.rules import Violation

CODE = "V6P020"
NAME = "parse-error"
SEVERITY = Severity.ERROR
SUMMARY = "The file is not a valid Dockerfile"


def check(decl: Declaration) -> Iterator[Violation]:
    for problem in decl.parse_problems:
        yield Violation(problem.message, problem.span)
