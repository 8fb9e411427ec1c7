"""V6P017 not-in-final-image: EXPOSE or port LABEL in a stage the final image does not inherit."""

from __future__ import annotations

import pytest
from helpers import only, ports, where

CODE = "V6P017"

MULTI = """FROM python:3.12 AS build
EXPOSE 8888
LABEL p8888="com" version="1"

FROM python:3.12-slim AS final
COPY --from=build /app /app
"""


def test_expose_and_label_in_a_build_stage() -> None:
    found = only(MULTI, CODE)
    assert where(found) == [(2, 8), (3, 7)]
    assert "EXPOSE 8888 in stage build" in found[0].message
    assert "LABEL p8888=com in stage build" in found[1].message


def test_not_when_the_final_stage_is_built_from_that_stage() -> None:
    text = 'FROM a AS base\nEXPOSE 8888\nLABEL p8888="com"\nFROM base\n'
    assert only(text, CODE) == []
    assert ports(text) == ["8888/tcp"]


def test_not_through_a_chain_of_stages() -> None:
    text = "FROM a AS one\nEXPOSE 1\nFROM one AS two\nEXPOSE 2\nFROM two\n"
    assert only(text, CODE) == []
    assert ports(text) == ["1/tcp", "2/tcp"]


def test_target_picks_the_stage() -> None:
    # With --target build, the build stage is final and the later stage is stray.
    text = MULTI + "EXPOSE 9000\n"
    assert only(text, CODE, target="build") != []
    assert where(only(text, CODE, target="build")) == [(7, 8)]
    assert ports(text, target="build") == ["8888/tcp"]


def test_unnamed_stage_is_named_by_index() -> None:
    found = only("FROM a\nEXPOSE 80\nFROM b\n", CODE)
    assert "stage #0" in found[0].message


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("FROM a\nEXPOSE 80\n", id="single stage"),
        pytest.param("FROM a AS build\nRUN make\nFROM b\nEXPOSE 80\n", id="expose in final"),
        pytest.param("FROM a AS build\nLABEL version=1\nFROM b\n", id="not a port label"),
    ],
)
def test_passes(text: str) -> None:
    assert only(text, CODE) == []
