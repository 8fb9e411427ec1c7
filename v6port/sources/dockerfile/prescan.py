"""A cheap pre-scan: keep only the instructions that evaluation reads, for BuildKit's parser.

Most of a Dockerfile is RUN, COPY and friends, which no rule reads, and
BuildKit's parser costs about as much per line whatever the instruction.
This scan finds instruction boundaries as BuildKit's parser does (escape
continuations, comment and blank lines inside them, heredocs) and keeps the
lines of every instruction that is not plainly skippable, plus everything
before the first FROM. The parser then sees a shorter text whose instructions
are, line for line, the ones it would have returned from the whole file.

Whenever the scan meets something it is not sure about, it gives up (returns
None) and the whole file is parsed: the result is then the same by
construction. Skipped instructions can never make the parser fail: those
that could (JSON forms, heredocs other than the plain kind) are kept or make
the scan give up.
"""

from __future__ import annotations

import re

from v6port.sources.dockerfile.parse import continues

SKIPPABLE = frozenset(
    {"RUN", "COPY", "ADD", "CMD", "ENTRYPOINT", "WORKDIR", "USER", "VOLUME", "STOPSIGNAL"}
)
"""Instructions evaluation never reads (after the first FROM)."""

HEREDOC_HOSTS = frozenset({"RUN", "COPY", "ADD"})
MAX_LINE = 16_384
"""Longer lines make the scan give up (BuildKit refuses lines over 64 KiB)."""

_PLAIN = re.compile(r"[\t -~]*")
"""Printable ASCII and tabs: where Python's and Go's ideas of whitespace agree."""
_HEREDOC_WORD = re.compile(r"<<(-?)(?:([A-Za-z0-9_]+)|\"([A-Za-z0-9_]+)\"|'([A-Za-z0-9_]+)')")


def reduce(lines: list[str], escape: str) -> tuple[str, list[int]] | None:
    """The text to parse, and the 1-based line in ``lines`` of each of its lines.

    ``lines`` is the file split on ``\\n``. Returns None to parse the whole file.
    """
    if lines and lines[-1] == "":
        lines = lines[:-1]  # the newline that ends the file starts no line
    if max(map(len, lines), default=0) > MAX_LINE or "\r" in "\n".join(lines):
        return None  # BuildKit's line reader drops a CR before LF; its limit is 64 KiB
    kept: list[str] = []
    numbers: list[int] = []
    seen_from = False
    count = len(lines)
    i = 0
    while i < count:
        line = lines[i]
        head = line.lstrip(" \t")
        if head[:1].isspace():
            return None
        if not head or head[0] == "#":
            if not seen_from:
                kept.append(line)
                numbers.append(i + 1)
            i += 1
            continue
        end = _end_of_instruction(lines, i, escape)
        if end is None:
            return None
        keyword = _keyword(head, end > i)
        # Joined by newlines, no "<<" can straddle two lines.
        text = line if end == i else "\n".join(lines[i : end + 1])
        has_heredoc = "<<" in text
        # A JSON form: the parser may refuse it, so it must see it.
        skip = seen_from and keyword in SKIPPABLE and "[" not in text
        if has_heredoc:
            if not skip or keyword not in HEREDOC_HOSTS or end != i:
                return None
            terminator = _heredoc_end(lines, i, escape)
            if terminator is None:
                return None
            end = terminator
        if not skip:
            kept.extend(lines[i : end + 1])
            numbers.extend(range(i + 1, end + 2))
        if keyword == "FROM":
            seen_from = True
        i = end + 1
    if not seen_from:
        return None
    return "\n".join(kept) + "\n", numbers


def _keyword(head: str, continued: bool) -> str | None:
    """The instruction's keyword in upper case, or None when it is not plainly one word."""
    size = len(head)
    n = 0
    while n < size and head[n] not in " \t":
        n += 1
    word = head[:n]
    if not (word.isascii() and word.isalpha()):
        return None
    if n == size and continued:
        return None  # "RUN\" joins the next line onto the keyword
    return word.upper()


def _end_of_instruction(lines: list[str], start: int, escape: str) -> int | None:
    """The index of the last line of the instruction starting at ``start``, as BuildKit joins it."""
    i = start
    count = len(lines)
    while True:
        line = lines[i]
        if i > start:
            head = line.lstrip(" \t")
            if head[:1].isspace():
                return None
            if not head or head[0] == "#":
                if i + 1 == count:
                    return i
                i += 1
                continue  # skipped inside a continuation
        body = line.rstrip(" \t")
        if body[-1:].isspace():
            return None
        if not continues(body, escape) or i + 1 == count:
            return i
        i += 1


def _heredoc_end(lines: list[str], start: int, escape: str) -> int | None:
    """The terminator line of the one plain heredoc that line ``start`` opens, else None."""
    line = lines[start]
    if line.count("<<") != 1 or escape in line or "$" in line or not _PLAIN.fullmatch(line):
        return None
    words = line.split()
    opening = [w for w in words if "<<" in w]
    if len(opening) != 1:
        return None
    m = _HEREDOC_WORD.fullmatch(opening[0])
    if m is None:
        return None
    others = " ".join(w for w in words if w is not opening[0])
    if "'" in others or '"' in others:
        return None  # quotes could make the opening word part of a longer one
    name = m.group(2) or m.group(3) or m.group(4)
    chomp = m.group(1) == "-"
    for j in range(start + 1, len(lines)):
        candidate = lines[j].lstrip("\t") if chomp else lines[j]
        if candidate == name:
            return j
    return None  # unterminated: the parser must say so
