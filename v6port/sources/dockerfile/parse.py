"""Dockerfile structure, from BuildKit's own parser (the ``dockerfile`` package).

BuildKit's parser gets continuations, comments inside continuations, heredocs
and the escape directive right, where dockerfile-parse does not (see
docs/decisions.md). This module adds what that parser does not give: the
escape character, the line of a parse error, and the column of every word.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from v6port.findings import Span

MAX_FILE_BYTES = 1024 * 1024
"""Larger files are refused: no real Dockerfile comes near this."""

_DIRECTIVE_RE = re.compile(r"#\s*([a-zA-Z][a-zA-Z0-9]*)\s*=\s*(.+?)\s*")
_INSTRUCTIONS = frozenset(
    "ADD ARG CMD COPY ENTRYPOINT ENV EXPOSE FROM HEALTHCHECK LABEL MAINTAINER "
    "ONBUILD RUN SHELL STOPSIGNAL USER VOLUME WORKDIR".split()
)


def continues(body: str, escape: str) -> bool:
    """BuildKit: an escape at the end of a line continues it, unless it is itself escaped.

    ``body`` is the line without its trailing blanks.
    """
    return body.endswith(escape) and not body.endswith(escape * 2)


class DockerfileSyntaxError(ValueError):
    def __init__(self, message: str, line: int | None) -> None:
        super().__init__(message)
        self.line = line


class Instruction(NamedTuple):
    keyword: str
    """Upper case, as BuildKit matches it."""
    args: tuple[str, ...]
    flags: tuple[str, ...]
    start_line: int
    end_line: int
    original: str
    sub_keyword: str | None = None
    """For ONBUILD: the instruction it defers."""


class Dockerfile:
    __slots__ = ("escape", "instructions", "lines", "partial", "path", "text")

    def __init__(
        self,
        path: str,
        text: str,
        instructions: list[Instruction],
        escape: str = "\\",
        lines: list[str] | None = None,
        partial: bool = False,
    ) -> None:
        self.path = path
        self.text = text
        self.instructions = instructions
        self.escape = escape
        self.lines: list[str] = [] if lines is None else lines
        self.partial = partial
        """True when only the instructions that evaluation reads were parsed (see prescan)."""

    def locate_words(self, ins: Instruction, words: tuple[str, ...]) -> list[Span]:
        """Find each word, in order, in the instruction's source lines.

        A word that is not found verbatim (split by a line continuation) gets
        the span of the instruction's first line.
        """
        first = ins.start_line - 1
        chunk = "\n".join(_blank_comments(self.lines[first : ins.end_line]))
        # Skip the keyword so that a word equal to it is not matched there.
        cursor = len(chunk) - len(chunk.lstrip())
        cursor += len(ins.keyword if ins.sub_keyword is None else "ONBUILD")
        line, line_start, counted = ins.start_line, 0, 0
        spans: list[Span] = []
        for word in words:
            at = chunk.find(word, cursor) if word else -1
            if at < 0:
                spans.append(Span(ins.start_line, 1, None))
                continue
            # Count newlines incrementally so that long instructions stay linear.
            newlines = chunk.count("\n", counted, at)
            if newlines:
                line += newlines
                line_start = chunk.rfind("\n", counted, at) + 1
            counted = at
            column = at - line_start + 1
            spans.append(Span(line, column, column + len(word)))
            cursor = at + len(word)
        return spans


def _blank_comments(lines: list[str]) -> list[str]:
    """Blank the comment lines inside a continuation, so no word is found there."""
    return [lines[0]] + [
        " " * len(line) if line.lstrip().startswith("#") else line for line in lines[1:]
    ]


def decode(data: bytes, path: str) -> str:
    """Bytes to text, or a syntax error that names the line of the first bad byte."""
    nul = data.find(b"\x00")
    if nul >= 0:
        raise DockerfileSyntaxError(
            "file contains a NUL byte: this is a binary file, not a Dockerfile",
            data.count(b"\n", 0, nul) + 1,
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise DockerfileSyntaxError(
            f"file is not valid UTF-8 (byte 0x{data[exc.start]:02x})",
            data.count(b"\n", 0, exc.start) + 1,
        ) from None
    return text[1:] if text.startswith("\ufeff") else text


_DIRECTIVES = frozenset({"syntax", "escape", "check"})
"""What BuildKit knows; any other ``# key=value`` ends the directives, like a comment."""


def escape_directive(lines: list[str]) -> str:
    escape = "\\"
    for line in lines:
        m = _DIRECTIVE_RE.fullmatch(line.rstrip("\r").lstrip())
        if not m or m.group(1).lower() not in _DIRECTIVES:
            break
        if m.group(1).lower() == "escape":
            value = m.group(2)
            if value not in ("\\", "`"):
                raise DockerfileSyntaxError(
                    f"invalid escape token {value!r}: it must be \\ or `", lines.index(line) + 1
                )
            escape = value
    return escape


def parse(text: str, path: str, only_evaluated: bool = False) -> Dockerfile:
    """Parse with BuildKit's parser.

    ``only_evaluated``: return only the instructions that evaluation reads
    (FROM, ARG, ENV, EXPOSE, LABEL, ...), which skips parsing most of a file;
    those are parsed in Python with BuildKit's line rules when that is certain
    (fastparse), and the Go runtime is then never loaded.
    """
    lines = text.split("\n")
    escape = escape_directive(lines)
    _check_continuations(lines, escape)
    reduced = None
    if only_evaluated and "v6port:" not in text:  # pragmas need every instruction
        from v6port.sources.dockerfile.prescan import reduce

        reduced = reduce(lines, escape)
    if reduced is not None:
        from v6port.sources.dockerfile.fastparse import parse_kept

        kept = parse_kept(reduced[0].split("\n")[:-1], reduced[1], escape)
        if kept is not None:
            return Dockerfile(path, text, kept, escape, lines, partial=True)
    import dockerfile as go_parser

    if reduced is not None:
        try:
            commands = go_parser.parse_string(reduced[0])
        except go_parser.GoParseError:
            reduced = None  # let the whole file's parse say what is wrong, and where
    if reduced is None:
        try:
            commands = go_parser.parse_string(text)
        except go_parser.GoParseError as exc:
            message = str(exc)
            raise DockerfileSyntaxError(message, _error_line(text, message)) from None
    # Lines of the parsed text -> lines of the file (index 0 unused).
    line_of = [0, *reduced[1]] if reduced is not None else range(len(lines) + 2)
    instructions = [
        Instruction(
            keyword=c.cmd.upper(),
            args=tuple(c.value),
            flags=tuple(c.flags),
            start_line=line_of[c.start_line],
            end_line=line_of[c.end_line],
            original=c.original,
            sub_keyword=c.sub_cmd.upper() if c.sub_cmd else None,
        )
        for c in commands
        if c.cmd is not None  # a lone continuation at the end of the file: no instruction
    ]
    return Dockerfile(path, text, instructions, escape, lines, partial=reduced is not None)


MAX_CONTINUATION_COPY = 2_000_000_000
"""Bytes BuildKit's parser may copy to join one continued instruction.

It appends each continuation line to the instruction text so far, which
costs the square of its length: 20,000 short lines take a fraction of a
second, but a few megabytes of one instruction would take minutes.
"""


def _check_continuations(lines: list[str], escape: str) -> None:
    """Refuse, in linear time, an instruction that the Go parser would take minutes to join."""
    if sum(map(len, lines)) ** 2 <= MAX_CONTINUATION_COPY:
        return  # joining the whole file as one instruction would copy less than the limit
    joined = copied = 0
    start = 0
    for number, line in enumerate(lines, 1):
        body = line.rstrip()
        if joined and (not body or body.lstrip().startswith("#")):
            continue  # skipped inside a continuation, at no cost
        if not joined:
            start = number
        continued = continues(body, escape)
        piece = len(body) - 1 if continued else len(body)
        if piece:  # Go appends an empty piece without copying
            joined += piece
            copied += joined
        if copied > MAX_CONTINUATION_COPY:
            raise DockerfileSyntaxError(
                f"instruction continued over more than {number - start} lines "
                "is too large to parse",
                start,
            )
        if not continued:
            joined = copied = 0


def unknown_instruction(ins: Instruction) -> bool:
    return ins.keyword not in _INSTRUCTIONS


def _error_line(text: str, message: str) -> int | None:
    """The first line at which a prefix of the file fails to parse.

    The Go parser's errors carry no line; bisecting over prefixes finds it
    with a logarithmic number of parses, paid only for broken files.
    """
    import dockerfile as go_parser

    lines = text.splitlines(keepends=True)
    if "max allowed size" in message:
        for number, line in enumerate(lines, 1):
            if len(line) > 65535:
                return number
    lo, hi = 1, len(lines)
    while lo < hi:
        mid = (lo + hi) // 2
        try:
            go_parser.parse_string("".join(lines[:mid]))
        except go_parser.GoParseError:
            hi = mid
        else:
            lo = mid + 1
    return lo if lines else None
