"""V6P016 port-range: builders disagree on ranges."""

from __future__ import annotations

import pytest
from helpers import only, ports, where

CODE = "V6P016"


def test_range() -> None:
    text = 'FROM a\nEXPOSE 8888 9000-9002/UDP\nLABEL p9000="a"\n'
    found = only(text, CODE)
    assert where(found) == [(2, 13)]
    assert "'9000-9002/UDP'" in found[0].message
    # BuildKit expands it into one key per port, lower-case protocol.
    assert ports(text) == ["8888/tcp", "9000/udp", "9001/udp", "9002/udp"]


def test_one_finding_per_range_word() -> None:
    assert where(only("FROM a\nEXPOSE 1-2\nEXPOSE 1-2\n", CODE)) == [(2, 8)]


@pytest.mark.parametrize("word", ["8888", "9000 9001", "9002-9000"])
def test_passes(word: str) -> None:
    assert only(f"FROM a\nEXPOSE {word}\n", CODE) == []
