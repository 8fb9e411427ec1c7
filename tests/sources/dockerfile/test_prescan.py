"""The pre-scan that skips RUN, COPY & co. must never change what a Dockerfile evaluates to.

Every case is evaluated twice, from the whole file and from the pre-scanned
text, and the two Declarations must be equal (ports, labels, spans, problems).
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from v6port.sources.dockerfile import load
from v6port.sources.dockerfile.parse import parse


def both(text: str) -> tuple[object, object, bool]:
    data = text.encode()
    full = load("Dockerfile", data)
    fast = load("Dockerfile", data, only_evaluated=True)
    partial = fast.dockerfile.partial if fast.dockerfile is not None else False
    return full.declaration, fast.declaration, partial


CASES = {
    "plain": 'FROM a\nRUN x\nEXPOSE 80\nLABEL p80=web\nCMD ["a"]\n',
    "continued run": "FROM a\nRUN a \\\n  b \\\n  # c\n\n  d\nEXPOSE 80\nLABEL p80=x\n",
    "continued label": 'FROM a\nRUN x\nLABEL a=b \\\n  # c\n  p80="w"\nEXPOSE 80 \\\n\n 81\n',
    "run before from": "RUN x\nFROM a\nRUN y\nEXPOSE 1\n",
    "arg before from": "ARG B=a\nFROM $B\nRUN y\nARG P=80\nEXPOSE $P\nLABEL p$P=x\n",
    "escape directive": "# escape=`\nFROM a\nRUN a `\n  b\nEXPOSE 1 `\n  2\nLABEL p1=a\n",
    "heredoc": "FROM a\nRUN <<EOF\nEXPOSE 9\nLABEL p9=x\nEOF\nEXPOSE 1\nLABEL p1=a\n",
    "heredoc chomp": "FROM a\nRUN <<-EOF\n\tEXPOSE 9\n\tEOF\nEXPOSE 1\n",
    "heredoc quoted": "FROM a\nCOPY <<'EOF' /x\nEXPOSE 9\nEOF\nEXPOSE 1\n",
    "heredoc in quotes": 'FROM a\nRUN echo "<<EOF"\nEXPOSE 9\nEOF\nEXPOSE 1\n',
    "heredoc quoted word": "FROM a\nRUN echo '<<EOF'\nEXPOSE 9\nEOF\nEXPOSE 1\n",
    "two heredocs": "FROM a\nCOPY <<A <<B /x\nEXPOSE 9\nA\nEXPOSE 8\nB\nEXPOSE 1\n",
    "unterminated heredoc": "FROM a\nRUN <<EOF\nEXPOSE 9\n",
    "heredoc on continued line": "FROM a\nRUN x \\\n <<EOF\nEXPOSE 9\nEOF\nEXPOSE 1\n",
    "json cmd": 'FROM a\nCMD ["a", 1]\nEXPOSE 1\n',
    "json entrypoint": "FROM a\nENTRYPOINT [[1]]\nEXPOSE 1\n",
    "keyword joined": "FROM a\nRUN\\\n x\nEXPOSE 1\n",
    "lower case": "from a\nrun x\nexpose 1\nlabel p1=a\n",
    "crlf": "FROM a\r\nRUN x\r\nEXPOSE 1\r\nLABEL p1=a\r\n",
    "form feed": "FROM a\n\fRUN x\nEXPOSE 1\n",
    "pragma": "FROM a\n# v6port: ignore=V6P001\nRUN x\nEXPOSE 1\n",
    "unknown instruction": "FROM a\nRUN x\nFOO bar\nEXPOSE 1\n",
    "onbuild": "FROM a\nRUN x\nONBUILD EXPOSE 2\nEXPOSE 1\n",
    "stages": "FROM a AS b\nRUN x\nLABEL p1=a\nFROM b\nRUN y\nEXPOSE 1\nFROM c\nCOPY --from=b / /\n",
    "continuation at eof": "FROM a\nRUN x\nEXPOSE 1 \\\n",
    "run continued to eof": "FROM a\nEXPOSE 1\nRUN x \\\n\n# c\n",
    "empty run": "FROM a\nRUN\nEXPOSE 1\n",
    "no trailing newline": "FROM a\nRUN x\nEXPOSE 1",
    "comment ends with escape": "FROM a\n# c \\\nRUN x\nEXPOSE 1\n",
    "trailing tab": "FROM a\nRUN x \\\t\n  y\nEXPOSE 1\n",
    "long line": "FROM a\nRUN " + "x" * 70_000 + "\nEXPOSE 1\n",
}


@pytest.mark.parametrize("text", CASES.values(), ids=CASES.keys())
def test_same_declaration(text: str) -> None:
    full, fast, _ = both(text)
    assert fast == full


def test_skips_for_a_plain_file() -> None:
    df = parse(CASES["continued run"], "Dockerfile", only_evaluated=True)
    assert df.partial
    assert [i.keyword for i in df.instructions] == ["FROM", "EXPOSE", "LABEL"]
    assert [(i.start_line, i.end_line) for i in df.instructions] == [(1, 1), (7, 7), (8, 8)]


@pytest.mark.parametrize("case", ["crlf", "pragma", "heredoc in quotes", "two heredocs"])
def test_whole_file_when_unsure(case: str) -> None:
    assert not parse(CASES[case], "Dockerfile", only_evaluated=True).partial


FRAGMENTS = [
    "FROM a",
    "FROM a AS s",
    "FROM s",
    "ARG P=80",
    "ARG P",
    "ENV E=1",
    "EXPOSE 80",
    "EXPOSE $P",
    "EXPOSE 80 \\",
    "LABEL p80=web",
    "LABEL p80 web",
    'LABEL p$P="x" \\',
    "RUN x",
    "RUN a \\",
    "RUN <<EOF",
    "RUN <<-EOF",
    "COPY <<'EOF' /x",
    "EOF",
    "\tEOF",
    'CMD ["a"]',
    "CMD [1]",
    "WORKDIR /x",
    "USER 1",
    "  # comment",
    "# c \\",
    "",
    "   ",
    "  81",
    "  p81=x",
    "ONBUILD RUN x",
    "FOO bar",
    "run y",
    "RUN\\",
    "# escape=`",
    "RUN a `",
]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(FRAGMENTS), min_size=1, max_size=14))
def test_same_declaration_generated(parts: list[str]) -> None:
    text = "\n".join(parts) + "\n"
    full, fast, _ = both(text)
    assert fast == full
