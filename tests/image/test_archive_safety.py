"""Crafted tars: archives are read in place and refused when they try anything odd."""

from __future__ import annotations

import gzip
import io
import json
import os
import tarfile
from collections.abc import Callable
from pathlib import Path

import pytest

from v6port.errors import V6portError
from v6port.sources.image import limits as image_limits
from v6port.sources.image import read_image

from .image_helpers import sha256

CONFIG = json.dumps({"config": {"ExposedPorts": {"8888/tcp": {}}, "Labels": {"p8888": "com"}}})
CONFIG_BYTES = CONFIG.encode()
CONFIG_NAME = sha256(CONFIG_BYTES)[7:] + ".json"
MANIFEST = json.dumps([{"Config": CONFIG_NAME, "RepoTags": ["a/b:1"], "Layers": []}]).encode()

Member = tuple[tarfile.TarInfo, bytes | None]


def regular(name: str, data: bytes) -> Member:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    return info, data


def link(name: str, target: str, kind: bytes = tarfile.SYMTYPE) -> Member:
    info = tarfile.TarInfo(name)
    info.type = kind
    info.linkname = target
    return info, None


def device(name: str) -> Member:
    info = tarfile.TarInfo(name)
    info.type = tarfile.CHRTYPE
    info.devmajor, info.devminor = 1, 3
    return info, None


def write_tar(path: Path, members: list[Member], compress: bool = False) -> Path:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w", format=tarfile.PAX_FORMAT) as tar:
        for info, data in members:
            tar.addfile(info, io.BytesIO(data) if data is not None else None)
    raw = buffer.getvalue()
    path.write_bytes(gzip.compress(raw) if compress else raw)
    return path


def base() -> list[Member]:
    return [regular("manifest.json", MANIFEST), regular(CONFIG_NAME, CONFIG_BYTES)]


def test_base_archive_reads(tmp_path: Path) -> None:
    path = write_tar(tmp_path / "a.tar", base())
    result = read_image(f"docker-archive:{path}")
    assert result.config["Labels"] == {"p8888": "com"}
    assert result.digest == sha256(CONFIG_BYTES)


def test_layer_symlinks_docker_save_writes_are_tolerated(tmp_path: Path) -> None:
    """docker save links `<id>/layer.tar` to a shared layer; it is never opened, so it's fine."""
    members = [
        *base(),
        regular("aaa/layer.tar", b"x" * 512),
        link("bbb/layer.tar", "../aaa/layer.tar"),
        regular("ccc/json", b"{}"),
        link("ccc/layer.tar", "aaa/layer.tar", tarfile.LNKTYPE),
    ]
    path = write_tar(tmp_path / "a.tar", members)
    assert read_image(f"docker-archive:{path}").config["Labels"] == {"p8888": "com"}


@pytest.mark.parametrize(
    ("members", "reason"),
    [
        (lambda: [*base(), regular("../evil", b"x")], "member name with '..'"),
        (lambda: [*base(), regular("blobs/../../evil", b"x")], "member name with '..'"),
        (lambda: [*base(), regular("/etc/evil", b"x")], "absolute member name"),
        (
            lambda: [link("manifest.json", "/etc/passwd"), regular(CONFIG_NAME, CONFIG_BYTES)],
            "manifest.json in the archive is a link",
        ),
        (
            lambda: [
                regular("manifest.json", MANIFEST),
                regular("real.json", CONFIG_BYTES),
                link(CONFIG_NAME, "real.json", tarfile.LNKTYPE),
            ],
            f"{CONFIG_NAME} in the archive is a link",
        ),
        (lambda: [*base(), device("dev/null")], "device or special file"),
        (lambda: [*base(), regular("./manifest.json", b"[]")], "two members named"),
        (
            lambda: [regular("manifest.json", json.dumps([{"Config": "../x.json"}]).encode())],
            "config outside the archive",
        ),
        (lambda: [regular("manifest.json", MANIFEST)], f"the archive has no {CONFIG_NAME}"),
        (lambda: [regular("manifest.json", b"{oops")], "manifest.json is not valid JSON"),
        (lambda: [regular("manifest.json", MANIFEST * 2)], "not valid JSON"),
        (lambda: [regular("other", b"x")], "the archive has no manifest.json"),
    ],
)
def test_refused(tmp_path: Path, members: Callable[[], list[Member]], reason: str) -> None:
    for compress in (False, True):
        path = write_tar(tmp_path / f"a{compress}.tar", members(), compress)
        with pytest.raises(V6portError) as caught:
            read_image(f"docker-archive:{path}")
        message = str(caught.value)
        assert reason in message
        assert message.startswith(f"docker-archive:{path}: ")
        assert "\n" not in message


def test_nothing_is_extracted(tmp_path: Path) -> None:
    work = tmp_path / "work"
    work.mkdir()
    path = write_tar(tmp_path / "a.tar", [*base(), regular("../escaped", b"x")])
    before = set(os.listdir(tmp_path))
    with pytest.raises(V6portError):
        read_image(f"docker-archive:{path}")
    assert set(os.listdir(tmp_path)) == before
    assert os.listdir(work) == []


def test_oversized_config(tmp_path: Path) -> None:
    big = json.dumps({"config": {}, "history": [{"x": "y" * (image_limits.MAX_CONFIG_BYTES)}]})
    name = sha256(big.encode())[7:] + ".json"
    manifest = json.dumps([{"Config": name, "RepoTags": [], "Layers": []}]).encode()
    path = write_tar(
        tmp_path / "a.tar", [regular("manifest.json", manifest), regular(name, big.encode())]
    )
    with pytest.raises(V6portError, match=rf"over the {image_limits.MAX_CONFIG_BYTES}-byte limit"):
        read_image(f"docker-archive:{path}")


def _bomb(path: Path, members: int, size: int) -> Path:
    """A gzip of many zero-filled members: tiny on disk, big decompressed, every header honest."""
    with gzip.open(path, "wb", compresslevel=9) as out:
        zeros = b"\0" * size
        for number in range(members):
            info = tarfile.TarInfo(f"layer{number}.tar")
            info.size = size
            out.write(info.tobuf(tarfile.PAX_FORMAT))
            out.write(zeros)
        out.write(b"\0" * 1024)
    return path


@pytest.mark.parametrize("member_size", [256 * 1024, 4 * 1024 * 1024])
def test_gzip_bomb_stops_at_the_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, member_size: int
) -> None:
    """Small members are read (cached), big ones skipped by seeking: both paths are bounded."""
    monkeypatch.setattr(image_limits, "MAX_DECOMPRESSED_BYTES", 8 * 1024 * 1024)
    path = _bomb(tmp_path / "bomb.tar.gz", (32 * 1024 * 1024) // member_size, member_size)
    assert path.stat().st_size < 200_000
    with pytest.raises(V6portError, match=r"decompresses to more than 8388608 bytes"):
        read_image(f"docker-archive:{path}")


def test_lying_member_size_stops_at_the_limit(tmp_path: Path) -> None:
    """A header claiming 1 TiB: refused from the header alone, with the default limit."""
    info = tarfile.TarInfo("layer.tar")
    info.size = 1 << 40
    path = tmp_path / "liar.tar.gz"
    path.write_bytes(gzip.compress(info.tobuf(tarfile.PAX_FORMAT) + b"\0" * 4096))
    with pytest.raises(V6portError, match=r"decompresses to more than"):
        read_image(f"docker-archive:{path}")


def test_oci_archive_with_traversal(tmp_path: Path) -> None:
    members = [
        regular("oci-layout", b'{"imageLayoutVersion":"1.0.0"}'),
        regular("../index.json", b"{}"),
    ]
    path = write_tar(tmp_path / "o.tar", members)
    with pytest.raises(V6portError, match=r"member name with '\.\.'"):
        read_image(f"oci-archive:{path}")


def test_member_count_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(image_limits, "MAX_ARCHIVE_MEMBERS", 10)
    members = [*base(), *(regular(f"f{i}", b"") for i in range(20))]
    path = write_tar(tmp_path / "many.tar", members)
    with pytest.raises(V6portError, match="more than 10 members"):
        read_image(f"docker-archive:{path}")
