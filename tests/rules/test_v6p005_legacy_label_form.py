"""V6P005 legacy-label-form: `LABEL p8888 com`, deprecated, value correct."""

from __future__ import annotations

import pytest
from helpers import only, where

CODE = "V6P005"


def test_legacy_form() -> None:
    found = only("FROM a\nEXPOSE 8888\nLABEL p8888 com\n", CODE)
    assert where(found) == [(3, 7)]
    assert 'write p8888="com"' in found[0].message


def test_legacy_form_with_quoted_value() -> None:
    found = only('FROM a\nEXPOSE 8888\nlabel   p8888 "com"\n', CODE)
    assert where(found) == [(3, 9)]


@pytest.mark.parametrize(
    "text",
    [
        pytest.param('LABEL p8888="com"', id="new form"),
        pytest.param('LABEL p8888 = "com"', id="mangled is V6P004 only"),
        pytest.param("LABEL maintainer me", id="not a port label"),
    ],
)
def test_passes(text: str) -> None:
    assert only(f"FROM a\nEXPOSE 8888\n{text}\n", CODE) == []
