"""V6P018 label-not-k8s-port-name: the label cannot be a Kubernetes port name."""

from __future__ import annotations

import pytest
from helpers import only, where

CODE = "V6P018"


@pytest.mark.parametrize(
    "value",
    [
        pytest.param("Communication_Port", id="upper case and underscore"),
        pytest.param("a" * 16, id="16 characters"),
        pytest.param("8888", id="no letter"),
        pytest.param("-com", id="leading dash"),
        pytest.param("com-", id="trailing dash"),
        pytest.param("co--m", id="double dash"),
        pytest.param("com.data", id="dot"),
    ],
)
def test_not_a_port_name(value: str) -> None:
    found = only(f'FROM a\nEXPOSE 8888\nLABEL p8888="{value}"\n', CODE)
    assert where(found) == [(3, 7)]
    assert repr(value) in found[0].message
    assert "1-15 characters" in found[0].message


@pytest.mark.parametrize(
    "label",
    [
        pytest.param('p8888="com"', id="simple"),
        pytest.param(f'p8888="{"a" * 15}"', id="15 characters"),
        pytest.param('p8888="web-2"', id="dash and digit"),
        pytest.param('p8888 = "com"', id="mangled is V6P004"),
        pytest.param('p8888=""', id="empty is V6P010"),
        pytest.param('p9999="Not_Exposed"', id="port not exposed"),
    ],
)
def test_passes(label: str) -> None:
    assert only(f"FROM a\nEXPOSE 8888\nLABEL {label}\n", CODE) == []
