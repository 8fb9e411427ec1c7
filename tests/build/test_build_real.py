"""`v6port build` with real buildah and podman builds of FROM scratch contexts."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from builder_helpers import Builders, need

pytestmark = pytest.mark.slow

BUILDERS = ["buildah", "podman"]

MULTI_STAGE = """\
FROM scratch AS api
ARG PORT=8888
EXPOSE $PORT
LABEL p${PORT}="com"
COPY payload.txt /payload.txt

FROM api AS debug
EXPOSE 5678
LABEL p5678="debugger"
"""


def context(tmp_path: Path, dockerfile: str, **files: str) -> Path:
    ctx = tmp_path / "ctx"
    ctx.mkdir(parents=True)
    (ctx / "Dockerfile").write_text(dockerfile)
    for name, text in files.items():
        (ctx / name).write_text(text)
    return ctx


def image_config(builders: Builders, builder: str, name: str) -> dict:  # type: ignore[type-arg]
    if builder == "buildah":
        done = builders.tool("buildah", "inspect", "--type", "image", name)
        return json.loads(done.stdout)["OCIv1"]["config"]  # type: ignore[no-any-return]
    done = builders.tool("podman", "image", "inspect", name)
    return json.loads(done.stdout)[0]["Config"]  # type: ignore[no-any-return]


@pytest.mark.parametrize("builder", BUILDERS)
def test_build_args_and_target(builders: Builders, tmp_path: Path, builder: str) -> None:
    need(builder)
    ctx = context(tmp_path, MULTI_STAGE, **{"payload.txt": "x\n"})
    tag = f"localhost/v6port-test/args-{builder}:1"
    done = builders.run(
        "build", "--builder", builder, "-t", tag,
        "--build-arg", "PORT=9000", "--target", "api", str(ctx),
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    # Each step has a status line; the builder's own output is streamed.
    for n in range(1, 6):
        assert f"[{n}/5]" in done.stderr
    assert "COMMIT" in done.stderr or "Successfully tagged" in done.stderr
    # The image: the target stage, with the build arg applied.
    config = image_config(builders, builder, tag)
    assert set(config["ExposedPorts"]) == {"9000/tcp"}
    assert config["Labels"]["p9000"] == "com"
    # The manifest beside the Dockerfile is what `v6port manifest` says of the Dockerfile.
    written = (ctx / "v6-ports.json").read_text()
    expected = builders.run(
        "manifest", "Dockerfile", "--build-arg", "PORT=9000", "--target", "api", cwd=ctx
    )
    assert expected.returncode == 0, expected.stderr
    assert written == expected.stdout
    assert json.loads(written)["ports"] == [{"port": 9000, "protocol": "tcp", "label": "com"}]
    check = builders.run("manifest", "Dockerfile", "--build-arg", "PORT=9000", "--target", "api",
                         "--check", "v6-ports.json", cwd=ctx)  # fmt: skip
    assert check.returncode == 0, check.stdout


@pytest.mark.parametrize("builder", BUILDERS)
def test_last_stage_and_manifest_path(builders: Builders, tmp_path: Path, builder: str) -> None:
    need(builder)
    # Its own payload: no layer cached by another test can be reused (see below).
    ctx = context(tmp_path, MULTI_STAGE, **{"payload.txt": f"last-stage {builder}\n"})
    out = tmp_path / "out" / "ports.json"
    out.parent.mkdir()
    done = builders.run("build", "--builder", builder, "--manifest", str(out), str(ctx))
    assert done.returncode == 0, done.stdout + done.stderr
    assert not (ctx / "v6-ports.json").exists()
    doc = json.loads(out.read_text())
    assert doc["source"]["path"] == "../ctx/Dockerfile"
    assert [(p["port"], p["label"]) for p in doc["ports"]] == [(5678, "debugger"), (8888, "com")]


@pytest.mark.parametrize("builder", BUILDERS)
def test_lint_errors_stop_before_the_builder(
    builders: Builders, tmp_path: Path, builder: str
) -> None:
    need(builder)
    # The spaced form stores "= com" as the label: V6P004, an error.
    ctx = context(tmp_path, 'FROM scratch\nEXPOSE 8888\nLABEL p8888 = "com"\n')
    tag = f"localhost/v6port-test/lint-{builder}:1"
    done = builders.run("build", "--builder", builder, "-t", tag, str(ctx))
    assert done.returncode == 1, done.stderr
    assert "V6P004" in done.stdout
    assert "lint failed: not building" in done.stderr
    assert "[2/5]" not in done.stderr and "STEP" not in done.stderr
    assert not builders.has_image(builder, tag), "the builder must never have run"
    assert not (ctx / "v6-ports.json").exists()


@pytest.mark.parametrize("builder", BUILDERS)
def test_lint_uses_the_build_args(builders: Builders, tmp_path: Path, builder: str) -> None:
    """Lint sees what the builder sees: without the arg the label key is p (V6P012 et al.)."""
    need(builder)
    ctx = context(tmp_path, "FROM scratch\nARG PORT\nEXPOSE 8888\nLABEL p${PORT}=com\n")
    tag = f"localhost/v6port-test/lintargs-{builder}:1"
    refused = builders.run("build", "--builder", builder, "-t", tag, str(ctx))
    assert refused.returncode == 1
    assert not builders.has_image(builder, tag)
    done = builders.run(
        "build", "--builder", builder, "-t", tag, "--build-arg", "PORT=8888", str(ctx)
    )
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.parametrize("builder", BUILDERS)
def test_builder_failure_is_exit_2(builders: Builders, tmp_path: Path, builder: str) -> None:
    need(builder)
    # scratch has no shell for RUN, so fail with a COPY of a file that is not there.
    ctx = context(tmp_path, 'FROM scratch\nEXPOSE 8888\nLABEL p8888="com"\nCOPY missing.txt /\n')
    done = builders.run("build", "--builder", builder, str(ctx))
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr
    error = done.stderr[done.stderr.index("v6port: error:") :]
    first, *context_lines = error.splitlines()
    assert first.startswith(f"v6port: error: `{builder} build` failed with exit code ")
    code = int(first.split("exit code ")[1].split(":")[0])
    assert code != 0
    assert "missing.txt" in first
    assert context_lines[0] == "  last lines of its output:"
    assert any("COPY missing.txt" in line for line in context_lines)
    assert not (ctx / "v6-ports.json").exists()


@pytest.mark.parametrize("builder", BUILDERS)
def test_label_override_fails_verification(
    builders: Builders, tmp_path: Path, builder: str
) -> None:
    need(builder)
    ctx = context(tmp_path, 'FROM scratch\nEXPOSE 8888\nLABEL p8888="com"\n')
    done = builders.run("build", "--builder", builder, "--label", "p8888=other", str(ctx))
    assert done.returncode == 1, done.stderr
    assert "V6P022" in done.stdout
    assert "'other' in the image but 'com' in the Dockerfile" in done.stdout
    assert "[3/5] FAILED" in done.stderr
    assert not (ctx / "v6-ports.json").exists()


def test_unrelated_label_passes(builders: Builders, tmp_path: Path) -> None:
    need("buildah")
    ctx = context(tmp_path, 'FROM scratch\nEXPOSE 8888\nLABEL p8888="com"\n')
    done = builders.run("build", "--builder", "buildah", "--label", "org.example.team=x", str(ctx))
    assert done.returncode == 0, done.stdout + done.stderr


def test_missing_builder_is_exit_2(builders: Builders, tmp_path: Path) -> None:
    ctx = context(tmp_path, 'FROM scratch\nEXPOSE 8888\nLABEL p8888="com"\n')
    done = builders.run("build", str(ctx), PATH=str(tmp_path / "empty"))
    assert done.returncode == 2
    assert done.stderr.strip().splitlines()[-1] == (
        "v6port: error: no builder found: none of docker, podman, buildah is on PATH; "
        "install one, or pass --builder with one that is"
    )
    named = builders.run("build", "--builder", "podman", str(ctx), PATH=str(tmp_path / "empty"))
    assert named.returncode == 2
    assert "--builder podman: podman is not installed or not on PATH" in named.stderr


def test_push_prints_the_registry_digest(builders: Builders, tmp_path: Path) -> None:
    """buildah push to a real docker-registry on loopback; the digest is the registry's."""
    need("buildah")
    import http.client

    from image.image_helpers import docker_registry

    ctx = context(tmp_path, 'FROM scratch\nEXPOSE 8888\nLABEL p8888="com"\n')
    with docker_registry(tmp_path / "registry") as host:
        # Plain HTTP registry: containers/image reads this from REGISTRIES_CONFIG_PATH,
        # which v6port passes through like any other variable.
        conf = tmp_path / "registries.conf"
        conf.write_text(f'[[registry]]\nlocation = "{host}"\ninsecure = true\n')
        tag = f"{host}/v6/algo:1"
        done = builders.run(
            "build", "--builder", "buildah", "-t", tag, "--push", str(ctx),
            REGISTRIES_CONFIG_PATH=str(conf),
        )  # fmt: skip
        assert done.returncode == 0, done.stderr
        pushed = [line for line in done.stdout.splitlines() if line.startswith("pushed ")]
        assert len(pushed) == 1
        digest = pushed[0].rpartition("@")[2]
        connection = http.client.HTTPConnection(host, timeout=10)
        try:
            connection.request(
                "GET",
                "/v2/v6/algo/manifests/1",
                headers={
                    "Accept": "application/vnd.oci.image.manifest.v1+json, "
                    "application/vnd.docker.distribution.manifest.v2+json"
                },
            )
            response = connection.getresponse()
            response.read()
        finally:
            connection.close()
        assert response.status == 200
        assert response.headers["Docker-Content-Digest"] == digest


def test_push_needs_a_tag(builders: Builders, tmp_path: Path) -> None:
    ctx = context(tmp_path, 'FROM scratch\nEXPOSE 8888\nLABEL p8888="com"\n')
    done = builders.run("build", "--builder", "buildah", "--push", str(ctx))
    assert done.returncode == 2
    assert "--push needs at least one --tag" in done.stderr


def test_stale_layer_cache_is_caught(builders: Builders, tmp_path: Path) -> None:
    """podman 4.3 (layers on by default) reuses a cached `EXPOSE $PORT` layer built with
    another --build-arg value: the image then has the old port. Verification reads the
    image, so whatever the builder did, build's verdict must match the image's ports."""
    need("podman")
    dockerfile = "FROM scratch\nARG PORT=8888\nEXPOSE $PORT\nLABEL p${PORT}=com\nCOPY f /f\n"
    first = context(tmp_path / "a", dockerfile, f="cache\n")
    second = context(tmp_path / "b", dockerfile, f="cache\n")
    seeded = builders.run("build", "--builder", "podman", "--build-arg", "PORT=9100", str(first))
    assert seeded.returncode == 0, seeded.stderr
    tag = "localhost/v6port-test/cache:1"
    done = builders.run("build", "--builder", "podman", "-t", tag, str(second))
    ports = set(image_config(builders, "podman", tag)["ExposedPorts"])
    if ports == {"8888/tcp"}:  # a podman whose cache keys include build args
        assert done.returncode == 0, done.stdout + done.stderr
    else:
        assert ports == {"9100/tcp"}
        assert done.returncode == 1
        assert "V6P022" in done.stdout and "exposes 8888/tcp" in done.stdout
        assert not (second / "v6-ports.json").exists()
    rebuilt = builders.run("build", "--builder", "podman", "--no-cache", "-t", tag, str(second))
    assert rebuilt.returncode == 0, rebuilt.stdout + rebuilt.stderr
    assert set(image_config(builders, "podman", tag)["ExposedPorts"]) == {"8888/tcp"}
