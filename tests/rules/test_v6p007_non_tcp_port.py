"""V6P007 non-tcp-port: udp or sctp, which vantage6's VPN does not forward."""

from __future__ import annotations

import pytest
from helpers import only, where

CODE = "V6P007"


@pytest.mark.parametrize(
    ("word", "key", "proto"),
    [
        pytest.param("8888/udp", "8888/udp", "UDP", id="udp"),
        pytest.param("8888/sctp", "8888/sctp", "SCTP", id="sctp"),
        pytest.param("8888/UDP", "8888/udp", "UDP", id="upper case udp"),
    ],
)
def test_non_tcp(word: str, key: str, proto: str) -> None:
    found = only(f'FROM a\nEXPOSE {word}\nLABEL p8888="com"\n', CODE)
    assert where(found) == [(2, 8)]
    assert f"port {key} is {proto}" in found[0].message
    assert "TCP only" in found[0].message


def test_each_port_of_a_udp_range() -> None:
    assert where(only("FROM a\nEXPOSE 80 90-91/udp\n", CODE)) == [(2, 11), (2, 11)]


@pytest.mark.parametrize("word", ["8888", "8888/tcp", "8888/TCP", "8888/"])
def test_passes(word: str) -> None:
    assert only(f"FROM a\nEXPOSE {word}\n", CODE) == []
