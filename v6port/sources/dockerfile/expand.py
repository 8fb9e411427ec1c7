"""Variable expansion and word splitting with BuildKit's shell-lexer semantics.

BuildKit (``frontend/dockerfile/shell``) expands ``$V``, ``${V}``,
``${V:-d}``, ``${V-d}``, ``${V:+a}``, ``${V+a}``, ``${V:?m}`` and ``${V?m}``,
removes quotes, and splits words *after* expansion: whitespace that an
unquoted expansion brings in splits words, quoted whitespace does not.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

MAX_DEPTH = 32
"""Deepest ``${A:-${B:-...}}`` nesting accepted; deeper is an error, not a crash."""

_SPECIAL_PARAMS = frozenset("@*#?-$!0")


class ExpansionError(ValueError):
    """The word is not valid for BuildKit's lexer (the build would fail)."""


class Expansion:
    __slots__ = ("result", "unset", "words")

    def __init__(self, result: str, words: list[str], unset: set[str] | None = None) -> None:
        self.result = result
        self.words = words
        self.unset: set[str] = set() if unset is None else unset
        """Variables expanded with no value, where nothing replaced them."""


class _Words:
    """BuildKit's ``wordsStruct``: unquoted whitespace from expansion ends a word."""

    __slots__ = ("current", "in_word", "words")

    def __init__(self) -> None:
        self.words: list[str] = []
        self.current: list[str] = []
        """Non-empty pieces of the word being built."""
        self.in_word = False

    def add_char(self, ch: str) -> None:
        if ch.isspace():
            # A word that is still empty (after `""`) is not ended by a space.
            if self.in_word and self.current:
                self.words.append("".join(self.current))
                self.current = []
                self.in_word = False
        else:
            self.add_raw(ch)

    def add_raw(self, text: str) -> None:
        if text:
            self.current.append(text)
        self.in_word = True

    def add_expanded(self, text: str) -> None:
        for ch in text:
            self.add_char(ch)

    def finish(self) -> list[str]:
        if self.current:
            self.words.append("".join(self.current))
        return self.words


class _Lexer:
    __slots__ = ("depth", "env", "escape", "pos", "text", "unset")

    def __init__(self, text: str, env: Mapping[str, str], escape: str) -> None:
        self.text = text
        self.pos = 0
        self.env = env
        self.escape = escape
        self.unset: set[str] = set()
        self.depth = 0

    def peek(self) -> str:
        return self.text[self.pos] if self.pos < len(self.text) else ""

    def next(self) -> str:
        ch = self.peek()
        if ch:
            self.pos += 1
        return ch

    def process(self, stop: str = "", raw_escapes: bool = False) -> tuple[str, list[str]]:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise ExpansionError(f"variable expansion nested deeper than {MAX_DEPTH} levels")
        out: list[str] = []
        words = _Words()
        while self.pos < len(self.text):
            ch = self.text[self.pos]
            if stop and ch == stop:
                self.pos += 1
                self.depth -= 1
                return "".join(out), words.finish()
            if ch == "$":
                value = self.dollar()
                out.append(value)
                words.add_expanded(value)
            elif ch == "'":
                value = self.single_quote()
                out.append(value)
                words.add_raw(value)
            elif ch == '"':
                value = self.double_quote()
                out.append(value)
                words.add_raw(value)
            else:
                self.pos += 1
                if ch == self.escape:
                    if raw_escapes:
                        # Patterns keep their escapes: `\*` is a literal star.
                        out.append(ch)
                        words.add_raw(ch)
                    ch = self.next()
                    if not ch:
                        break
                    words.add_raw(ch)
                else:
                    words.add_char(ch)
                out.append(ch)
        if stop:
            raise ExpansionError(f"unexpected end of statement while looking for matching {stop}")
        self.depth -= 1
        return "".join(out), words.finish()

    def single_quote(self) -> str:
        self.pos += 1
        end = self.text.find("'", self.pos)
        if end < 0:
            raise ExpansionError(
                "unexpected end of statement while looking for matching single-quote"
            )
        value = self.text[self.pos : end]
        self.pos = end + 1
        return value

    def double_quote(self) -> str:
        self.pos += 1
        out: list[str] = []
        while True:
            ch = self.peek()
            if not ch:
                raise ExpansionError(
                    "unexpected end of statement while looking for matching double-quote"
                )
            if ch == '"':
                self.pos += 1
                return "".join(out)
            if ch == "$":
                out.append(self.dollar())
                continue
            self.pos += 1
            if ch == self.escape:
                nxt = self.peek()
                if not nxt:
                    continue
                if nxt in ('"', "$", self.escape):
                    ch = self.next()
            out.append(ch)

    def name(self) -> str:
        start = self.pos
        ch = self.peek()
        if ch.isdigit():
            while self.peek().isdigit():
                self.pos += 1
            return self.text[start : self.pos]
        if ch and ch in _SPECIAL_PARAMS:
            self.pos += 1
            return ch
        while True:
            ch = self.peek()
            if ch and (ch.isalnum() or ch == "_"):
                self.pos += 1
            else:
                break
        return self.text[start : self.pos]

    def lookup(self, name: str) -> tuple[str, bool]:
        if name in self.env:
            return self.env[name], True
        return "", False

    def dollar(self) -> str:
        self.pos += 1
        if self.peek() != "{":
            name = self.name()
            if not name:
                return "$"
            value, found = self.lookup(name)
            if not found:
                self.unset.add(name)
            return value
        self.pos += 1
        ch = self.peek()
        if not ch:
            raise ExpansionError("syntax error: missing '}'")
        if ch in "{}:":
            raise ExpansionError("syntax error: bad substitution")
        name = self.name()
        op = self.next()
        if not op:
            raise ExpansionError("syntax error: missing '}'")
        if op == "}":
            value, found = self.lookup(name)
            if not found:
                self.unset.add(name)
            return value
        null_is_unset = False
        if op == ":":
            null_is_unset = True
            op = self.next()
            if not op:
                raise ExpansionError("syntax error: missing '}'")
            if op not in "+-?":
                raise ExpansionError(f"unsupported modifier (:{op}) in substitution")
        if op in ("+", "-", "?"):
            try:
                word, _ = self.process("}")
            except ExpansionError:
                if not self.peek():
                    raise ExpansionError("syntax error: missing '}'") from None
                raise
            value, found = self.lookup(name)
            empty = not found or (null_is_unset and value == "")
            if op == "-":
                return word if empty else value
            if op == "+":
                return "" if empty else word
            if empty:
                what = "unset" if not found else "empty"
                raise ExpansionError(f"{name}: {word or 'is not allowed to be ' + what}")
            return value
        if op in ("#", "%"):
            word, _ = self.process("}", raw_escapes=True)
            value, found = self.lookup(name)
            if not found:
                self.unset.add(name)
            greedy = word.startswith(op)
            if greedy:
                word = word[1:]
            if op == "#":
                return _trim_prefix(word, value, greedy)
            return _trim_suffix(word, value, greedy)
        if op == "/":
            replace_all = self.peek() == "/"
            if replace_all:
                self.pos += 1
            pattern, _ = self.process("/", raw_escapes=True)
            replacement, _ = self.process("}", raw_escapes=True)
            value, found = self.lookup(name)
            if not found:
                self.unset.add(name)
            regex = _pattern_regex(pattern, greedy=True, anchored=False)
            if replace_all:
                return regex.sub(lambda _: replacement, value)
            return regex.sub(lambda _: replacement, value, count=1)
        raise ExpansionError(f"unsupported modifier ({op}) in substitution")


def _pattern_regex(pattern: str, greedy: bool, anchored: bool) -> re.Pattern[str]:
    """A shell wildcard pattern (``*``, ``?``, ``\\`` escapes) as a regex, as BuildKit builds it."""
    out = ["^"] if anchored else []
    i = 0
    while i < len(pattern):
        ch = pattern[i]
        if ch == "*":
            out.append(".*" if greedy else ".*?")
        elif ch == "?":
            out.append(".")
        elif ch == "\\":
            nxt = pattern[i + 1 : i + 2]
            if nxt in ("}", "/"):
                i += 1
                continue
            if nxt not in ("*", "?", "\\"):
                raise ExpansionError(f"invalid pattern ({pattern}) in substitution")
            out.append(re.escape(nxt))
            i += 1
        else:
            out.append(re.escape(ch))
        i += 1
    return re.compile("".join(out), re.DOTALL)


def _trim_prefix(pattern: str, value: str, greedy: bool) -> str:
    m = _pattern_regex(pattern, greedy, anchored=True).match(value)
    return value[m.end() :] if m else value


def _reverse_pattern(pattern: str) -> str:
    # Reverse, keeping each escape in front of the character it escapes.
    tokens: list[str] = []
    i = 0
    while i < len(pattern):
        if pattern[i] == "\\" and i + 1 < len(pattern):
            tokens.append(pattern[i : i + 2])
            i += 2
        else:
            tokens.append(pattern[i])
            i += 1
    return "".join(reversed(tokens))


def _trim_suffix(pattern: str, value: str, greedy: bool) -> str:
    return _trim_prefix(_reverse_pattern(pattern), value[::-1], greedy)[::-1]


def expand(text: str, env: Mapping[str, str], escape: str = "\\") -> Expansion:
    """Expand variables and remove quotes; also return the words split after expansion."""
    if "$" not in text and "'" not in text and '"' not in text and escape not in text:
        # Nothing to expand or unquote: the lexer would copy the text and split it on
        # whitespace (str.isspace, as str.split does). Most words in a Dockerfile are so.
        return Expansion(text, text.split())
    lexer = _Lexer(text, env, escape)
    result, words = lexer.process()
    return Expansion(result, words, lexer.unset)
