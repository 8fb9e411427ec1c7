"""Bad input gives findings (V6P020 with a sensible line) or an input error, never an exception."""

from __future__ import annotations

import pytest
from helpers import labels, lint_text, only, ports, where

from v6port.sources.dockerfile.parse import MAX_CONTINUATION_COPY


@pytest.mark.parametrize(
    ("data", "line", "reason"),
    [
        pytest.param(bytes(range(256)) * 4, 1, "NUL byte", id="binary"),
        pytest.param(b"FROM a\nEXPOSE 80\x00\n", 2, "NUL byte", id="NUL byte"),
        pytest.param(b"FROM a\nEXPOSE 80\nLABEL p80=\xe9\n", 3, "UTF-8", id="invalid UTF-8"),
        pytest.param(b"", 1, "no instructions", id="empty file"),
        pytest.param(b"\n\n# just a comment\n", 1, "no instructions", id="only comments"),
        pytest.param(
            b"FROM a\nLABEL x=" + b"a" * 5_000_000 + b"\n", 2, "max allowed size", id="5 MB line"
        ),
        pytest.param(b'FROM a\nLABEL p80="com\n', 2, "double-quote", id="unterminated quote"),
        pytest.param(b"FROM a\nLABEL p80='com\n", 2, "single-quote", id="unterminated single"),
        pytest.param(b"FROM a\nEXPOSE 80\nRUN <<EOF\necho\n", 3, "heredoc", id="open heredoc"),
        pytest.param(b"FROM a\nLABEL\n", 2, "requires at least one", id="LABEL no arguments"),
        pytest.param(b"FROM a\nLABEL a=b c\n", 2, "can't find =", id="LABEL a=b c"),
        pytest.param(b"FROM a\nENV\n", 2, "requires at least one", id="ENV no arguments"),
        pytest.param(b"FROM\n", 1, "requires at least one", id="FROM no arguments"),
        pytest.param(
            b"FROM a\nEXPOSE " + b"${A:-" * 500 + b"80" + b"}" * 500 + b"\n",
            2,
            "nested deeper",
            id="500 nested defaults",
        ),
        pytest.param(
            b"FROM a\nLABEL p" + b"${A:-" * 500 + b"80" + b"}" * 500 + b"=x\n",
            2,
            "nested deeper",
            id="500 nested in a label key",
        ),
        pytest.param(b"FROM a\nEXPOSE ${A:-80\n", 2, "missing '}'", id="unclosed brace"),
    ],
)
def test_parse_error_with_line(data: bytes, line: int, reason: str) -> None:
    found = only(data, "V6P020")
    assert where(found)[:1] == [(line, 1)]
    assert reason in found[0].message


def test_bom_is_ignored() -> None:
    data = b"\xef\xbb\xbf# escape=`\nFROM a\nEXPOSE 80 `\n 81\nLABEL p80=a p81=b\n"
    assert lint_text(data) == []
    assert ports(data) == ["80/tcp", "81/tcp"]


def test_crlf() -> None:
    data = b"FROM a\r\nEXPOSE 80 \\\r\n 81\r\nLABEL p80=a p81=b\r\n"
    assert lint_text(data) == []
    assert labels(data) == {"p80": "a", "p81": "b"}


def test_20000_continuation_lines() -> None:
    data = b"FROM a\nEXPOSE 80 \\\n" + b" 80 \\\n" * 20_000 + b" 81\n"
    assert where(only(data, "V6P001")) == [(2, 8), (20_003, 2)]


def test_20000_continued_label_lines() -> None:
    data = b"FROM a\nEXPOSE 81\nLABEL \\\n" + b" a=b \\\n" * 20_000 + b" p81=y\n"
    assert lint_text(data) == []


def test_huge_continued_instruction_is_refused_not_parsed_for_minutes() -> None:
    line = b" " + b"a" * 100 + b" \\\n"
    count = 2 * int((2 * MAX_CONTINUATION_COPY / len(line)) ** 0.5)
    data = b"FROM a\nRUN x \\\n" + line * count + b" done\n"
    found = only(data, "V6P020")
    assert where(found) == [(2, 1)]
    assert "too large" in found[0].message


def test_many_empty_continuation_lines_are_cheap_and_fine() -> None:
    data = b"FROM a\nEXPOSE 80 \\\n" + b"\\\n" * 100_000 + b" 81\nLABEL p80=a p81=b\n"
    assert lint_text(data) == []


def test_many_unterminated_expansions_on_one_line() -> None:
    data = b"FROM a\nEXPOSE " + b"${A:-" * 10_000 + b"\n"
    assert where(only(data, "V6P020")) == [(2, 1)]


def test_many_dollars() -> None:
    # "$$" is the special parameter "$", which has no value in a build.
    data = b"FROM a\nLABEL x=" + b"$" * 60_001 + b"\n"
    assert only(data, "V6P020") == []
    assert labels(data) == {"x": "$"}


def test_wide_range_is_linear() -> None:
    assert len(only(b"FROM a\nEXPOSE 1-65535\n", "V6P001")) == 65_535


def test_late_parse_error_names_its_line() -> None:
    data = b"FROM a\n" + b"RUN true\n" * 2_000 + b"LABEL a=b c\n"
    assert where(only(data, "V6P020")) == [(2_002, 1)]
