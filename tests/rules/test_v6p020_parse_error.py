"""V6P020 parse-error: not a valid Dockerfile; the message gives the reason and the line."""

from __future__ import annotations

import pytest
from helpers import codes, only, where

CODE = "V6P020"


@pytest.mark.parametrize(
    ("text", "line", "reason"),
    [
        pytest.param('FROM a\nLABEL p8888="com\n', 2, "double-quote", id="unterminated quote"),
        pytest.param("FROM a\nEXPOSE 80\nLABEL a=b c\n", 3, "can't find =", id="label a=b c"),
        pytest.param("FROM a\nLABEL\n", 2, "LABEL requires", id="label without arguments"),
        pytest.param("FROM a\nEXPOSE\n", 2, "EXPOSE requires", id="expose without arguments"),
        pytest.param("FROM a\nEXPOSE 80\nBOGUS x\n", 3, "unknown instruction", id="unknown"),
        pytest.param("EXPOSE 80\n", 1, "before the first FROM", id="no stage"),
        pytest.param("FROM a\nEXPOSE ${}\n", 2, "bad substitution", id="bad substitution"),
        pytest.param("FROM a\nRUN <<EOF\necho\n", 2, "heredoc", id="unterminated heredoc"),
        pytest.param("", 1, "no instructions", id="empty file"),
        pytest.param(b"FROM a\nLABEL p1=\xff\n", 2, "UTF-8", id="invalid utf-8"),
        pytest.param(b"FROM a\n\x00\n", 2, "NUL", id="nul byte"),
        pytest.param("# escape=x\nFROM a\n", 1, "escape", id="bad escape directive"),
    ],
)
def test_parse_error(text: str | bytes, line: int, reason: str) -> None:
    found = only(text, CODE)
    assert where(found)[:1] == [(line, 1)]
    assert reason in found[0].message


def test_other_rules_still_run_on_the_rest() -> None:
    assert codes("FROM a\nEXPOSE 80\nEXPOSE ${}\n") == ["V6P001", "V6P020"]


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("FROM a\nEXPOSE 80\nLABEL p80=a\n", id="valid"),
        pytest.param("from a\nexpose 80\nlabel p80=a\n", id="lower case instructions"),
        pytest.param("FROM a\nRUN <<EOF\nEXPOSE ${}\nEOF\n", id="heredoc body"),
    ],
)
def test_passes(text: str) -> None:
    assert only(text, CODE) == []
