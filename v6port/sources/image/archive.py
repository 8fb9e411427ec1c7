"""Tar archives (`oci-archive:`, `docker-archive:`) read in place, never extracted.

Every member name is checked while indexing; only the few small members a reader needs
are ever opened. Links are refused only where a reader would have to follow them:
`docker save` itself writes `<id>/layer.tar` symlinks for shared layers, which we never open.
"""

from __future__ import annotations

import bz2
import gzip
import io
import json
import lzma
import re
import tarfile
import zlib
from typing import IO, Any

from v6port.errors import V6portError

from . import digest as digests
from . import limits
from .layout import read_layout
from .limits import (
    MAX_CONFIG_BYTES,
    MAX_INDEX_BYTES,
)
from .manifests import DocumentError, runtime_config
from .platforms import Platform
from .reference import parse_docker_reference

# Members at most this big are kept in memory while indexing, so a compressed archive is
# not decompressed again from the start for each small file a reader asks for.
_CACHE_MEMBER_BYTES = 256 * 1024
_CACHE_TOTAL_BYTES = 16 * 1024 * 1024


class _BoundedReader(io.RawIOBase):
    """A decompressed stream that refuses to go past `limit` bytes (a compression bomb)."""

    def __init__(self, inner: gzip.GzipFile | bz2.BZ2File | lzma.LZMAFile, limit: int) -> None:
        super().__init__()
        self._inner = inner
        self._limit = limit

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def tell(self) -> int:
        return self._inner.tell()

    def _check(self, position: int) -> None:
        if position > self._limit:
            raise DocumentError(
                f"the archive decompresses to more than {self._limit} bytes (limit)",
                "it may be a compression bomb; use an uncompressed archive if it is genuine",
            )

    def readinto(self, buffer: Any) -> int:
        view = memoryview(buffer)
        position = self._inner.tell()
        self._check(position)
        # Never decompress more than one byte past the limit.
        wanted = min(len(view), self._limit - position + 1)
        data = self._inner.read(wanted)
        view[: len(data)] = data
        self._check(position + len(data))
        return len(data)

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        if whence == io.SEEK_CUR:
            offset += self._inner.tell()
        elif whence != io.SEEK_SET:
            raise io.UnsupportedOperation("seek from end")
        self._check(offset)
        return self._inner.seek(offset)


def _open_decompressed(raw: IO[bytes]) -> gzip.GzipFile | bz2.BZ2File | lzma.LZMAFile | None:
    """A decompressing reader when `raw` starts with a known magic, None for a plain tar."""
    magic = raw.read(6)
    raw.seek(0)
    if magic[:2] == b"\x1f\x8b":
        return gzip.GzipFile(fileobj=raw, mode="rb")
    if magic[:3] == b"BZh":
        return bz2.BZ2File(raw, mode="rb")
    if magic == b"\xfd7zXZ\x00":
        return lzma.LZMAFile(raw, mode="rb")
    if magic[:4] == b"\x28\xb5\x2f\xfd":
        raise DocumentError("the archive is zstd-compressed", "decompress it first (zstd -d)")
    return None


def _normal_name(name: str) -> str:
    while name.startswith("./"):
        name = name[2:]
    return name.rstrip("/")


class TarStore:
    """An indexed tar archive; `read` serves regular-file members by name."""

    def __init__(self, raw: IO[bytes]) -> None:
        decompressed = _open_decompressed(raw)
        stream: IO[bytes] = raw
        if decompressed is not None:
            stream = io.BufferedReader(_BoundedReader(decompressed, limits.MAX_DECOMPRESSED_BYTES))
        try:
            self._tar = tarfile.open(fileobj=stream, mode="r:")  # noqa: SIM115 - kept open
        except (tarfile.TarError, EOFError, OSError, zlib.error, lzma.LZMAError) as exc:
            raise DocumentError(f"not a tar archive, or a damaged one ({_short(exc)})") from None
        self._members: dict[str, tarfile.TarInfo] = {}
        self._cache: dict[str, bytes] = {}
        self._index()

    def _index(self) -> None:
        cached = 0
        try:
            for count, info in enumerate(self._tar, start=1):
                if count > limits.MAX_ARCHIVE_MEMBERS:
                    raise DocumentError(
                        f"the archive has more than {limits.MAX_ARCHIVE_MEMBERS} members"
                    )
                name = self._check_member(info)
                small = info.isreg() and info.size <= _CACHE_MEMBER_BYTES
                if small and cached + info.size <= _CACHE_TOTAL_BYTES:
                    self._cache[name] = self._extract(info)
                    cached += info.size
        except (tarfile.TarError, EOFError, OSError, zlib.error, lzma.LZMAError) as exc:
            raise DocumentError(f"the archive is damaged ({_short(exc)})") from None

    def _check_member(self, info: tarfile.TarInfo) -> str:
        raw_name = info.name
        name = _normal_name(raw_name)
        shown = raw_name[:120]
        if raw_name.startswith("/") or re.match(r"[A-Za-z]:[\\/]", raw_name):
            raise DocumentError(f"the archive has an absolute member name {shown!r}")
        if ".." in re.split(r"[\\/]", name):
            raise DocumentError(f"the archive has a member name with '..': {shown!r}")
        if "\x00" in name:
            raise DocumentError("the archive has a member name with a NUL byte")
        if not (info.isreg() or info.isdir() or info.issym() or info.islnk()):
            raise DocumentError(f"the archive has a device or special file {shown!r}")
        if name in self._members:
            raise DocumentError(
                f"the archive has two members named {shown!r}",
                "a reader and docker would see different files; recreate the archive",
            )
        self._members[name] = info
        return name

    def _extract(self, info: tarfile.TarInfo) -> bytes:
        handle = self._tar.extractfile(info)
        if handle is None:
            raise DocumentError(f"{info.name[:120]} can't be read")
        with handle:
            return handle.read(info.size)

    def read(self, name: str, limit: int, what: str) -> bytes:
        info = self._members.get(name)
        if info is None:
            raise DocumentError(f"the archive has no {name} ({what})")
        if info.issym() or info.islnk():
            raise DocumentError(f"{name} in the archive is a link ({what}); links are not followed")
        if not info.isreg():
            raise DocumentError(f"{name} in the archive is not a regular file ({what})")
        if info.size > limit:
            raise DocumentError(
                f"{name} in the archive is {info.size} bytes, over the {limit}-byte limit ({what})"
            )
        if name in self._cache:
            return self._cache[name]
        try:
            return self._extract(info)
        except (tarfile.TarError, EOFError, OSError, zlib.error, lzma.LZMAError) as exc:
            raise DocumentError(f"the archive is damaged ({_short(exc)})") from None

    def names(self) -> list[str]:
        return list(self._members)


def _short(exc: BaseException) -> str:
    text = str(exc) or exc.__class__.__name__
    return text[:120]


def open_store(path: str) -> tuple[IO[bytes], TarStore]:
    raw = open(path, "rb")  # noqa: SIM115 - the caller closes it after reading
    try:
        return raw, TarStore(raw)
    except BaseException:
        raw.close()
        raise


def read_oci_archive(
    path: str, selector: str | None, wanted: Platform
) -> tuple[str, dict[str, Any]]:
    raw, store = open_store(path)
    with raw:
        return read_layout(store, selector, wanted)


# Config names docker save writes: "<hex>.json" (before 25) or "blobs/sha256/<hex>" (25+).
_CONFIG_NAME_RE = re.compile(r"(?:blobs/sha256/)?([a-f0-9]{64})(?:\.json)?")


def read_docker_archive(path: str, selector: str | None) -> tuple[str, dict[str, Any]]:
    """(config digest, runtime config) from a `docker save` archive."""
    raw, store = open_store(path)
    with raw:
        data = store.read("manifest.json", MAX_INDEX_BYTES, "docker save manifest")
        try:
            entries = json.loads(data)
        except (UnicodeDecodeError, json.JSONDecodeError, RecursionError):
            raise DocumentError("manifest.json is not valid JSON") from None
        if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
            raise DocumentError("manifest.json is not a list of image entries")
        entry = _pick_entry(entries, selector)
        config_name = entry.get("Config")
        if not isinstance(config_name, str) or not config_name:
            raise DocumentError("the manifest.json entry has no Config file")
        config_name = _normal_name(config_name)
        if config_name.startswith("/") or ".." in config_name.split("/"):
            raise DocumentError(
                f"manifest.json names a config outside the archive: {config_name!r}"
            )
        blob = store.read(config_name, MAX_CONFIG_BYTES, "image config")
        config_digest = digests.compute(blob)
        named = _CONFIG_NAME_RE.fullmatch(config_name)
        if named and config_digest != f"sha256:{named.group(1)}":
            raise DocumentError(
                f"the config {config_name} does not match the digest in its name",
                "the archive is corrupt or was tampered with; save it again",
            )
        return config_digest, runtime_config(blob)


def _pick_entry(entries: list[dict[str, Any]], selector: str | None) -> dict[str, Any]:
    def tags(entry: dict[str, Any]) -> list[str]:
        value = entry.get("RepoTags")
        return [t for t in value if isinstance(t, str)] if isinstance(value, list) else []

    every_tag = [t for e in entries for t in tags(e)]
    if not entries:
        raise DocumentError("manifest.json lists no images")
    if selector is None:
        if len(entries) == 1:
            return entries[0]
        raise DocumentError(
            f"the archive holds {len(entries)} images (tags: {', '.join(every_tag) or 'none'})",
            "name one, docker-archive:PATH:NAME:TAG or docker-archive:PATH:@INDEX",
        )
    if selector.startswith("@") and selector[1:].isdigit():
        position = int(selector[1:])
        if position >= len(entries):
            raise DocumentError(f"the archive holds only {len(entries)} images")
        return entries[position]
    wanted = _canonical(selector)
    for entry in entries:
        if any(t == selector or _canonical(t) == wanted for t in tags(entry)):
            return entry
    raise DocumentError(
        f"no image tagged {selector!r} in the archive (tags: {', '.join(every_tag) or 'none'})",
        "use one of those tags",
    )


def _canonical(name: str) -> str | None:
    try:
        return str(parse_docker_reference(name))
    except V6portError:  # an odd tag in someone's archive just doesn't match
        return None
