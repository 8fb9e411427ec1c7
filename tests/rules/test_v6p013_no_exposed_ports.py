"""V6P013 no-exposed-ports: the final image exposes nothing."""

from __future__ import annotations

import pytest
from helpers import only, where

CODE = "V6P013"


def test_no_expose() -> None:
    found = only('FROM python:3.12-slim\nCMD ["python"]\n', CODE)
    assert where(found) == [(1, 1)]
    assert "port 8888" in found[0].message
    assert "unless python:3.12-slim exposes one" in found[0].message


def test_points_at_the_final_stage() -> None:
    text = "FROM a AS build\nEXPOSE 80\nFROM scratch\n"
    found = only(text, CODE)
    assert where(found) == [(3, 1)]
    assert "unless" not in found[0].message


def test_onbuild_expose_does_not_count() -> None:
    assert where(only("FROM a\nONBUILD EXPOSE 8888\n", CODE)) == [(1, 1)]


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("FROM a\nEXPOSE 8888\n", id="exposes"),
        pytest.param("FROM a AS b\nEXPOSE 8888\nFROM b\n", id="inherits"),
        pytest.param("FROM a\nEXPOSE $PORT\n", id="unresolved is V6P012"),
        pytest.param("FROM a\nEXPOSE x\n", id="invalid is V6P006"),
        pytest.param("FROM a\nLABEL a=b c\n", id="parse error is V6P020"),
    ],
)
def test_passes(text: str) -> None:
    assert only(text, CODE) == []
