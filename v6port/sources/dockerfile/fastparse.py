"""BuildKit's line parser, for the instructions the pre-scan keeps, without the Go round trip.

BuildKit's parser (``frontend/dockerfile/parser``) costs about 10 us a line
through the ``dockerfile`` package's C glue. For the few instructions that
evaluation reads (FROM, ARG, ENV, EXPOSE, LABEL, ONBUILD) this module does
what that parser does: join continuations (skipping comment and empty lines),
split the command, and split the arguments as ``parseStringsWhitespaceDelimited``,
``parseNameOrNameVal`` and ``parseNameVal`` do. Whatever else it meets (another
instruction, builder flags with quotes, a form the parser would refuse) makes
it return None, and the caller asks BuildKit's parser instead: its answer, and
its error messages, stay the reference. tests/sources/dockerfile/test_prescan.py
checks that both give the same Declaration.
"""

from __future__ import annotations

import json
import re

from v6port.sources.dockerfile.parse import Instruction

_WHITESPACE = re.compile(r"[\t\v\f\r ]+")
_MAYBE_JSON = frozenset({"CMD", "ENTRYPOINT", "RUN", "SHELL", "COPY", "ADD", "VOLUME"})
_PLAIN_ARGS = frozenset({"MAINTAINER", "STOPSIGNAL", "USER", "WORKDIR"})


def parse_kept(lines: list[str], numbers: list[int], escape: str) -> list[Instruction] | None:
    """Instructions of the pre-scanned ``lines``; ``numbers`` maps them to file lines."""
    if _unusual(lines):
        return None
    # BuildKit: the escape at the end continues the line unless it is itself escaped.
    token = re.escape(escape)
    continuation = re.compile(f"(?<!{token}){token}[ \t]*$")
    out: list[Instruction] = []
    count = len(lines)
    i = 0
    while i < count:
        raw = lines[i]
        first = raw.lstrip()
        i += 1
        if first.startswith("#"):
            continue
        start = numbers[i - 1]
        line, ended = _trim(first, continuation)
        if ended and line == "":
            continue
        while not ended and i < count:
            raw = lines[i]
            i += 1
            stripped = raw.lstrip()
            if stripped.startswith("#") or stripped == "":
                continue
            piece, ended = _trim(raw, continuation)
            line += piece
        try:
            instruction = _instruction(line, start, numbers[i - 1], escape)
        except _AskBuildKit:
            return None
        if instruction is not None:
            out.append(instruction)
    return out


_GO_IS_NOT_SPACE = re.compile("[\x1c-\x1f]")
"""Python's str.isspace() says yes to these, Go's unicode.IsSpace no."""
_DIRECTIVE = re.compile(r"#\s*([a-zA-Z][a-zA-Z0-9]*)\s*=\s*(.+?)\s*")


def _unusual(lines: list[str]) -> bool:
    if any(_GO_IS_NOT_SPACE.search(line) for line in lines):
        return True
    seen: set[str] = set()
    for line in lines:  # a repeated parser directive is an error only BuildKit words right
        m = _DIRECTIVE.fullmatch(line)
        if m is None:
            break
        key = m.group(1).lower()
        if key in seen:
            return True
        seen.add(key)
    return False


def _trim(line: str, continuation: re.Pattern[str]) -> tuple[str, bool]:
    m = continuation.search(line)
    if m is None:
        return line, True
    return line[: m.start()], False


class _AskBuildKit(Exception):
    """Something only BuildKit's parser should judge."""


def _instruction(line: str, start: int, end: int, escape: str) -> Instruction | None:
    """One instruction, or None for an empty one."""
    parts = _WHITESPACE.split(line.strip(), 1)
    keyword = parts[0].upper()
    if not keyword:
        return None  # a lone continuation: BuildKit returns a command with no name
    rest = parts[1] if len(parts) == 2 else ""
    flags: tuple[str, ...] = ()
    if rest.startswith("--"):
        if keyword != "FROM":
            raise _AskBuildKit
        taken = _flags(rest)
        if taken is None:
            raise _AskBuildKit
        flags, rest = taken
    rest = rest.strip()
    if keyword in ("FROM", "EXPOSE"):
        args = tuple(_WHITESPACE.split(rest)) if rest else ()
    elif keyword == "ARG":
        args = tuple(_words(rest, escape))
    elif keyword in ("ENV", "LABEL"):
        pairs = _name_val(rest, escape)
        if pairs is None:
            raise _AskBuildKit
        args = pairs
    elif keyword == "ONBUILD":
        sub = _WHITESPACE.split(rest, 1)[0].upper() if rest else ""
        if not sub or sub == "ONBUILD":
            raise _AskBuildKit
        return Instruction("ONBUILD", (), (), start, end, line, sub)
    elif keyword in _MAYBE_JSON:
        if _not_string_array(rest):
            raise _AskBuildKit
        args = ()
    elif keyword in _PLAIN_ARGS:
        args = ()
    else:
        raise _AskBuildKit  # HEALTHCHECK, unknown instructions: BuildKit's parser decides
    return Instruction(keyword, args, flags, start, end, line)


def _flags(rest: str) -> tuple[tuple[str, ...], str] | None:
    """Leading ``--flag`` words, when they are plain (no quotes or backslashes)."""
    flags: list[str] = []
    while rest.startswith("--"):
        parts = _WHITESPACE.split(rest, 1)
        word = parts[0]
        if any(c in word for c in "\"'\\") or word == "--" or not word.isascii():
            return None
        flags.append(word)
        rest = parts[1] if len(parts) == 2 else ""
    return tuple(flags), rest


def _words(rest: str, escape: str) -> list[str]:
    """``parseWords``: split on whitespace outside quotes, keeping quotes and escapes."""
    if "'" not in rest and '"' not in rest and escape not in rest:
        return rest.split()  # nothing quoted: plain whitespace splitting, the common case
    words: list[str] = []
    word: list[str] = []
    in_word = False
    blank_ok = False
    quote = ""
    size = len(rest)
    pos = 0
    while pos < size:
        ch = rest[pos]
        if quote:
            if ch == quote:
                quote = ""
            elif ch == escape and quote != "'":
                if pos + 1 == size:
                    quote = ""
                    pos += 1
                    continue
                word.append(ch)
                pos += 1
                ch = rest[pos]
            word.append(ch)
        elif ch.isspace():
            if in_word and (blank_ok or word):
                words.append("".join(word))
            word, in_word, blank_ok = [], False, False
        else:
            in_word = True
            if ch in "'\"":
                quote = ch
                blank_ok = True
            if ch == escape:
                if pos + 1 == size:
                    pos += 1
                    continue
                word.append(ch)
                pos += 1
                ch = rest[pos]
            word.append(ch)
        pos += 1
    if (in_word or quote) and (blank_ok or word):
        words.append("".join(word))
    return words


def _name_val(rest: str, escape: str) -> tuple[str, ...] | None:
    """``parseNameVal``: key, value, key, value...; None where BuildKit would fail."""
    words = _words(rest, escape)
    if not words:
        return ()
    if "=" not in words[0]:
        parts = _WHITESPACE.split(rest, 1)
        if len(parts) < 2:
            return None  # "must have two arguments"
        return (parts[0], parts[1])
    out: list[str] = []
    for word in words:
        key, eq, value = word.partition("=")
        if not eq:
            return None  # "can't find = in ..."
        out += (key, value)
    return tuple(out)


def _not_string_array(rest: str) -> bool:
    """A JSON array with a non-string in it, which BuildKit's parser refuses."""
    if not rest.startswith("["):
        return False
    try:
        value = json.loads(rest)
    except ValueError:
        return False
    return not isinstance(value, list) or not all(isinstance(v, str) for v in value)
