"""Read a built image's runtime config (ExposedPorts, Labels) without a Docker engine.

References use skopeo's transport syntax: docker://, oci:, oci-archive:, docker-archive:,
inspect:, docker-daemon:, podman:, or a bare NAME[:TAG] for a registry. See
docs/image-sources.md. The registry client (http.client) is imported only when a registry
is actually read.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING, Any, NamedTuple

from v6port.errors import V6portError

from ._errors import image_error, redact
from .limits import MAX_INSPECT_BYTES
from .manifests import DocumentError
from .platforms import Platform, parse_platform
from .reference import ImageSource, parse_source

if TYPE_CHECKING:
    from .registry import RegistrySession

__all__ = ["ImageConfig", "ReadOptions", "read_image", "read_images"]


class ImageConfig(NamedTuple):
    reference: str
    """The reference as the user wrote it."""
    digest: str | None
    """The image manifest's digest (registry, OCI layout/archive); the config digest
    (docker-archive, docker inspect without RepoDigests); None if unknown."""
    config: dict[str, Any]
    """The runtime config object: the dict holding "ExposedPorts" and "Labels"."""


class ReadOptions(NamedTuple):
    platform: str | None = None
    """ "os/arch[/variant]"; None means linux/<this machine's architecture>."""
    creds: str | None = None
    """ "USER:PASS" for the registry; never shown in a repr or message."""
    tls_verify: bool = True
    plain_http: bool = False
    timeout: float = 30.0

    def __repr__(self) -> str:
        return (
            f"ReadOptions(platform={self.platform!r}, tls_verify={self.tls_verify!r}, "
            f"plain_http={self.plain_http!r}, timeout={self.timeout!r})"
        )


DEFAULT_READ_OPTIONS = ReadOptions()


def read_image(reference: str, options: ReadOptions = DEFAULT_READ_OPTIONS) -> ImageConfig:
    """Read one image's config; any failure is a one-line V6portError naming `reference`."""
    result = read_images([reference], options, jobs=1)[0]
    if isinstance(result, V6portError):
        raise result
    return result


DEFAULT_JOBS = 16
"""Images read at once unless told otherwise (``check --jobs``)."""


def read_images(
    references: Sequence[str],
    options: ReadOptions,
    jobs: int = DEFAULT_JOBS,
    on_done: Callable[[str], None] | None = None,
) -> list[ImageConfig | V6portError]:
    """Read several images concurrently; results in input order, errors in place.

    A reference given twice is read once; registry reads share one session (a keep-alive
    connection per thread and registry, so at most 32 per registry), one token cache per
    (registry, repository) and fetch each manifest/blob digest once.
    ``on_done`` is called with each distinct reference as its read ends (for progress).
    """
    unique = list(dict.fromkeys(references))
    workers = max(1, min(jobs, 32))
    context = _Context(options)

    def read(ref: str) -> ImageConfig | V6portError:
        result = context.read_safely(ref)
        if on_done is not None:
            on_done(ref)
        return result

    try:
        if len(unique) <= 1 or workers <= 1:
            done = {ref: read(ref) for ref in unique}
        else:
            # Each thread keeps its own connections: the pool size bounds their number.
            with ThreadPoolExecutor(max_workers=min(workers, len(unique))) as pool:
                futures = {ref: pool.submit(read, ref) for ref in unique}
                done = {ref: future.result() for ref, future in futures.items()}
    finally:
        context.close()
    return [done[ref] for ref in references]


class _Context:
    """What the reads of one read_images call share."""

    def __init__(self, options: ReadOptions) -> None:
        self.options = options
        self._lock = threading.Lock()
        self._session: RegistrySession | None = None
        self._stdin_read = False

    def close(self) -> None:
        if self._session is not None:
            self._session.close()

    def secrets(self) -> set[str]:
        found = self._session.secret_values() if self._session is not None else set()
        if self.options.creds:
            found.update(p for p in self.options.creds.partition(":")[::2] if p)
        return found

    def read_safely(self, reference: str) -> ImageConfig | V6portError:
        try:
            return self._read(reference)
        except V6portError as exc:
            return V6portError(redact(str(exc), self.secrets()))
        except DocumentError as exc:
            return V6portError(
                redact(str(image_error(reference, exc.reason, exc.todo)), self.secrets())
            )
        except MemoryError:
            return image_error(reference, "out of memory while reading the image")
        except Exception as exc:
            what = f"unexpected {exc.__class__.__name__}: {exc}"
            return V6portError(
                redact(str(image_error(reference, what, "please report this")), self.secrets())
            )

    def registry(self) -> RegistrySession:
        with self._lock:
            if self._session is None:
                from .registry import RegistrySession

                self._session = RegistrySession(
                    creds=self.options.creds,
                    tls_verify=self.options.tls_verify,
                    plain_http=self.options.plain_http,
                    timeout=self.options.timeout,
                )
            return self._session

    def _platform(self) -> Platform:
        try:
            return parse_platform(self.options.platform)
        except ValueError as exc:
            raise DocumentError(
                str(exc), "write --platform os/arch[/variant], e.g. linux/amd64"
            ) from None

    def _read(self, reference: str) -> ImageConfig:
        source = parse_source(reference)
        if not self.options.timeout > 0:
            raise DocumentError("the timeout must be a positive number of seconds", "fix --timeout")
        digest, config = self._dispatch(source)
        return ImageConfig(reference, digest, config)

    def _dispatch(self, source: ImageSource) -> tuple[str | None, dict[str, Any]]:
        if source.transport == "docker":
            assert source.docker is not None
            wanted = self._platform()
            return self.registry().read(source.docker, wanted)
        if source.transport == "oci":
            from .layout import DirectoryStore, read_layout

            _require_dir(source.path)
            return read_layout(DirectoryStore(source.path), source.selector, self._platform())
        if source.transport == "oci-archive":
            from .archive import read_oci_archive

            _require_file(source.path)
            return read_oci_archive(source.path, source.selector, self._platform())
        if source.transport == "docker-archive":
            from .archive import read_docker_archive

            _require_file(source.path)
            return read_docker_archive(source.path, source.selector)
        if source.transport == "inspect":
            from .inspect_json import parse_inspect

            return parse_inspect(self._read_inspect_input(source.path))
        from .daemon import read_from_engine

        if source.transport == "docker-daemon":
            return read_from_engine("docker", source.name, self.options.timeout)
        return read_from_engine("podman", source.name, self.options.timeout)

    def _read_inspect_input(self, path: str) -> bytes:
        if path == "-":
            with self._lock:
                if self._stdin_read:
                    raise DocumentError("stdin can be read only once", "give inspect:- once")
                self._stdin_read = True
            data = sys.stdin.buffer.read(MAX_INSPECT_BYTES + 1)
        else:
            _require_file(path)
            with open(path, "rb") as handle:
                data = handle.read(MAX_INSPECT_BYTES + 1)
        if len(data) > MAX_INSPECT_BYTES:
            raise DocumentError(f"the inspect JSON is over the {MAX_INSPECT_BYTES}-byte limit")
        return data


def _require_file(path: str) -> None:
    import os

    if not os.path.exists(path):
        raise DocumentError(f"{path} does not exist", "check the path")
    if os.path.isdir(path):
        raise DocumentError(
            f"{path} is a directory, not a file", "use oci:DIR for a layout directory"
        )


def _require_dir(path: str) -> None:
    import os

    if not os.path.exists(path):
        raise DocumentError(f"{path} does not exist", "check the path")
    if not os.path.isdir(path):
        raise DocumentError(
            f"{path} is not a directory", "use oci-archive:FILE for a tar of a layout"
        )
