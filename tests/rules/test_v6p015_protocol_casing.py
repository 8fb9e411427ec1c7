"""V6P015 protocol-casing: a protocol not written in lower case."""

from __future__ import annotations

import pytest
from helpers import only, ports, where

CODE = "V6P015"


@pytest.mark.parametrize(
    ("word", "written", "key"),
    [
        pytest.param("8888/TCP", "TCP", "8888/tcp", id="upper"),
        pytest.param("8888/Udp", "Udp", "8888/udp", id="mixed"),
        pytest.param("8888/SCTP", "SCTP", "8888/sctp", id="sctp"),
    ],
)
def test_casing(word: str, written: str, key: str) -> None:
    text = f'FROM a\nEXPOSE {word}\nLABEL p8888="com"\n'
    found = only(text, CODE)
    assert where(found) == [(2, 8)]
    assert f"protocol {written!r}" in found[0].message
    assert f"write {written.lower()!r}" in found[0].message
    assert ports(text) == [key]


def test_one_finding_for_a_range() -> None:
    assert where(only("FROM a\nEXPOSE 1-3/TCP\n", CODE)) == [(2, 8)]


@pytest.mark.parametrize("word", ["8888", "8888/tcp", "8888/udp"])
def test_passes(word: str) -> None:
    assert only(f"FROM a\nEXPOSE {word}\n", CODE) == []
