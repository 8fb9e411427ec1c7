"""V6P014 host-port-in-expose: a host port or IP in EXPOSE, which is ignored."""

from __future__ import annotations

import pytest
from helpers import only, ports, where

CODE = "V6P014"


@pytest.mark.parametrize(
    ("word", "host", "container"),
    [
        pytest.param("8080:8888", "8080", "8888", id="host:container"),
        pytest.param("127.0.0.1:8080:8888", "127.0.0.1:8080", "8888", id="ip:host:container"),
        pytest.param("::1:8080:8888", "::1:8080", "8888", id="ipv6"),
        pytest.param("127.0.0.1::8888/udp", "127.0.0.1:", "8888", id="empty host port"),
    ],
)
def test_host_part(word: str, host: str, container: str) -> None:
    text = f'FROM a\nEXPOSE {word}\nLABEL p8888="com"\n'
    found = only(text, CODE)
    assert where(found) == [(2, 8)]
    assert f"the {host!r} part is ignored" in found[0].message
    assert f"only container port {container} is exposed" in found[0].message
    assert [p.split("/")[0] for p in ports(text)] == [container]


@pytest.mark.parametrize("word", ["8888", "8888/tcp", "8000-8001"])
def test_passes(word: str) -> None:
    assert only(f"FROM a\nEXPOSE {word}\n", CODE) == []
