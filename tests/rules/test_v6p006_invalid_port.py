"""V6P006 invalid-port: an EXPOSE word that is not a usable port after expansion."""

from __future__ import annotations

import pytest
from helpers import only, where

CODE = "V6P006"


@pytest.mark.parametrize(
    ("word", "reason"),
    [
        pytest.param("abc", "not a port number", id="non-numeric"),
        pytest.param("0", "outside 1-65535", id="zero"),
        pytest.param("65536", "outside 1-65535", id="too large"),
        pytest.param("70000", "outside 1-65535", id="far too large"),
        pytest.param("9002-9000", "starts after it ends", id="descending range"),
        pytest.param("0-2", "outside 1-65535", id="range from zero"),
        pytest.param("8888/http", "unknown protocol 'http'", id="unknown protocol"),
        pytest.param("-80", "not a port number", id="negative"),
        pytest.param("8o", "not a port number", id="letter o"),
        pytest.param("１２３", "not a port number", id="non-ASCII digits"),
    ],
)
def test_invalid_port(word: str, reason: str) -> None:
    found = only(f"FROM a\nEXPOSE {word}\n", CODE)
    assert where(found) == [(2, 8)]
    assert repr(word) in found[0].message
    assert reason in found[0].message


def test_invalid_after_expansion() -> None:
    found = only('FROM a\nARG P="80 x"\nEXPOSE $P\nLABEL p80=a\n', CODE)
    assert where(found) == [(3, 8)]
    assert "'x'" in found[0].message


def test_points_at_the_bad_word() -> None:
    assert where(only("FROM a\nEXPOSE 80 \\\n  99999\nLABEL p80=a\n", CODE)) == [(3, 3)]


@pytest.mark.parametrize(
    "word",
    ["1", "65535", "8888/tcp", "8888/UDP", "080", "+80", "1-65535", "9000-9000", "80/"],
)
def test_passes(word: str) -> None:
    assert only(f"FROM a\nEXPOSE {word}\n", CODE) == []
