"""Registry credentials: --creds, REGISTRY_AUTH_FILE, ~/.docker/config.json, helpers.

Nothing here logs or formats a secret; Credentials hides both fields from repr.
"""

from __future__ import annotations

import base64
import binascii
import json
import logging
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any, NamedTuple

from .limits import HELPER_TIMEOUT_SECONDS, MAX_TOKEN_BYTES
from .manifests import DocumentError
from .reference import DOCKER_HUB

log = logging.getLogger(__name__)

# The key docker login writes for Docker Hub, and what helpers are asked for.
DOCKER_HUB_AUTH_KEY = "https://index.docker.io/v1/"
_HUB_KEYS = ("docker.io", "index.docker.io", "registry-1.docker.io")


class Credentials(NamedTuple):
    username: str
    password: str

    def __repr__(self) -> str:
        return "Credentials()"  # never the secret, nor the user name next to it


def parse_creds(text: str) -> Credentials:
    username, sep, password = text.partition(":")
    if not sep or not username:
        # Never echo the value: it may be a password typed in the wrong place.
        raise DocumentError("--creds is not USER:PASS", "write --creds USER:PASS")
    return Credentials(username, password)


def auth_files() -> list[Path]:
    """Where to look, in order: containers' auth file, then docker's config."""
    files: list[Path] = []
    if os.environ.get("REGISTRY_AUTH_FILE"):
        files.append(Path(os.environ["REGISTRY_AUTH_FILE"]))
    docker_dir = os.environ.get("DOCKER_CONFIG")
    files.append(
        Path(docker_dir) / "config.json" if docker_dir else Path.home() / ".docker/config.json"
    )
    return files


def find_credentials(registry: str, repository: str, explicit: str | None) -> Credentials | None:
    if explicit is not None:
        return parse_creds(explicit)
    for path in auth_files():
        config = _load(path)
        if config is None:
            continue
        found = _from_config(config, path, registry, repository)
        if found is not None:
            return found
    return None


def _load(path: Path) -> dict[str, Any] | None:
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_TOKEN_BYTES + 1)
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise DocumentError(f"can't read {path}: {exc.strerror}") from None
    try:
        value = json.loads(data)
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise DocumentError(f"{path} is not valid JSON", "fix or remove it") from None
    return value if isinstance(value, dict) else None


def normalise_key(key: str) -> str:
    """`https://index.docker.io/v1/` -> docker.io; `http://host:5000/` -> host:5000."""
    for scheme in ("https://", "http://"):
        if key.startswith(scheme):
            key = key[len(scheme) :]
    key = key.rstrip("/")
    for suffix in ("/v1", "/v2"):
        if key.endswith(suffix):
            key = key[: -len(suffix)]
    host, sep, path = key.partition("/")
    if host in _HUB_KEYS:
        host = DOCKER_HUB
    return f"{host}{sep}{path}"


def _from_config(
    config: dict[str, Any], path: Path, registry: str, repository: str
) -> Credentials | None:
    helpers = config.get("credHelpers")
    if isinstance(helpers, dict):
        for key, helper in helpers.items():
            if isinstance(helper, str) and normalise_key(key) == registry:
                return run_helper(helper, registry)
    auths = config.get("auths")
    if isinstance(auths, dict):
        # Most specific first: podman allows keys like registry/namespace/repo.
        wanted = f"{registry}/{repository}".split("/")
        best: tuple[int, dict[str, Any]] | None = None
        for key, entry in auths.items():
            parts = normalise_key(key).split("/")
            matching = isinstance(entry, dict) and wanted[: len(parts)] == parts
            if matching and (best is None or len(parts) > best[0]):
                best = (len(parts), entry)
        if best is not None:
            found = _decode_entry(best[1], path)
            if found is not None:
                return found
    store = config.get("credsStore")
    if isinstance(store, str) and store:
        return run_helper(store, registry)
    return None


def _decode_entry(entry: dict[str, Any], path: Path) -> Credentials | None:
    auth = entry.get("auth")
    if isinstance(auth, str) and auth:
        try:
            decoded = base64.b64decode(auth, validate=True).decode("utf-8")
        except (binascii.Error, UnicodeDecodeError):
            raise DocumentError(f"an 'auth' entry in {path} is not base64 of USER:PASS") from None
        username, sep, password = decoded.partition(":")
        if not sep:
            raise DocumentError(f"an 'auth' entry in {path} is not base64 of USER:PASS")
        return Credentials(username, password)
    plain_user, plain_password = entry.get("username"), entry.get("password")
    if isinstance(plain_user, str) and isinstance(plain_password, str) and plain_user:
        return Credentials(plain_user, plain_password)
    if entry.get("identitytoken"):
        log.warning("%s: identity tokens are not supported; trying anonymously", path)
    return None


def helper_argv(helper: str) -> list[str]:
    return [f"docker-credential-{helper}", "get"]


def run_helper(helper: str, registry: str) -> Credentials | None:
    """`docker-credential-<helper> get`; None when it is not installed or has nothing."""
    argv = helper_argv(helper)
    if "/" in helper or shutil.which(argv[0]) is None:
        log.info("credential helper %s is not installed; trying without it", argv[0])
        return None
    server = DOCKER_HUB_AUTH_KEY if registry == DOCKER_HUB else registry
    try:
        done = subprocess.run(
            argv,
            input=server.encode(),
            capture_output=True,
            timeout=HELPER_TIMEOUT_SECONDS,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        raise DocumentError(
            f"credential helper {argv[0]} failed or hung", "check it, or pass --creds USER:PASS"
        ) from None
    if done.returncode != 0:
        # "credentials not found in native keychain" is the normal "nothing stored" answer.
        return None
    try:
        answer = json.loads(done.stdout)
        username: Any = answer["Username"]
        secret: Any = answer["Secret"]
    except (ValueError, KeyError, TypeError):
        raise DocumentError(f"credential helper {argv[0]} printed something unexpected") from None
    if not isinstance(username, str) or not isinstance(secret, str):
        raise DocumentError(f"credential helper {argv[0]} printed something unexpected")
    if username == "<token>":
        log.warning("%s returned an identity token, which is not supported", argv[0])
        return None
    return Credentials(username, secret)
