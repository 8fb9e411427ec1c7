"""The manifest of a Dockerfile agrees with the manifest of the image buildah builds from it.

Real builds: buildah (Debian), FROM scratch (no network), chroot isolation, vfs
storage under a temp dir. Ranges are the known exception: buildah stores
``9000-9001/tcp`` as one key where BuildKit writes one key per port, so the
image's keys differ, `check` reports V6P021, and the node would look up the
label ``p9000-9001``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from builder_helpers import Builders, make_builders, need
from click.testing import CliRunner

import v6port
from v6port.cli import cli

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def buildah(tmp_path_factory: pytest.TempPathFactory) -> Builders:
    need("buildah")
    return make_builders(tmp_path_factory.mktemp("buildah-agreement"))


def build(b: Builders, context: Path, tag: str, *extra: str) -> dict[str, Any]:
    result = b.tool("buildah", "build", "--quiet", "-t", tag, *extra, str(context))
    assert result.returncode == 0, result.stderr
    inspected = b.tool("buildah", "inspect", "--type", "image", tag)
    assert inspected.returncode == 0, inspected.stderr
    data: dict[str, Any] = json.loads(inspected.stdout)
    return data


CASES = {
    "build-args": (
        "FROM scratch\nARG PORT=1000\nARG PROTO\nEXPOSE $PORT ${PORT}0/${PROTO:-udp}\n"
        'LABEL p${PORT}="com" "p${PORT}0"=\'da ta\'\n',
        {"PORT": "700", "PROTO": "sctp"},
        None,
    ),
    "stages-and-target": (
        "FROM scratch AS base\nENV P=8000\nEXPOSE $P\nLABEL p8000=base\n"
        "FROM base AS app\nEXPOSE 8001/tcp\nLABEL p8001=app p8000=override\n"
        "FROM scratch AS other\nEXPOSE 9999\n",
        {},
        "app",
    ),
    "protocols-and-legacy-label": (
        'FROM scratch\nEXPOSE 8888/tcp 8889/udp 8890/sctp\nLABEL p8888 = "com"\nLABEL p8889 data\n',
        {},
        None,
    ),
    "no-ports": ("FROM scratch\nLABEL version=1\n", {}, None),
}


@pytest.mark.parametrize("name", list(CASES))
def test_dockerfile_and_built_image_give_the_same_manifest(
    buildah: Builders, tmp_path: Path, name: str
) -> None:
    text, args, target = CASES[name]
    (tmp_path / "Dockerfile").write_text(text)
    extra = [a for k, v in args.items() for a in ("--build-arg", f"{k}={v}")]
    if target:
        extra += ["--target", target]
    image = build(buildah, tmp_path, f"localhost/agree-{name}:1", *extra)
    from_dockerfile = v6port.manifest_from_dockerfile(
        tmp_path / "Dockerfile", build_args=args, target=target
    )
    from_image = v6port.manifest_from_image_config(image["OCIv1"]["config"])
    assert from_image.ports == from_dockerfile.ports


def test_ranges_are_the_known_exception(buildah: Builders, tmp_path: Path) -> None:
    (tmp_path / "Dockerfile").write_text(
        'FROM scratch\nEXPOSE 9000-9001\nLABEL p9000="a" p9001="b"\n'
    )
    build(buildah, tmp_path, "localhost/agree-range:1")
    inspect = tmp_path / "inspect.json"
    inspect.write_text(
        buildah.tool("buildah", "inspect", "--type", "image", "localhost/agree-range:1").stdout
    )
    config = json.loads(inspect.read_text())["OCIv1"]["config"]
    # buildah stores the range verbatim: one key.
    assert list(config["ExposedPorts"]) == ["9000-9001/tcp"]
    # The Dockerfile's manifest follows BuildKit: two ports, each labelled.
    from_dockerfile = v6port.manifest_from_dockerfile(tmp_path / "Dockerfile")
    assert [(p.port, p.label) for p in from_dockerfile.ports] == [(9000, "a"), (9001, "b")]
    # The image's manifest has the same ports, but the node looks up "p9000-9001": no label.
    from_image = v6port.manifest_from_image_config(config)
    assert [(p.port, p.label) for p in from_image.ports] == [(9000, None), (9001, None)]
    # And check explains why.
    result = CliRunner().invoke(cli, ["check", "--format", "json", f"inspect:{inspect}"])
    findings = json.loads(result.stdout)["findings"]
    assert any(f["rule"] == "V6P021" and "9000-9001/tcp" in f["message"] for f in findings), (
        findings
    )
