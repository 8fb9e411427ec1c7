"""V6P004 mangled-label-value: the stored value differs from what the author meant."""

from __future__ import annotations

import pytest
from helpers import labels, only, where

CODE = "V6P004"

# vantage6's documented example: the label written with spaces around "=".
VANTAGE6_DOCS = """FROM harbor2.vantage6.ai/infrastructure/algorithm-base:4.5
EXPOSE 8888
LABEL p8888 = "com"
EXPOSE 8889
LABEL p8889 = "data"
CMD python -c "from vantage6.algorithm.tools.wrap import wrap_algorithm; wrap_algorithm()"
"""


def test_vantage6_documented_example_gets_it_on_both_labels() -> None:
    found = only(VANTAGE6_DOCS, CODE)
    assert where(found) == [(3, 7), (5, 7)]
    assert "stores '= com'" in found[0].message
    assert "stores '= data'" in found[1].message
    assert 'write p8888="com"' in found[0].message
    assert 'write p8889="data"' in found[1].message


def test_stored_value_is_what_buildah_stores() -> None:
    # port-semantics 3: legacy form, the value is the rest of the line after quote removal.
    assert labels(VANTAGE6_DOCS) == {"p8888": "= com", "p8889": "= data"}


@pytest.mark.parametrize(
    ("text", "stored"),
    [
        pytest.param('LABEL p8888=" com"', "' com'", id="leading space"),
        pytest.param('LABEL p8888="com "', "'com '", id="trailing space"),
        pytest.param('LABEL p8888="=com"', "'=com'", id="new form starting with ="),
        pytest.param("LABEL p8888 =com", "'=com'", id="legacy with = glued to value"),
    ],
)
def test_mangled_values(text: str, stored: str) -> None:
    found = only(f"FROM a\nEXPOSE 8888\n{text}\n", CODE)
    assert where(found) == [(3, 7)]
    assert f"stores {stored}" in found[0].message
    assert "'com'" in found[0].message


@pytest.mark.parametrize(
    "text",
    [
        pytest.param('LABEL p8888="com"', id="new form"),
        pytest.param("LABEL p8888=com", id="unquoted"),
        pytest.param("LABEL p8888 com", id="legacy without = (V6P005)"),
        pytest.param('LABEL description=" spaced "', id="not a port label"),
    ],
)
def test_passes(text: str) -> None:
    assert only(f"FROM a\nEXPOSE 8888\n{text}\n", CODE) == []
