"""V6P011 label-too-long: a port label over 128 characters."""

from __future__ import annotations

import pytest
from helpers import only, where

CODE = "V6P011"


def test_129_characters() -> None:
    found = only(f'FROM a\nEXPOSE 8888\nLABEL p8888="{"a" * 129}"\n', CODE)
    assert where(found) == [(3, 7)]
    assert "129 characters" in found[0].message
    assert "128" in found[0].message


def test_length_is_counted_after_expansion() -> None:
    text = f'FROM a\nARG L={"b" * 100}\nEXPOSE 8888\nLABEL p8888="$L$L"\n'
    assert "200 characters" in only(text, CODE)[0].message


@pytest.mark.parametrize("length", [1, 127, 128])
def test_passes(length: int) -> None:
    assert only(f'FROM a\nEXPOSE 8888\nLABEL p8888="{"a" * length}"\n', CODE) == []


def test_other_labels_may_be_long() -> None:
    assert only(f'FROM a\nLABEL description="{"a" * 500}"\n', CODE) == []
