"""OCI image layouts (`oci:`), from a directory or from any other file store."""

from __future__ import annotations

import os
import stat
from typing import Any, Protocol

from . import digest as digests
from .limits import MAX_CONFIG_BYTES, MAX_INDEX_BYTES, MAX_MANIFEST_BYTES
from .manifests import (
    DocumentError,
    descriptor_fields,
    index_entries,
    load_json_object,
    resolve,
)
from .platforms import Platform, descriptor_platform, pick_manifest

REF_NAME = "org.opencontainers.image.ref.name"


class FileStore(Protocol):
    """Read-only access to named files: a directory or an archive's members."""

    def read(self, name: str, limit: int, what: str) -> bytes:
        """The file's bytes; DocumentError if missing, not a regular file or over `limit`."""
        ...


class DirectoryStore:
    def __init__(self, root: str) -> None:
        self.root = root

    def read(self, name: str, limit: int, what: str) -> bytes:
        path = os.path.join(self.root, *name.split("/"))
        try:
            info = os.lstat(path)
        except FileNotFoundError:
            raise DocumentError(f"{name} is missing ({what})") from None
        # A symlink could point anywhere on the machine; layouts written by tools have none.
        if not stat.S_ISREG(info.st_mode):
            raise DocumentError(f"{name} is not a regular file ({what})")
        if info.st_size > limit:
            raise DocumentError(f"{name} is {info.st_size} bytes, over the {limit}-byte limit")
        with open(path, "rb") as handle:
            data = handle.read(limit + 1)  # the file may grow after lstat
        if len(data) > limit:
            raise DocumentError(f"{name} is over the {limit}-byte limit")
        return data


def read_blob(store: FileStore, digest: str, size: int | None, limit: int, what: str) -> bytes:
    """A blob, checked against its digest and the size its descriptor declares."""
    try:
        algorithm, hex_part = digests.split_digest(digest)
    except ValueError as exc:
        raise DocumentError(f"the {what} descriptor has a bad digest: {exc}") from None
    if size is not None and size > limit:
        raise DocumentError(f"the {what} is {size} bytes, over the {limit}-byte limit")
    data = store.read(f"blobs/{algorithm}/{hex_part}", limit, what)
    if not digests.matches(data, digest):
        raise DocumentError(
            f"the {what} blob does not match its digest {digest}",
            "the layout is corrupt or was tampered with; recreate it",
        )
    if size is not None and len(data) != size:
        raise DocumentError(f"the {what} blob is {len(data)} bytes, its descriptor says {size}")
    return data


def read_layout(
    store: FileStore, selector: str | None, wanted: Platform
) -> tuple[str, dict[str, Any]]:
    """(manifest digest, runtime config) of the image `selector` names in the layout."""
    layout = load_json_object(store.read("oci-layout", MAX_INDEX_BYTES, "oci-layout"), "oci-layout")
    if not isinstance(layout.get("imageLayoutVersion"), str):
        raise DocumentError("oci-layout has no imageLayoutVersion")
    index = load_json_object(store.read("index.json", MAX_INDEX_BYTES, "index"), "index.json")
    entry = _select(index_entries(index), selector, wanted)
    first_digest, size, media_type = descriptor_fields(entry, "image")

    def fetch_manifest(d: str, s: int | None, t: str | None) -> tuple[bytes, str | None]:
        return read_blob(store, d, s, MAX_MANIFEST_BYTES, "manifest"), t

    def fetch_config(d: str, s: int | None) -> bytes:
        return read_blob(store, d, s, MAX_CONFIG_BYTES, "config")

    data, content_type = fetch_manifest(first_digest, size, media_type)
    return resolve(data, content_type, first_digest, wanted, fetch_manifest, fetch_config)


def _select(
    entries: list[dict[str, Any]], selector: str | None, wanted: Platform
) -> dict[str, Any]:
    names = sorted({name for e in entries if (name := _ref_name(e))})
    if selector is not None:
        entries = [e for e in entries if _ref_name(e) == selector]
        if not entries:
            raise DocumentError(
                f"no image named {selector!r} in the layout (names: {', '.join(names) or 'none'})",
                "use one of those after the path, PATH:NAME",
            )
    if not entries:
        raise DocumentError("the layout's index.json lists no images")
    if len(entries) == 1:
        return entries[0]
    # Several entries: one multi-platform image written flat into index.json, or several images.
    if all(descriptor_platform(e) is not None for e in entries) and len(names) <= 1:
        chosen, offered = pick_manifest(entries, wanted)
        if chosen is None:
            raise DocumentError(
                f"no image for platform {wanted} in the layout (it has: {', '.join(offered)})",
                "pass --platform with one of those",
            )
        return chosen
    raise DocumentError(
        f"the layout holds {len(entries)} images (names: {', '.join(names) or 'none'})",
        "name one, PATH:NAME",
    )


def _ref_name(entry: dict[str, Any]) -> str | None:
    annotations = entry.get("annotations")
    if isinstance(annotations, dict):
        name = annotations.get(REF_NAME)
        if isinstance(name, str):
            return name
    return None
