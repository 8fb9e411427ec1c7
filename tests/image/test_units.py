"""Pure helpers: platforms, auth-file keys, challenges, loopback detection, messages."""

from __future__ import annotations

import pytest

from v6port.sources.image import ReadOptions
from v6port.sources.image._errors import image_error, one_line, redact
from v6port.sources.image.credentials import Credentials, helper_argv, normalise_key
from v6port.sources.image.platforms import Platform, parse_platform, pick_manifest
from v6port.sources.image.registry import is_loopback, parse_challenge


def _entry(plat: str, digest: str) -> dict[str, object]:
    parts = plat.split("/")
    platform: dict[str, str] = {"os": parts[0], "architecture": parts[1]}
    if len(parts) == 3:
        platform["variant"] = parts[2]
    return {"digest": digest, "platform": platform}


ENTRIES = [
    _entry("unknown/unknown", "att"),
    _entry("linux/arm/v6", "armv6"),
    _entry("linux/arm/v7", "armv7"),
    _entry("linux/arm64/v8", "arm64"),
    _entry("linux/amd64", "amd64"),
    _entry("windows/amd64", "win"),
]


@pytest.mark.parametrize(
    ("wanted", "digest"),
    [
        ("linux/amd64", "amd64"),
        ("linux/arm64", "arm64"),
        ("linux/aarch64", "arm64"),
        ("linux/arm64/v8", "arm64"),
        ("linux/arm/v7", "armv7"),
        ("linux/arm", "armv6"),  # no variant asked: the publisher's first arm entry
        ("windows/amd64", "win"),
        ("linux/s390x", None),
        ("linux/arm/v5", None),
    ],
)
def test_pick_manifest(wanted: str, digest: str | None) -> None:
    chosen, offered = pick_manifest(ENTRIES, parse_platform(wanted))
    assert (chosen or {}).get("digest") == digest
    if chosen is None:
        assert "linux/amd64" in offered and "unknown/unknown" in offered


def test_parse_platform() -> None:
    assert parse_platform("Linux/X86_64") == Platform("linux", "amd64")
    assert parse_platform(None).os == "linux"
    for bad in ("linux", "linux/", "a/b/c/d", ""):
        with pytest.raises(ValueError):
            parse_platform(bad)


@pytest.mark.parametrize(
    ("key", "normal"),
    [
        ("https://index.docker.io/v1/", "docker.io"),
        ("index.docker.io", "docker.io"),
        ("registry-1.docker.io", "docker.io"),
        ("http://localhost:5000", "localhost:5000"),
        ("harbor2.vantage6.ai/", "harbor2.vantage6.ai"),
        ("quay.io/org/repo", "quay.io/org/repo"),
    ],
)
def test_normalise_key(key: str, normal: str) -> None:
    assert normalise_key(key) == normal


def test_helper_argv() -> None:
    assert helper_argv("pass") == ["docker-credential-pass", "get"]


def test_parse_challenge() -> None:
    scheme, params = parse_challenge(
        'Bearer realm="https://auth.docker.io/token",service="registry.docker.io",'
        'scope="repository:library/python:pull"'
    )
    assert scheme == "bearer"
    assert params == {
        "realm": "https://auth.docker.io/token",
        "service": "registry.docker.io",
        "scope": "repository:library/python:pull",
    }
    assert parse_challenge('Basic realm="Registry Realm"') == ("basic", {"realm": "Registry Realm"})


@pytest.mark.parametrize(
    ("host", "loopback"),
    [
        ("localhost", True),
        ("127.0.0.1", True),
        ("127.8.9.10", True),
        ("::1", True),
        ("[::1]", True),
        ("10.0.0.1", False),
        ("registry.local", False),
        ("docker.io", False),
    ],
)
def test_is_loopback(host: str, loopback: bool) -> None:
    assert is_loopback(host) is loopback


def test_secrets_never_in_repr() -> None:
    assert "hunter2" not in repr(ReadOptions(creds="me:hunter2"))
    assert "hunter2" not in repr(Credentials("me", "hunter2"))


def test_messages_are_one_line() -> None:
    assert one_line("a\n  b\tc") == "a b c"
    assert len(one_line("x" * 1000)) == 300
    error = image_error("ref", "it broke\nbadly", "fix\nit")
    assert str(error) == "ref: it broke badly; fix it"
    assert redact("token abc123 here", {"abc123"}) == "token *** here"
