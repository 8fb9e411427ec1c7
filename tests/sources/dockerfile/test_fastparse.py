"""The Python line parser must give exactly what BuildKit's parser gives, or step aside.

Each text is parsed both ways; when the Python parser answers (not None), every
instruction must match BuildKit's: keyword, arguments, flags, lines, original.
"""

from __future__ import annotations

import dockerfile as go_parser
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from v6port.sources.dockerfile.fastparse import parse_kept


def go(text: str) -> list[tuple[object, ...]]:
    return [
        (c.cmd.upper(), tuple(c.value), tuple(c.flags), c.start_line, c.end_line, c.original)
        for c in go_parser.parse_string(text)
        if c.cmd is not None and c.cmd.upper() != "ONBUILD"
    ]


def fast(text: str, escape: str = "\\") -> list[tuple[object, ...]] | None:
    lines = text.split("\n")
    if lines[-1] == "":
        lines = lines[:-1]
    parsed = parse_kept(lines, list(range(1, len(lines) + 1)), escape)
    if parsed is None:
        return None
    return [
        (i.keyword, i.args, i.flags, i.start_line, i.end_line, i.original)
        for i in parsed
        if i.keyword != "ONBUILD"
    ]


CASES = {
    "new form": "FROM a\nLABEL p1=\"x y\" p2='z' p3=w\n",
    "legacy spaced": 'FROM a\nLABEL p8888 = "com"\n',
    "legacy": "FROM a\nLABEL p8888 com value\n",
    "escaped quote": 'FROM a\nLABEL p1="a\\"b" p2=a\\ b\n',
    "empty value": 'FROM a\nLABEL p1="" p2=\n',
    "env forms": 'FROM a\nENV A=1 B="2 3"\nENV C 4 5\n',
    "arg": 'ARG G=1\nFROM a\nARG P="80 443" Q\n',
    "expose": "FROM a\nEXPOSE 80  443/udp\t9000-9001\n",
    "continuation": "FROM a\nEXPOSE 1 \\\n  2 \\\n# c\n\n  3\nLABEL a=b \\\n c=d\n",
    "flags": "FROM --platform=$P a AS b\nEXPOSE 1\n",
    "backtick": '# escape=`\nFROM a\nLABEL p1=`"x`" `\n p2=y\n',
    "lowercase": "from a\nexpose 1\nlabel p1=a\n",
    "empty label": "FROM a\nLABEL\n",
    "comment first": "# hello\n\nFROM a\n  # indented comment\nEXPOSE 1\n",
    "quote at end": 'FROM a\nLABEL p1="abc\n',
    "escape at end": "FROM a\nLABEL p1=abc\\\n",
}


@pytest.mark.parametrize("text", list(CASES.values()), ids=list(CASES))
def test_same_as_buildkit(text: str) -> None:
    escape = "`" if text.startswith("# escape=`") else "\\"
    ours = fast(text, escape)
    if ours is not None:
        assert ours == go(text)


@pytest.mark.parametrize(
    "text",
    [
        "FROM a\nLABEL a=b c\n",  # BuildKit: can't find = in "c"
        "FROM a\nENV A\n",  # BuildKit: must have two arguments
        "FROM a\nHEALTHCHECK CMD x\n",
        "FROM a\nEXPOSE --x 1\n",
        "FROM a\nBOGUS x\n",
        'FROM a\nCMD ["a", 1]\n',
    ],
)
def test_steps_aside_where_buildkit_must_judge(text: str) -> None:
    assert fast(text) is None


WORD = st.text(alphabet="ap18=\"' \\\t$-/:x", min_size=1, max_size=12)


@settings(max_examples=300, deadline=None)
@given(
    keyword=st.sampled_from(["LABEL", "ENV", "ARG", "EXPOSE", "FROM"]),
    words=st.lists(WORD, min_size=1, max_size=4),
    continued=st.booleans(),
)
def test_generated_lines_match_buildkit(keyword: str, words: list[str], continued: bool) -> None:
    body = (" \\\n  " if continued else " ").join(words)
    text = f"FROM base\n{keyword} {body}\n"
    ours = fast(text)
    try:
        theirs = go(text)
    except go_parser.GoParseError:
        assert ours is None
        return
    if ours is not None:
        assert ours == theirs


@pytest.mark.parametrize("tail", ["\\", "\\\\", "\\\\\\", "\\  ", "\\\\  ", " \\", "a\\\\"])
def test_an_escaped_escape_does_not_continue_the_line(tail: str) -> None:
    # BuildKit: "1\\" ends the instruction; "1\" joins the next line onto it.
    text = f"FROM a\nEXPOSE 1{tail}\nEXPOSE 2\n"
    ours = fast(text)
    assert ours is not None
    assert ours == go(text)
