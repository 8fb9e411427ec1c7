"""V6P008 protocol-collision: one port number exposed with several protocols."""

from __future__ import annotations

import pytest
from helpers import only, where

CODE = "V6P008"


def test_tcp_and_udp() -> None:
    found = only('FROM a\nEXPOSE 8888/tcp 8888/udp\nLABEL p8888="com"\n', CODE)
    assert where(found) == [(2, 17)]
    assert "port 8888 is exposed as tcp/udp" in found[0].message
    assert "2 times" in found[0].message


def test_across_instructions() -> None:
    text = "FROM a\nEXPOSE 8888\nEXPOSE 8888/udp 8888/sctp\n"
    found = only(text, CODE)
    assert where(found) == [(3, 8)]
    assert "tcp/udp/sctp" in found[0].message


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("FROM a\nEXPOSE 8888 8888/tcp 8888/TCP\n", id="same protocol repeated"),
        pytest.param("FROM a\nEXPOSE 8888/udp 8889/tcp\n", id="different ports"),
    ],
)
def test_passes(text: str) -> None:
    assert only(text, CODE) == []
