"""docker-daemon: and podman: run `<tool> image inspect`; podman is exercised for real.

There is no Docker engine on the test machines: for docker only the command line is
tested (and, if the docker CLI is installed, that its "no daemon" failure is one line).
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from v6port.errors import V6portError
from v6port.sources.image import ReadOptions, read_image
from v6port.sources.image.daemon import inspect_argv

from .image_helpers import need, run


def test_argv() -> None:
    assert inspect_argv("docker", "algo:1") == ["docker", "image", "inspect", "--", "algo:1"]
    assert inspect_argv("podman", "localhost/a", "/usr/bin/podman") == [
        "/usr/bin/podman",
        "image",
        "inspect",
        "--",
        "localhost/a",
    ]
    for bad in ("", "-x", "--format={{.}}"):
        with pytest.raises(ValueError):
            inspect_argv("docker", bad)


def test_tool_not_installed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    for ref, tool in (("docker-daemon:a:1", "docker"), ("podman:a:1", "podman")):
        with pytest.raises(V6portError) as caught:
            read_image(ref)
        message = str(caught.value)
        assert message.startswith(f"{ref}: {tool} is not installed or not on PATH")
        assert "skopeo copy" in message


def test_docker_without_engine_is_one_line(tmp_path: Path) -> None:
    if shutil.which("docker") is None:
        pytest.skip("docker CLI not installed")
    probe = subprocess.run(["docker", "info"], capture_output=True, timeout=30, check=False)
    if probe.returncode == 0:
        pytest.skip("a Docker engine is running here; this test is for machines without one")
    with pytest.raises(V6portError) as caught:
        read_image("docker-daemon:v6port-no-such-image:1", ReadOptions(timeout=20.0))
    message = str(caught.value)
    assert message.startswith("docker-daemon:v6port-no-such-image:1: `docker image inspect` failed")
    assert "\n" not in message


def test_engine_timeout(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fake = tmp_path / "podman"
    fake.write_text("#!/bin/sh\nexec sleep 5\n")
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", f"{tmp_path}:/usr/bin:/bin")
    with pytest.raises(V6portError, match=r"did not answer within 0\.3 s"):
        read_image("podman:a", ReadOptions(timeout=0.3))


@pytest.fixture(scope="module")
def podman_storage(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A vfs storage root in a temp dir holding localhost/v6port-test:1, built by buildah."""
    need("podman")
    need("buildah")
    root = tmp_path_factory.mktemp("storage")
    conf = root / "storage.conf"
    conf.write_text(
        f'[storage]\ndriver = "vfs"\ngraphroot = "{root}/graph"\nrunroot = "{root}/run"\n'
    )
    env = {**os.environ, "CONTAINERS_STORAGE_CONF": str(conf), "BUILDAH_ISOLATION": "chroot"}
    container = run("buildah", "from", "scratch", env=env).strip()
    run(
        "buildah",
        "config",
        "--port",
        "8888/tcp",
        "--port",
        "08888",
        "--label",
        "p8888=com",
        container,
        env=env,
    )
    run("buildah", "commit", "-q", container, "localhost/v6port-test:1", env=env)
    run("buildah", "rm", container, env=env)
    yield conf


def test_podman_for_real(podman_storage: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # The environment is passed through: podman reads its storage settings from it.
    monkeypatch.setenv("CONTAINERS_STORAGE_CONF", str(podman_storage))
    result = read_image("podman:localhost/v6port-test:1")
    # buildah config --port stores the word as given: "08888" stays bare, no "/tcp".
    assert result.config["ExposedPorts"] == {"8888/tcp": {}, "08888": {}}
    assert result.config["Labels"]["p8888"] == "com"
    assert result.digest is not None and result.digest.startswith("sha256:")
    with pytest.raises(V6portError) as caught:
        read_image("podman:localhost/absent:1")
    message = str(caught.value)
    assert message.startswith("podman:localhost/absent:1: `podman image inspect` failed")
    assert "image not known" in message
    assert "\n" not in message
