"""`docker inspect`, `podman inspect` and `buildah inspect --type image` JSON."""

from __future__ import annotations

import json
import re
from typing import Any

from .digest import is_valid_digest
from .manifests import DocumentError


def parse_inspect(data: bytes) -> tuple[str | None, dict[str, Any]]:
    """(digest, runtime config) of the one image an inspect output describes."""
    try:
        value = json.loads(data)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise DocumentError(f"not valid JSON ({exc.__class__.__name__})") from None
    except RecursionError:
        raise DocumentError("JSON nested too deeply") from None
    if isinstance(value, list):
        # docker and podman print a list, one entry per name given.
        if len(value) != 1:
            raise DocumentError(
                f"the inspect output describes {len(value)} images, not one",
                "inspect one image per file",
            )
        value = value[0]
    if not isinstance(value, dict):
        raise DocumentError("the inspect output is not an object or a list of one object")
    return _digest(value), _runtime_config(value)


def _runtime_config(entry: dict[str, Any]) -> dict[str, Any]:
    # buildah first: it also has a top-level "Config", holding the raw config as a string.
    for key in ("OCIv1", "Docker"):  # buildah inspect --type image
        image = entry.get(key)
        if isinstance(image, dict) and "config" in image:
            return _as_config(image["config"], f"{key}.config")
    if "Config" in entry and not isinstance(entry["Config"], str):  # docker, podman
        return _as_config(entry["Config"], "Config")
    if "Type" in entry and entry.get("Type") != "image" and "FromImage" in entry:
        raise DocumentError(
            "this is `buildah inspect` of a container", "use `buildah inspect --type image NAME`"
        )
    raise DocumentError(
        "no Config (docker/podman) or OCIv1.config (buildah) in the inspect output",
        "pass the output of `docker|podman image inspect` or `buildah inspect --type image`",
    )


def _as_config(value: Any, where: str) -> dict[str, Any]:
    if value is None:  # an image with nothing configured
        return {}
    if not isinstance(value, dict):
        raise DocumentError(f"{where} in the inspect output is not an object")
    return value


def _digest(entry: dict[str, Any]) -> str | None:
    """Manifest digest when the output has one, else the config digest (the image ID)."""
    candidates: list[Any] = [entry.get("Digest"), entry.get("FromImageDigest")]
    repo_digests = entry.get("RepoDigests")
    if isinstance(repo_digests, list):
        candidates += [d.rpartition("@")[2] for d in repo_digests if isinstance(d, str)]
    candidates += [entry.get("Id"), entry.get("FromImageID")]
    for candidate in candidates:
        if not isinstance(candidate, str) or not candidate:
            continue
        if re.fullmatch(r"[a-f0-9]{64}", candidate):  # podman/buildah IDs lack the prefix
            candidate = f"sha256:{candidate}"
        if is_valid_digest(candidate):
            return candidate
    return None
