"""The exact builder command lines, as pure functions.

There is no Docker engine on this machine (only buildah and podman), so the
docker and docker buildx command lines are tested here as the argv v6port would
run; podman's and buildah's are also run for real in test_build_real.py.
"""

from __future__ import annotations

import pytest

from v6port.build import (
    BuilderError,
    BuildSpec,
    build_argv,
    failure_message,
    find_builder,
    inspect_argv,
    parse_push_digest,
    push_argv,
    resolve_builder,
)

SPEC = BuildSpec(
    context="algo",
    dockerfile="algo/Dockerfile",
    tags=("reg.example/algo:1", "reg.example/algo:latest"),
    build_args=("PORT=9000", "FROM_ENV"),
    target="api",
    platform="linux/amd64",
    labels=("p8888=other",),
)
FLAGS = [
    "--file", "algo/Dockerfile",
    "--tag", "reg.example/algo:1",
    "--tag", "reg.example/algo:latest",
    "--build-arg", "PORT=9000",
    "--build-arg", "FROM_ENV",
    "--target", "api",
    "--platform", "linux/amd64",
    "--label", "p8888=other",
    "--iidfile", "/tmp/iid",
]  # fmt: skip


def test_docker_buildx_argv() -> None:
    """No Docker engine here: this is the command v6port would run when buildx is present."""
    argv = build_argv("docker", SPEC, buildx=True, iidfile="/tmp/iid")
    assert argv == ["docker", "buildx", "build", "--load", *FLAGS, "algo"]


def test_docker_classic_argv() -> None:
    """No Docker engine here: without buildx, the classic `docker build`."""
    argv = build_argv("docker", SPEC, executable="/usr/bin/docker", iidfile="/tmp/iid")
    assert argv == ["/usr/bin/docker", "build", *FLAGS, "algo"]


@pytest.mark.parametrize("builder", ["podman", "buildah"])
def test_podman_and_buildah_argv(builder: str) -> None:
    argv = build_argv(builder, SPEC, iidfile="/tmp/iid")  # type: ignore[arg-type]
    assert argv == [builder, "build", *FLAGS, "algo"]


def test_no_cache_is_passed_on() -> None:
    spec = BuildSpec(context=".", dockerfile="Dockerfile", no_cache=True)
    assert build_argv("podman", spec) == [
        "podman",
        "build",
        "--file",
        "Dockerfile",
        "--no-cache",
        ".",
    ]
    assert build_argv("docker", spec, buildx=True)[:5] == [
        "docker",
        "buildx",
        "build",
        "--load",
        "--file",
    ]
    assert "--no-cache" in build_argv("docker", spec, buildx=True)


def test_minimal_argv() -> None:
    spec = BuildSpec(context=".", dockerfile="Dockerfile")
    assert build_argv("buildah", spec) == ["buildah", "build", "--file", "Dockerfile", "."]


def test_inspect_argv() -> None:
    """docker and podman `image inspect`; buildah `inspect --type image`; `--` before the name."""
    assert inspect_argv("docker", "sha256:ab") == ["docker", "image", "inspect", "--", "sha256:ab"]
    assert inspect_argv("podman", "x") == ["podman", "image", "inspect", "--", "x"]
    assert inspect_argv("buildah", "x", executable="/b") == [
        "/b", "inspect", "--type", "image", "--", "x",
    ]  # fmt: skip


def test_push_argv() -> None:
    assert push_argv("docker", "r/a:1") == ["docker", "push", "r/a:1"]
    assert push_argv("podman", "r/a:1", digestfile="/d") == [
        "podman", "push", "--digestfile", "/d", "r/a:1",
    ]  # fmt: skip
    assert push_argv("buildah", "r/a:1", digestfile="/d") == [
        "buildah", "push", "--digestfile", "/d", "r/a:1",
    ]  # fmt: skip


def test_docker_push_digest_is_parsed() -> None:
    digest = "sha256:" + "ab" * 32
    output = f"The push refers to repository [r/a]\n5f70bf18a086: Pushed\n1: digest: {digest} size: 528\n"
    assert parse_push_digest(output) == digest
    assert parse_push_digest("no digest here") is None


def test_builder_found_in_order() -> None:
    on_path = {"podman": "/usr/bin/podman", "buildah": "/usr/bin/buildah"}
    assert find_builder(on_path.get) == ("podman", "/usr/bin/podman")
    on_path["docker"] = "/usr/bin/docker"
    assert find_builder(on_path.get) == ("docker", "/usr/bin/docker")
    assert find_builder({}.get) is None


def test_missing_builder_is_an_error() -> None:
    with pytest.raises(BuilderError, match="none of docker, podman, buildah"):
        resolve_builder(None, {}.get)
    with pytest.raises(BuilderError, match="--builder docker: docker is not installed"):
        resolve_builder("docker", {"podman": "/p"}.get)


def test_failure_message_is_one_line_plus_context() -> None:
    message = failure_message("buildah build", 125, ["STEP 1/2: FROM scratch", "", "Error: boom"])
    first, *rest = message.split("\n")
    assert first == "`buildah build` failed with exit code 125: Error: boom"
    assert rest == ["  last lines of its output:", "  | STEP 1/2: FROM scratch", "  | Error: boom"]
    assert failure_message("x", 1, []) == "`x` failed with exit code 1"
