"""V6P003 duplicate-label: two exposed ports carry the same label value."""

from __future__ import annotations

import pytest
from helpers import only, where

CODE = "V6P003"


def test_two_ports_one_label() -> None:
    found = only('FROM a\nEXPOSE 8888 8889\nLABEL p8888="com" p8889="com"\n', CODE)
    assert where(found) == [(3, 19)]
    assert "'com'" in found[0].message
    assert "port 8888 and port 8889" in found[0].message


def test_three_ports_one_label() -> None:
    text = "FROM a\nEXPOSE 1 2 3\nLABEL p1=x\nLABEL p2=x\nLABEL p3=x\n"
    assert where(only(text, CODE)) == [(4, 7), (5, 7)]


@pytest.mark.parametrize(
    "text",
    [
        pytest.param('FROM a\nEXPOSE 8888 8889\nLABEL p8888="com" p8889="data"\n', id="distinct"),
        pytest.param('FROM a\nEXPOSE 8888/tcp 8888/udp\nLABEL p8888="com"\n', id="same port"),
        pytest.param('FROM a\nEXPOSE 8888\nLABEL p8888="com" p9999="com"\n', id="unexposed"),
        pytest.param('FROM a\nEXPOSE 8888\nLABEL p8888="com" other="com"\n', id="not port label"),
    ],
)
def test_passes(text: str) -> None:
    assert only(text, CODE) == []
