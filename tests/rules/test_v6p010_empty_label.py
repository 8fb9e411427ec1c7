"""V6P010 empty-label: a port label with an empty value."""

from __future__ import annotations

import pytest
from helpers import only, where

CODE = "V6P010"


@pytest.mark.parametrize(
    "label",
    [
        pytest.param('p8888=""', id="empty quotes"),
        pytest.param("p8888=", id="nothing after ="),
        pytest.param("p8888=''", id="empty single quotes"),
        pytest.param("p8888=$UNSET", id="unset variable"),
    ],
)
def test_empty(label: str) -> None:
    found = only(f"FROM a\nEXPOSE 8888\nLABEL {label}\n", CODE)
    assert where(found) == [(3, 7)]
    assert "label p8888 is empty" in found[0].message


@pytest.mark.parametrize(
    "label", ['p8888="com"', 'description=""', 'p8888=" "'], ids=["set", "other", "space"]
)
def test_passes(label: str) -> None:
    assert only(f"FROM a\nEXPOSE 8888\nLABEL {label}\n", CODE) == []
