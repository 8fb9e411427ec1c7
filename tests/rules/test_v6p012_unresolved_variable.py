"""V6P012 unresolved-variable: a port or label key depends on a variable with no value."""

from __future__ import annotations

import pytest
from helpers import only, where

CODE = "V6P012"


def test_port_from_unset_variable() -> None:
    found = only("FROM a\nEXPOSE $PORT\n", CODE)
    assert where(found) == [(2, 8)]
    assert "$PORT" in found[0].message
    assert "--build-arg PORT=..." in found[0].message
    assert "v6port check" in found[0].message


def test_label_key_from_unset_variable() -> None:
    found = only('FROM a\nEXPOSE 8888\nLABEL p${PORT}="com"\n', CODE)
    assert where(found) == [(3, 7)]
    assert "label key 'p${PORT}'" in found[0].message


def test_global_arg_not_redeclared_is_unset_in_the_stage() -> None:
    assert where(only("ARG PORT=8888\nFROM a\nEXPOSE $PORT\n", CODE)) == [(3, 8)]


def test_names_every_unset_variable() -> None:
    found = only("FROM a\nEXPOSE ${A}${B}\n", CODE)
    assert "$A, $B" in found[0].message


@pytest.mark.parametrize(
    ("text", "build_args"),
    [
        pytest.param("FROM a\nARG PORT=8888\nEXPOSE $PORT\n", None, id="arg default"),
        pytest.param("FROM a\nARG PORT\nEXPOSE $PORT\n", {"PORT": "8888"}, id="build arg"),
        pytest.param("FROM a\nENV PORT=8888\nEXPOSE $PORT\n", None, id="env"),
        pytest.param("FROM a\nEXPOSE ${PORT:-8888}\n", None, id="default in expansion"),
        pytest.param("FROM a\nLABEL version=$UNSET\n", None, id="not a port label key"),
    ],
)
def test_passes(text: str, build_args: dict[str, str] | None) -> None:
    assert only(text, CODE, build_args=build_args) == []
