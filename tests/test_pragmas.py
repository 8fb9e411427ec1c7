"""Inline pragmas: ``# v6port: ignore=CODES`` and ``# v6port: ignore-file=CODES``."""

from __future__ import annotations

import pytest
from helpers import codes, report_for


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "FROM a\n# v6port: ignore=V6P007,V6P016\nEXPOSE 9000-9001/udp\nLABEL p9000=a p9001=b\n",
            [],
            id="next instruction",
        ),
        pytest.param(
            "FROM a\n# v6port: ignore=V6P007, V6P016\n\n# other comment\n\n"
            "EXPOSE 9000-9001/udp\nLABEL p9000=a p9001=b\n",
            [],
            id="across blank and comment lines",
        ),
        pytest.param(
            "FROM a\n# v6port: ignore=V6P007\nEXPOSE 80 \\\n  81/udp\nLABEL p80=a p81=b\n",
            [],
            id="covers a continued instruction",
        ),
        pytest.param(
            "FROM a\n# v6port: ignore=V6P007\nRUN true\nEXPOSE 81/udp\nLABEL p81=b\n",
            ["V6P007"],
            id="only the next instruction",
        ),
        pytest.param(
            "FROM a\n#v6port:ignore=v6p007\nEXPOSE 81/udp\nLABEL p81=b\n",
            [],
            id="spacing and case",
        ),
        pytest.param(
            "FROM a\n# v6port: ignore-file=V6P013\nRUN true\n",
            [],
            id="ignore-file",
        ),
        pytest.param(
            "FROM a\nEXPOSE 1/udp\nEXPOSE 2/udp\n# v6port: ignore-file=V6P007,V6P001\n",
            [],
            id="ignore-file at the end",
        ),
        pytest.param(
            "FROM a\nRUN <<EOF\n# v6port: ignore=V6P001\nEOF\nEXPOSE 80\n",
            ["V6P001"],
            id="heredoc body is not a pragma",
        ),
    ],
)
def test_pragmas(text: str, expected: list[str]) -> None:
    assert codes(text) == expected


def test_without_pragma_the_findings_are_there() -> None:
    text = "FROM a\nEXPOSE 9000-9001/udp\nLABEL p9000=a p9001=b\n"
    assert sorted(set(codes(text))) == ["V6P007", "V6P016"]


def test_unknown_code_is_an_input_error() -> None:
    report = report_for("FROM a\nEXPOSE 80\n\n# v6port: ignore=V6P001,V6P999\nLABEL p80=x\n")
    assert [(e.line, "'V6P999'" in e.reason) for e in report.errors] == [(4, True)]
    assert report.exit_code == 2


def test_unknown_code_in_ignore_file_is_an_input_error() -> None:
    report = report_for("# v6port: ignore-file=NOPE\nFROM a\nEXPOSE 80\nLABEL p80=x\n")
    assert [(e.line, "'NOPE'" in e.reason) for e in report.errors] == [(1, True)]
