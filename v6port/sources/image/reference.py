"""Image references in skopeo's transport syntax, and Docker's registry reference grammar.

The Docker grammar follows distribution/reference (normalize.go, regexp.go): a first
path component that contains "." or ":" or is "localhost" names a registry; without
one the registry is docker.io, and a single component gets the "library/" prefix.
"""

from __future__ import annotations

import re
from typing import Literal, NamedTuple

from v6port.errors import V6portError

from ._errors import image_error
from .digest import is_valid_digest

Transport = Literal[
    "docker", "oci", "oci-archive", "docker-archive", "inspect", "docker-daemon", "podman"
]
TRANSPORTS: tuple[Transport, ...] = (
    "docker",
    "oci",
    "oci-archive",
    "docker-archive",
    "inspect",
    "docker-daemon",
    "podman",
)

# skopeo transports this reader does not implement, named so the error says so.
_OTHER_SKOPEO_TRANSPORTS = ("dir", "containers-storage", "ostree", "sif", "tarball", "atomic")

DOCKER_HUB = "docker.io"
# Docker Hub's API lives on another host than its name (the daemon hard-codes this too).
DOCKER_HUB_API = "registry-1.docker.io"
_HUB_ALIASES = ("docker.io", "index.docker.io", "registry-1.docker.io")

_PATH_COMPONENT = r"[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*"
_REPOSITORY_RE = re.compile(rf"{_PATH_COMPONENT}(?:/{_PATH_COMPONENT})*")
_DOMAIN_COMPONENT = r"(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])"
_HOST = rf"(?:{_DOMAIN_COMPONENT}(?:\.{_DOMAIN_COMPONENT})*|\[[a-fA-F0-9:]+\])"
_DOMAIN_RE = re.compile(rf"{_HOST}(?::[0-9]+)?")
_TAG_RE = re.compile(r"[\w][\w.-]{0,127}")
_MAX_NAME_LENGTH = 255


class DockerReference(NamedTuple):
    registry: str
    """As named: "docker.io", "localhost:5000", "[::1]:5000"."""
    repository: str
    """"library/python", "myorg/algo"."""
    tag: str | None
    digest: str | None

    @property
    def api_host(self) -> str:
        """host[:port] to connect to."""
        return DOCKER_HUB_API if self.registry == DOCKER_HUB else self.registry

    @property
    def hostname(self) -> str:
        """The host without port or IPv6 brackets."""
        host = self.registry
        if host.startswith("["):
            return host[1 : host.index("]")]
        return host.rsplit(":", 1)[0] if ":" in host else host

    @property
    def manifest_ref(self) -> str:
        """What to GET: the digest when pinned (a tag next to it is ignored, as docker does)."""
        return self.digest or self.tag or "latest"

    def __str__(self) -> str:
        text = f"{self.registry}/{self.repository}"
        if self.tag:
            text += f":{self.tag}"
        if self.digest:
            text += f"@{self.digest}"
        return text


class ImageSource(NamedTuple):
    """A parsed `TRANSPORT:DETAILS` reference."""

    transport: Transport
    text: str
    """The reference as the user wrote it (used in every message)."""
    path: str = ""
    """oci, oci-archive, docker-archive, inspect: the file or directory ("-" is stdin)."""
    selector: str | None = None
    """oci/oci-archive: the ref.name tag; docker-archive: a RepoTags entry or "@N"."""
    docker: DockerReference | None = None
    """docker: the registry reference."""
    name: str = ""
    """docker-daemon, podman: the name passed to `image inspect`."""


def parse_docker_reference(text: str, *, original: str | None = None) -> DockerReference:
    """Parse `[REGISTRY/]REPO[:TAG][@DIGEST]` with Docker's defaults."""
    shown = original or text
    first = text.split("/", 1)[0]
    if "@" in first and "/" in text:
        # user:password@host/repo: never echo it back.
        masked = re.sub(r"^((?:docker://)?)[^/]*@", r"\1***@", shown)
        raise image_error(
            masked, "a reference can't hold credentials", "pass them with --creds USER:PASS"
        )
    rest, digest = text, None
    if "@" in rest:
        rest, digest = rest.split("@", 1)
        if not is_valid_digest(digest):
            raise image_error(
                shown, f"{digest!r} is not a valid sha256/sha512 digest", "write @sha256:<64 hex>"
            )
    tag = None
    last_slash = rest.rfind("/")
    colon = rest.rfind(":")
    if colon > last_slash:
        rest, tag = rest[:colon], rest[colon + 1 :]
        if not _TAG_RE.fullmatch(tag):
            raise image_error(shown, f"invalid tag {tag!r}", "tags are [A-Za-z0-9_.-], max 128")
    if not rest:
        raise image_error(shown, "empty image name", "write NAME[:TAG] or REGISTRY/REPO[:TAG]")
    registry, repository = _split_registry(rest)
    if registry in _HUB_ALIASES:
        registry = DOCKER_HUB
    if not _DOMAIN_RE.fullmatch(registry):
        raise image_error(shown, f"invalid registry host {registry!r}", "check the reference")
    if registry == DOCKER_HUB and "/" not in repository:
        repository = f"library/{repository}"
    if repository != repository.lower() and _REPOSITORY_RE.fullmatch(repository.lower()):
        raise image_error(shown, "repository names must be lowercase", "lowercase the name")
    if not _REPOSITORY_RE.fullmatch(repository):
        raise image_error(
            shown,
            f"invalid repository name {repository!r}",
            "use lowercase letters, digits and . _ - separators",
        )
    if len(repository) > _MAX_NAME_LENGTH:
        raise image_error(shown, "repository name longer than 255 characters", "shorten it")
    return DockerReference(registry, repository, tag, digest)


def _split_registry(name: str) -> tuple[str, str]:
    first, sep, remainder = name.partition("/")
    if sep and ("." in first or ":" in first or first == "localhost" or first != first.lower()):
        return first, remainder
    return DOCKER_HUB, name


def parse_source(text: str) -> ImageSource:
    """Parse a reference in skopeo syntax; a bare `NAME[:TAG]` means `docker://NAME[:TAG]`."""
    if not text or text != text.strip() or "\n" in text or "\x00" in text:
        raise image_error(
            repr(text), "empty reference or one with surrounding spaces/newlines", "fix it"
        )
    if text.startswith("docker://"):
        return ImageSource("docker", text, docker=parse_docker_reference(text[9:], original=text))
    prefix, sep, rest = text.partition(":")
    if sep and prefix in TRANSPORTS and prefix != "docker":
        return _parse_transport(prefix, rest, text)
    if prefix == "docker":
        raise image_error(text, "the docker transport is written docker://", "add //")
    if sep and prefix in _OTHER_SKOPEO_TRANSPORTS:
        raise image_error(
            text,
            f"unsupported transport {prefix!r}",
            f"copy the image to oci: or docker-archive: with skopeo (for an image named "
            f"{prefix!r}, write docker://{text})",
        )
    try:
        ref = parse_docker_reference(text)
    except V6portError:
        # `dir:/x`, `containers-storage:x`: say it is the transport, not the name.
        if sep and (prefix in _OTHER_SKOPEO_TRANSPORTS or rest.startswith(("/", "./", "~"))):
            raise image_error(
                text,
                f"unsupported transport {prefix!r}",
                "use one of docker://, " + ", ".join(t + ":" for t in TRANSPORTS[1:]),
            ) from None
        raise
    return ImageSource("docker", text, docker=ref)


def _parse_transport(transport: str, rest: str, text: str) -> ImageSource:
    if not rest:
        raise image_error(text, f"nothing after {transport}:", "name a path or an image")
    if transport == "inspect":
        return ImageSource("inspect", text, path=rest)
    if transport in ("docker-daemon", "podman"):
        if rest.startswith("-"):
            raise image_error(text, "an image name can't start with '-'", "check the name")
        kind: Transport = "docker-daemon" if transport == "docker-daemon" else "podman"
        return ImageSource(kind, text, name=rest)
    # As skopeo does on Unix: the path ends at the first ":", the rest selects an image.
    path, sep, selector = rest.partition(":")
    if not path:
        raise image_error(text, "empty path", f"write {transport}:PATH[:TAG]")
    if sep and not selector:
        raise image_error(text, "empty tag after ':'", "remove the ':' or name the tag")
    file_kind: Transport = (
        "oci"
        if transport == "oci"
        else "oci-archive"
        if transport == "oci-archive"
        else "docker-archive"
    )
    return ImageSource(file_kind, text, path=path, selector=selector or None)
