"""V6P002 label-without-port: a p<port> label names a port the final image does not expose."""

from __future__ import annotations

import pytest
from helpers import only, where

CODE = "V6P002"


def test_label_for_a_port_that_is_not_exposed() -> None:
    found = only('FROM a\nEXPOSE 8888\nLABEL p8888="com" p9999="data"\n', CODE)
    assert where(found) == [(3, 19)]
    assert "p9999" in found[0].message
    assert "port 9999" in found[0].message


def test_label_without_any_expose() -> None:
    found = only('FROM a\nLABEL p80="web"\n', CODE)
    assert where(found) == [(2, 7)]


def test_port_exposed_in_a_stage_the_image_does_not_inherit() -> None:
    text = 'FROM a AS build\nEXPOSE 8888\nFROM b\nLABEL p8888="com"\n'
    assert where(only(text, CODE)) == [(4, 7)]


@pytest.mark.parametrize(
    "text",
    [
        pytest.param('FROM a\nEXPOSE 8888\nLABEL p8888="com"\n', id="exposed"),
        pytest.param('FROM a\nEXPOSE 8888/udp\nLABEL p8888="com"\n', id="exposed as udp"),
        pytest.param('FROM a\nEXPOSE 9000-9002\nLABEL p9001="com"\n', id="inside a range"),
        pytest.param('FROM a\nLABEL version="1" maintainer="me"\n', id="not a port label"),
        pytest.param('FROM a\nLABEL port="com"\n', id="no digits"),
    ],
)
def test_passes(text: str) -> None:
    assert only(text, CODE) == []
