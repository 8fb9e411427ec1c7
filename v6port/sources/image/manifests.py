"""Manifest, index and config documents: shared by the registry and layout readers."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from .limits import MAX_INDEX_DEPTH
from .platforms import Platform, pick_manifest

OCI_INDEX = "application/vnd.oci.image.index.v1+json"
OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json"
DOCKER_LIST = "application/vnd.docker.distribution.manifest.list.v2+json"
DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json"
INDEX_TYPES = (OCI_INDEX, DOCKER_LIST)
MANIFEST_TYPES = (OCI_MANIFEST, DOCKER_MANIFEST)
# The Accept header for manifests: the Debian registry answers 404 to an OCI manifest
# unless the OCI type is listed.
ACCEPT = ", ".join((OCI_INDEX, OCI_MANIFEST, DOCKER_LIST, DOCKER_MANIFEST))
OCI_CONFIG = "application/vnd.oci.image.config.v1+json"
DOCKER_CONFIG = "application/vnd.docker.container.image.v1+json"
CONFIG_TYPES = (OCI_CONFIG, DOCKER_CONFIG)
_SCHEMA1 = (
    "application/vnd.docker.distribution.manifest.v1+json",
    "application/vnd.docker.distribution.manifest.v1+prettyjws",
)


class DocumentError(ValueError):
    """A document that is not what it should be: one short reason, and what to do."""

    def __init__(self, reason: str, todo: str = "") -> None:
        super().__init__(reason)
        self.reason = reason
        self.todo = todo


def load_json_object(data: bytes, what: str) -> dict[str, Any]:
    try:
        value = json.loads(data)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise DocumentError(f"the {what} is not valid JSON ({exc.__class__.__name__})") from None
    except RecursionError:
        raise DocumentError(f"the {what} is nested too deeply") from None
    if not isinstance(value, dict):
        raise DocumentError(f"the {what} is JSON but not an object")
    return value


def media_type_of(document: dict[str, Any], header_type: str | None) -> str:
    """The manifest's type: its own mediaType field, else the Content-Type it came with.

    OCI made mediaType optional, so an index/manifest is also recognised by shape.
    """
    declared = document.get("mediaType")
    if isinstance(declared, str) and declared:
        if header_type and header_type in INDEX_TYPES + MANIFEST_TYPES and header_type != declared:
            raise DocumentError(
                f"Content-Type {header_type} disagrees with the manifest's mediaType {declared}"
            )
        kind = declared
    elif header_type in INDEX_TYPES + MANIFEST_TYPES:
        kind = header_type or ""
    elif isinstance(document.get("manifests"), list):
        kind = OCI_INDEX
    elif isinstance(document.get("config"), dict):
        kind = OCI_MANIFEST
    else:
        kind = header_type or "unknown"
    if kind in _SCHEMA1 or document.get("schemaVersion") == 1:
        raise DocumentError("the registry returned a schema 1 manifest, which has no image config")
    if kind not in INDEX_TYPES + MANIFEST_TYPES:
        raise DocumentError(f"unexpected manifest media type {kind!r}")
    return kind


def descriptor_fields(descriptor: Any, what: str) -> tuple[str, int | None, str | None]:
    """(digest, size, mediaType) of a descriptor, validated enough to fetch it."""
    if not isinstance(descriptor, dict):
        raise DocumentError(f"the {what} descriptor is not an object")
    digest = descriptor.get("digest")
    if not isinstance(digest, str):
        raise DocumentError(f"the {what} descriptor has no digest")
    size = descriptor.get("size")
    if size is not None and (not isinstance(size, int) or isinstance(size, bool) or size < 0):
        raise DocumentError(f"the {what} descriptor has an invalid size")
    media_type = descriptor.get("mediaType")
    return digest, size, media_type if isinstance(media_type, str) else None


def index_entries(index: dict[str, Any]) -> list[dict[str, Any]]:
    entries = index.get("manifests")
    if not isinstance(entries, list):
        raise DocumentError("the index has no manifests list")
    return [entry for entry in entries if isinstance(entry, dict)]


def config_descriptor(manifest: dict[str, Any]) -> tuple[str, int | None]:
    digest, size, media_type = descriptor_fields(manifest.get("config"), "config")
    if media_type is not None and media_type not in CONFIG_TYPES:
        # Helm charts, WASM modules, signatures: an artifact, not a container image.
        raise DocumentError(f"the manifest's config is {media_type}, not a container image config")
    return digest, size


def runtime_config(config_blob: bytes) -> dict[str, Any]:
    """The image config's runtime "config" object (ExposedPorts, Labels live here).

    An image config without one (FROM scratch with nothing set) yields {}.
    """
    document = load_json_object(config_blob, "image config")
    runtime = document.get("config")
    if runtime is None:
        return {}
    if not isinstance(runtime, dict):
        raise DocumentError("the image config's 'config' is not an object")
    return runtime


# (digest, size or None, mediaType or None) -> (verified bytes, content type or None)
FetchManifest = Callable[[str, int | None, str | None], tuple[bytes, str | None]]
# (digest, size or None) -> verified bytes
FetchConfig = Callable[[str, int | None], bytes]


def resolve(
    data: bytes,
    content_type: str | None,
    digest: str,
    wanted: Platform,
    fetch_manifest: FetchManifest,
    fetch_config: FetchConfig,
) -> tuple[str, dict[str, Any]]:
    """Follow index -> platform manifest -> config; return (manifest digest, runtime config).

    `data` is the first manifest or index, already verified against `digest`.
    """
    for _ in range(MAX_INDEX_DEPTH):
        document = load_json_object(data, "manifest")
        kind = media_type_of(document, content_type)
        if kind in MANIFEST_TYPES:
            config_digest, config_size = config_descriptor(document)
            return digest, runtime_config(fetch_config(config_digest, config_size))
        entry, offered = pick_manifest(index_entries(document), wanted)
        if entry is None:
            raise DocumentError(
                f"no image for platform {wanted} in the index (it has: "
                + (", ".join(offered) or "no platform entries")
                + ")",
                "pass --platform with one of those",
            )
        digest, size, media_type = descriptor_fields(entry, "platform manifest")
        data, content_type = fetch_manifest(digest, size, media_type)
    raise DocumentError(f"indexes nested more than {MAX_INDEX_DEPTH} deep")
