"""oci:, oci-archive: and docker-archive: on images umoci wrote and skopeo converted."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from v6port.errors import V6portError
from v6port.sources.image import ReadOptions, read_image

from .conftest import BAD_LABELS, BAD_PORTS, Images
from .image_helpers import sha256, skopeo_copy


def test_oci_layout_by_tag(images: Images) -> None:
    result = read_image(f"oci:{images.layout}:good")
    assert result.config["ExposedPorts"] == {"8888/tcp": {}}
    assert result.config["Labels"] == {"p8888": "com"}
    assert result.digest == images.good_digest
    assert result.reference == f"oci:{images.layout}:good"


def test_bad_keys_are_returned_verbatim(images: Images) -> None:
    result = read_image(f"oci:{images.layout}:bad")
    assert set(result.config["ExposedPorts"]) == set(BAD_PORTS)
    assert result.config["Labels"] == BAD_LABELS
    assert result.digest == images.bad_digest


def test_layout_needs_a_tag_when_it_holds_several(images: Images) -> None:
    with pytest.raises(V6portError, match=r"holds \d+ images .*names: amd, arm, bad, good, multi"):
        read_image(f"oci:{images.layout}")
    with pytest.raises(V6portError, match=r"no image named 'nope'.*names: amd"):
        read_image(f"oci:{images.layout}:nope")


def test_index_picks_the_platform(images: Images) -> None:
    ref = f"oci:{images.layout}:multi"
    arm = read_image(ref, ReadOptions(platform="linux/arm64"))
    assert arm.config["Labels"] == {"p8888": "arm"}
    assert arm.digest == images.arm_digest
    amd = read_image(ref, ReadOptions(platform="linux/amd64"))
    assert amd.digest == images.amd_digest
    arm_v8 = read_image(ref, ReadOptions(platform="linux/arm64/v8"))
    assert arm_v8.digest == images.arm_digest
    with pytest.raises(V6portError, match=r"no image for platform linux/s390x.*linux/amd64"):
        read_image(ref, ReadOptions(platform="linux/s390x"))
    with pytest.raises(V6portError, match=r"os/arch"):
        read_image(ref, ReadOptions(platform="amd64"))


def test_default_platform_is_this_machine(images: Images) -> None:
    import platform

    arch = {"x86_64": "amd64", "aarch64": "arm64"}.get(platform.machine())
    if arch is None:
        pytest.skip(f"no test image for {platform.machine()}")
    result = read_image(f"oci:{images.layout}:multi")
    assert result.config["Labels"] == {"p8888": arch[:3]}


def test_tampered_blob_is_refused(images: Images, tmp_path: Path) -> None:
    layout = tmp_path / "layout"
    shutil.copytree(images.layout, layout)
    manifest_path = layout / "blobs" / "sha256" / images.good_digest[7:]
    manifest = json.loads(manifest_path.read_text())
    config_path = layout / "blobs" / "sha256" / manifest["config"]["digest"][7:]
    config = json.loads(config_path.read_text())
    config["config"]["ExposedPorts"] = {"9999/tcp": {}}
    config_path.chmod(0o644)
    config_path.write_text(json.dumps(config))
    with pytest.raises(V6portError, match=r"config blob does not match its digest"):
        read_image(f"oci:{layout}:good")


def test_symlinked_blob_is_refused(images: Images, tmp_path: Path) -> None:
    layout = tmp_path / "layout"
    shutil.copytree(images.layout, layout)
    blob = layout / "blobs" / "sha256" / images.good_digest[7:]
    elsewhere = tmp_path / "elsewhere"
    blob.rename(elsewhere)
    blob.symlink_to(elsewhere)
    with pytest.raises(V6portError, match=r"not a regular file"):
        read_image(f"oci:{layout}:good")


def test_not_a_layout(tmp_path: Path) -> None:
    with pytest.raises(V6portError, match=r"oci-layout is missing"):
        read_image(f"oci:{tmp_path}")
    with pytest.raises(V6portError, match=r"does not exist"):
        read_image(f"oci:{tmp_path}/nope")
    (tmp_path / "f").write_text("x")
    with pytest.raises(V6portError, match=r"not a directory"):
        read_image(f"oci:{tmp_path}/f")


def test_oci_archive(images: Images) -> None:
    result = read_image(f"oci-archive:{images.oci_archive}:good")
    assert result.config["Labels"] == {"p8888": "com"}
    assert result.digest == images.good_digest
    only = read_image(f"oci-archive:{images.oci_archive}")
    assert only.digest == images.good_digest


def test_oci_archive_of_an_index(images: Images, tmp_path: Path) -> None:
    archive = tmp_path / "multi.tar"
    skopeo_copy(f"oci:{images.layout}:multi", f"oci-archive:{archive}:multi", "--all")
    result = read_image(f"oci-archive:{archive}:multi", ReadOptions(platform="linux/arm64"))
    assert result.config["Labels"] == {"p8888": "arm"}


@pytest.mark.parametrize("name", ["docker_archive", "docker_archive_gz"])
def test_docker_archive(images: Images, name: str) -> None:
    path: Path = getattr(images, name)
    for ref in (
        f"docker-archive:{path}",
        f"docker-archive:{path}:v6/good:1",
        f"docker-archive:{path}:docker.io/v6/good:1",
        f"docker-archive:{path}:@0",
    ):
        result = read_image(ref)
        assert result.config["Labels"] == {"p8888": "com"}
        # No manifest in a docker save archive: the digest is the config's (the image ID).
        manifest = json.loads((images.layout / "blobs/sha256" / images.good_digest[7:]).read_text())
        assert result.digest == manifest["config"]["digest"]
    with pytest.raises(V6portError, match=r"no image tagged 'other:1'.*v6/good:1"):
        read_image(f"docker-archive:{path}:other:1")


def test_docker_archive_compressions(images: Images, tmp_path: Path) -> None:
    import bz2
    import lzma

    data = images.docker_archive.read_bytes()
    (tmp_path / "a.tar.xz").write_bytes(lzma.compress(data))
    (tmp_path / "a.tar.bz2").write_bytes(bz2.compress(data))
    for name in ("a.tar.xz", "a.tar.bz2"):
        assert read_image(f"docker-archive:{tmp_path / name}").config["Labels"] == {"p8888": "com"}
    (tmp_path / "a.tar.zst").write_bytes(b"\x28\xb5\x2f\xfd" + b"\0" * 64)
    with pytest.raises(V6portError, match=r"zstd"):
        read_image(f"docker-archive:{tmp_path / 'a.tar.zst'}")


def test_not_an_archive(tmp_path: Path) -> None:
    (tmp_path / "x.tar").write_bytes(b"hello, not a tar" * 100)
    with pytest.raises(V6portError, match=r"not a tar archive"):
        read_image(f"docker-archive:{tmp_path / 'x.tar'}")
    (tmp_path / "x.tgz").write_bytes(b"\x1f\x8b" + b"garbage" * 100)
    with pytest.raises(V6portError, match=r"not a tar archive|damaged"):
        read_image(f"oci-archive:{tmp_path / 'x.tgz'}")


def test_docker_archive_config_digest_checked(tmp_path: Path) -> None:
    import io
    import tarfile

    config = json.dumps({"config": {"Labels": {"p8888": "com"}}}).encode()
    wrong_name = "0" * 64 + ".json"
    manifest = json.dumps([{"Config": wrong_name, "RepoTags": ["a:1"], "Layers": []}]).encode()
    path = tmp_path / "a.tar"
    with tarfile.open(path, "w") as tar:
        for name, data in (("manifest.json", manifest), (wrong_name, config)):
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    with pytest.raises(V6portError, match=r"does not match the digest in its name"):
        read_image(f"docker-archive:{path}")
    assert sha256(config) != "sha256:" + "0" * 64
