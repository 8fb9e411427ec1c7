"""Inline suppressions: ``# v6port: ignore=CODES`` and ``# v6port: ignore-file=CODES``.

``ignore`` applies to the next instruction, even across blank and comment
lines; ``ignore-file`` to the whole file.
"""

from __future__ import annotations

import re
from bisect import bisect_right

from v6port.sources.dockerfile.parse import Dockerfile

_PRAGMA_RE = re.compile(r"\s*#\s*v6port:\s*(ignore|ignore-file)\s*=\s*([A-Za-z0-9_,\s]*?)\s*")


class Pragmas:
    __slots__ = ("by_line", "file_codes", "unknown")

    def __init__(
        self,
        file_codes: set[str] | None = None,
        by_line: dict[int, set[str]] | None = None,
        unknown: list[tuple[int, str]] | None = None,
    ) -> None:
        self.file_codes: set[str] = set() if file_codes is None else file_codes
        self.by_line: dict[int, set[str]] = {} if by_line is None else by_line
        """Codes ignored per line of the instruction each pragma applies to."""
        self.unknown: list[tuple[int, str]] = [] if unknown is None else unknown

    def ignores(self, code: str, line: int | None) -> bool:
        if code in self.file_codes:
            return True
        return line is not None and code in self.by_line.get(line, ())


def collect(df: Dockerfile, known: set[str]) -> Pragmas:
    pragmas = Pragmas()
    if "v6port:" not in df.text:
        return pragmas
    starts = [ins.start_line for ins in df.instructions]
    for number, line in enumerate(df.lines, 1):
        if "v6port:" not in line:
            continue
        m = _PRAGMA_RE.fullmatch(line.rstrip("\r"))
        if not m:
            continue
        index = bisect_right(starts, number)
        # A pragma line inside an instruction (a heredoc body) is not a comment.
        if index and df.instructions[index - 1].end_line >= number:
            continue
        codes = {c.strip().upper() for c in m.group(2).split(",") if c.strip()}
        for code in sorted(codes - known):
            pragmas.unknown.append((number, code))
        codes &= known
        if m.group(1) == "ignore-file":
            pragmas.file_codes |= codes
        elif index < len(df.instructions):
            ins = df.instructions[index]
            for covered in range(ins.start_line, ins.end_line + 1):
                pragmas.by_line.setdefault(covered, set()).update(codes)
    return pragmas
