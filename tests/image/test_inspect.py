"""inspect:FILE and inspect:- on real podman/buildah output and a hand-written docker one.

buildah-inspect.json and podman-inspect.json were captured on Debian 12 (buildah 1.28.2,
podman 4.3.1) by fixtures/make_inspect_fixtures.sh. docker-inspect.json is hand-written in
the shape of Docker Engine's ImageInspect (there is no Docker engine on the build machine).
"""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest

from v6port.errors import V6portError
from v6port.sources.image import ReadOptions, read_image, read_images

FIXTURES = Path(__file__).parent / "fixtures"
BUILT_PORTS: dict[str, dict[str, object]] = {"8000-8002/UDP": {}, "8888/tcp": {}}


def test_buildah_inspect() -> None:
    result = read_image(f"inspect:{FIXTURES / 'buildah-inspect.json'}")
    assert result.config["ExposedPorts"] == BUILT_PORTS
    assert result.config["Labels"]["p8888"] == "com"
    raw = json.loads((FIXTURES / "buildah-inspect.json").read_text())
    assert result.digest == raw["FromImageDigest"]


def test_podman_inspect() -> None:
    result = read_image(f"inspect:{FIXTURES / 'podman-inspect.json'}")
    assert result.config["ExposedPorts"] == BUILT_PORTS
    assert result.config["Labels"]["p8000"] == "udp-data"
    raw = json.loads((FIXTURES / "podman-inspect.json").read_text())
    assert result.digest == raw[0]["Digest"]


def test_buildah_and_podman_agree() -> None:
    buildah = read_image(f"inspect:{FIXTURES / 'buildah-inspect.json'}")
    podman = read_image(f"inspect:{FIXTURES / 'podman-inspect.json'}")
    assert buildah.digest == podman.digest
    assert buildah.config == podman.config


def test_docker_inspect() -> None:
    result = read_image(f"inspect:{FIXTURES / 'docker-inspect.json'}")
    assert result.config["ExposedPorts"]["8888/tcp"] == {}
    assert result.config["Labels"] == {"p8888": "com", "p8000": "udp-data"}
    # The manifest digest from RepoDigests wins over the image ID.
    assert (
        result.digest == "sha256:8b1f0c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b"
    )


def test_docker_inspect_without_repo_digests_uses_the_id(tmp_path: Path) -> None:
    raw = json.loads((FIXTURES / "docker-inspect.json").read_text())
    raw[0]["RepoDigests"] = []
    path = tmp_path / "i.json"
    path.write_text(json.dumps(raw))
    assert read_image(f"inspect:{path}").digest == raw[0]["Id"]


def test_stdin(monkeypatch: pytest.MonkeyPatch) -> None:
    data = (FIXTURES / "podman-inspect.json").read_bytes()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    results = read_images(["inspect:-", "inspect:-"], ReadOptions())
    assert results[0] == results[1]
    assert not isinstance(results[0], V6portError)
    assert results[0].config["ExposedPorts"] == BUILT_PORTS


def test_null_config_is_empty(tmp_path: Path) -> None:
    path = tmp_path / "i.json"
    path.write_text(json.dumps([{"Id": "sha256:" + "a" * 64, "Config": None}]))
    assert read_image(f"inspect:{path}").config == {}


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        ("[]", "describes 0 images"),
        ('[{"Config": {}}, {"Config": {}}]', "describes 2 images"),
        ("{not json", "not valid JSON"),
        ('"text"', "not an object"),
        ('[{"Config": []}]', "Config in the inspect output is not an object"),
        ('{"Type": "buildah 0.0.1", "FromImage": "x", "Container": "c"}', "--type image"),
        ('{"Id": "x"}', "no Config"),
    ],
)
def test_bad_inspect_output(tmp_path: Path, content: str, reason: str) -> None:
    path = tmp_path / "i.json"
    path.write_text(content)
    with pytest.raises(V6portError) as caught:
        read_image(f"inspect:{path}")
    assert reason in str(caught.value)
    assert str(caught.value).startswith(f"inspect:{path}: ")


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(V6portError, match=r"does not exist"):
        read_image(f"inspect:{tmp_path / 'nope.json'}")
