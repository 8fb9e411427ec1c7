"""V6P009 unreachable-label-key: a port label under a key the node never looks up."""

from __future__ import annotations

import pytest
from helpers import only, where

CODE = "V6P009"


@pytest.mark.parametrize(
    ("label", "key"),
    [
        pytest.param('P8888="com"', "P8888", id="upper case P"),
        pytest.param('p08888="com"', "p08888", id="leading zero"),
        pytest.param('"p8888 "="com"', "p8888 ", id="trailing space"),
        pytest.param('" p8888"="com"', " p8888", id="leading space"),
    ],
)
def test_key_the_node_never_reads(label: str, key: str) -> None:
    found = only(f"FROM a\nEXPOSE 8888\nLABEL {label}\n", CODE)
    assert where(found) == [(3, 7)]
    assert repr(key) in found[0].message
    assert "looks up 'p8888'" in found[0].message


def test_names_the_key_for_a_port_exposed_with_leading_zero() -> None:
    # EXPOSE 08888 is port 8888 (strconv.ParseInt), so the node looks up p8888.
    found = only('FROM a\nEXPOSE 08888\nLABEL p08888="com"\n', CODE)
    assert "looks up 'p8888'" in found[0].message


@pytest.mark.parametrize(
    "text",
    [
        pytest.param('FROM a\nEXPOSE 8888\nLABEL p8888="com"\n', id="right key"),
        pytest.param('FROM a\nEXPOSE 8888\nLABEL p8888="com" P8888="x"\n', id="right key too"),
        pytest.param('FROM a\nEXPOSE 8888\nLABEL P9999="com"\n', id="port not exposed"),
        pytest.param('FROM a\nEXPOSE 8888\nLABEL Port="com"\n', id="not a port key"),
    ],
)
def test_passes(text: str) -> None:
    assert only(text, CODE) == []
