"""V6P001 port-without-label: an exposed port of the final image has no p<port> label."""

from __future__ import annotations

import pytest
from helpers import only, where

CODE = "V6P001"


def test_port_without_label() -> None:
    found = only("FROM python:3.12-slim\nEXPOSE 8888\n", CODE)
    assert where(found) == [(2, 8)]
    assert "8888/tcp" in found[0].message
    assert 'LABEL p8888="<name>"' in found[0].message


def test_each_port_of_a_range_counts() -> None:
    found = only('FROM a\nEXPOSE 9000-9002\nLABEL p9001="b"\n', CODE)
    assert where(found) == [(2, 8), (2, 8)]
    assert "no label p9000" in found[0].message
    assert "no label p9002" in found[1].message


def test_points_at_the_word_on_a_continued_line() -> None:
    found = only('FROM a\nEXPOSE 80 \\\n    8888\nLABEL p80="a"\n', CODE)
    assert where(found) == [(3, 5)]


def test_one_finding_per_config_key() -> None:
    assert len(only("FROM a\nEXPOSE 8888 8888/tcp 8888\n", CODE)) == 1


def test_label_in_a_wrong_case_does_not_count() -> None:
    assert where(only('FROM a\nEXPOSE 8888\nLABEL P8888="com"\n', CODE)) == [(2, 8)]


@pytest.mark.parametrize(
    "text",
    [
        pytest.param('FROM a\nEXPOSE 8888\nLABEL p8888="com"\n', id="labelled"),
        pytest.param('FROM a\nLABEL p8888="com"\nEXPOSE 8888\n', id="label before expose"),
        pytest.param("FROM a\nEXPOSE 9000-9001\nLABEL p9000=a p9001=b\n", id="labelled range"),
        pytest.param('FROM a\nEXPOSE 8888/udp\nLABEL p8888="com"\n', id="udp uses same key"),
        pytest.param("FROM a\n", id="no ports"),
        pytest.param(
            'FROM a AS base\nEXPOSE 8888\nFROM base\nLABEL p8888="com"\n', id="inherited port"
        ),
    ],
)
def test_passes(text: str) -> None:
    assert only(text, CODE) == []
