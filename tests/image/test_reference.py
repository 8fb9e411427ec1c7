"""The reference parser: skopeo transports and Docker's name grammar and defaults."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from v6port.errors import V6portError
from v6port.sources.image.reference import parse_docker_reference, parse_source

DIGEST = "sha256:" + "a" * 64


@pytest.mark.parametrize(
    ("text", "registry", "repository", "tag", "digest", "api_host"),
    [
        ("python", "docker.io", "library/python", None, None, "registry-1.docker.io"),
        ("python:3.11", "docker.io", "library/python", "3.11", None, "registry-1.docker.io"),
        (
            "harbor2.vantage6.ai/algorithms/avg",
            "harbor2.vantage6.ai",
            "algorithms/avg",
            None,
            None,
            "harbor2.vantage6.ai",
        ),
        ("org/algo:1.0", "docker.io", "org/algo", "1.0", None, "registry-1.docker.io"),
        ("index.docker.io/org/algo", "docker.io", "org/algo", None, None, "registry-1.docker.io"),
        ("docker.io/python", "docker.io", "library/python", None, None, "registry-1.docker.io"),
        ("localhost/a", "localhost", "a", None, None, "localhost"),
        ("localhost:5000/a/b:t", "localhost:5000", "a/b", "t", None, "localhost:5000"),
        ("127.0.0.1:5000/a", "127.0.0.1:5000", "a", None, None, "127.0.0.1:5000"),
        ("[::1]:5000/a:x", "[::1]:5000", "a", "x", None, "[::1]:5000"),
        (f"python@{DIGEST}", "docker.io", "library/python", None, DIGEST, "registry-1.docker.io"),
        (f"r.io/a:t@{DIGEST}", "r.io", "a", "t", DIGEST, "r.io"),
        ("a__b/c-d.e--f", "docker.io", "a__b/c-d.e--f", None, None, "registry-1.docker.io"),
    ],
)
def test_docker_reference(
    text: str, registry: str, repository: str, tag: str | None, digest: str | None, api_host: str
) -> None:
    for written in (text, f"docker://{text}"):
        source = parse_source(written)
        assert source.transport == "docker"
        ref = source.docker
        assert ref is not None
        assert (ref.registry, ref.repository, ref.tag, ref.digest) == (
            registry,
            repository,
            tag,
            digest,
        )
        assert ref.api_host == api_host
        assert ref.manifest_ref == (digest or tag or "latest")


def test_hostname_strips_port_and_brackets() -> None:
    assert parse_docker_reference("[::1]:5000/a").hostname == "::1"
    assert parse_docker_reference("localhost:5000/a").hostname == "localhost"
    assert parse_docker_reference("python").hostname == "docker.io"


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("Python:3", "lowercase"),
        ("python:", "invalid tag"),
        ("python:-x", "invalid tag"),
        ("python@sha256:abc", "digest"),
        ("python@md5:" + "a" * 32, "digest"),
        ("a//b", "invalid repository"),
        ("-a", "invalid repository"),
        ("dir:/tmp/x", "unsupported transport 'dir'"),
        ("containers-storage:x", "unsupported transport"),
        ("docker:python", "docker://"),
        ("oci:", "nothing after"),
        ("oci::tag", "empty path"),
        ("oci:/x:", "empty tag"),
        ("podman:-rf", "can't start with '-'"),
        ("docker-daemon:--help", "can't start with '-'"),
        ("", "empty reference"),
        (" python", "spaces"),
        ("python\n", "newlines"),
        ("r.io/" + "a" * 256, "longer than 255"),
    ],
)
def test_bad_references(text: str, reason: str) -> None:
    with pytest.raises(V6portError, match=None) as caught:
        parse_source(text)
    message = str(caught.value)
    assert reason in message
    assert "\n" not in message


@pytest.mark.parametrize(
    ("text", "transport", "path", "selector"),
    [
        ("oci:/tmp/layout", "oci", "/tmp/layout", None),
        ("oci:/tmp/layout:v1", "oci", "/tmp/layout", "v1"),
        ("oci-archive:img.tar:latest", "oci-archive", "img.tar", "latest"),
        ("docker-archive:img.tar", "docker-archive", "img.tar", None),
        ("docker-archive:img.tar:org/a:1", "docker-archive", "img.tar", "org/a:1"),
        ("docker-archive:img.tar:@1", "docker-archive", "img.tar", "@1"),
        ("inspect:-", "inspect", "-", None),
        ("inspect:out:with:colons.json", "inspect", "out:with:colons.json", None),
    ],
)
def test_file_transports(text: str, transport: str, path: str, selector: str | None) -> None:
    source = parse_source(text)
    assert (source.transport, source.path, source.selector) == (transport, path, selector)
    assert source.text == text


def test_engine_transports() -> None:
    assert parse_source("docker-daemon:algo:1").name == "algo:1"
    assert parse_source("podman:localhost/algo").transport == "podman"


# No "." so that a first component is never taken for a registry host (as in Docker).
_component = st.from_regex(r"[a-z0-9]{1,8}(?:(?:_|__|-+)[a-z0-9]{1,8}){0,2}", fullmatch=True)


@settings(max_examples=60, deadline=None)
@given(
    host=st.sampled_from(["", "r.example.org/", "localhost:5000/", "127.0.0.1:1/"]),
    parts=st.lists(_component, min_size=1, max_size=3),
    tag=st.one_of(st.none(), st.from_regex(r"[A-Za-z0-9_][A-Za-z0-9_.-]{0,20}", fullmatch=True)),
)
def test_round_trip(host: str, parts: list[str], tag: str | None) -> None:
    text = host + "/".join(parts) + (f":{tag}" if tag else "")
    ref = parse_docker_reference(text)
    again = parse_docker_reference(str(ref))
    assert again == ref
    assert ref.tag == tag
    assert ref.repository.endswith(parts[-1])


def test_credentials_in_a_reference_are_not_echoed() -> None:
    for text in ("docker://me:hunter2@r.io/a:1", "me:hunter2@r.io/a"):
        with pytest.raises(V6portError) as caught:
            parse_source(text)
        assert "hunter2" not in str(caught.value)
        assert "--creds" in str(caught.value)
