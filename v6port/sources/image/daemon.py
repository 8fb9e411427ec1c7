"""`docker-daemon:` and `podman:`: ask the local engine with `image inspect`."""

from __future__ import annotations

import os
import shutil
import subprocess
from typing import Any, Literal

from ._errors import one_line
from .inspect_json import parse_inspect
from .limits import MAX_INSPECT_BYTES
from .manifests import DocumentError

Tool = Literal["docker", "podman"]


def inspect_argv(tool: Tool, name: str, executable: str | None = None) -> list[str]:
    """The exact command line. `--` ends options so a name is never read as a flag.

    Storage and connection settings come from the environment, which is passed through
    unchanged (DOCKER_HOST, DOCKER_CONTEXT, CONTAINERS_STORAGE_CONF, CONTAINER_HOST, ...).
    """
    if not name or name.startswith("-"):
        raise ValueError(f"invalid image name {name!r}")
    return [executable or tool, "image", "inspect", "--", name]


def read_from_engine(tool: Tool, name: str, timeout: float) -> tuple[str | None, dict[str, Any]]:
    executable = shutil.which(tool)
    if executable is None:
        raise DocumentError(
            f"{tool} is not installed or not on PATH",
            f"install {tool}, or save the image (docker save / skopeo copy) and read the archive",
        )
    argv = inspect_argv(tool, name, executable)
    try:
        done = subprocess.run(
            argv,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            timeout=timeout,
            env=os.environ.copy(),
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise DocumentError(
            f"`{tool} image inspect` did not answer within {timeout:g} s",
            "check that the engine is running, or raise --timeout",
        ) from None
    except OSError as exc:
        raise DocumentError(f"could not run {tool}: {exc.strerror or exc}") from None
    if done.returncode != 0:
        detail = one_line(done.stderr.decode("utf-8", "replace")) or f"exit {done.returncode}"
        raise DocumentError(
            f"`{tool} image inspect` failed: {detail}",
            f"check the name with `{tool} images`, and that the {tool} engine is reachable",
        )
    if len(done.stdout) > MAX_INSPECT_BYTES:
        raise DocumentError(f"`{tool} image inspect` printed more than {MAX_INSPECT_BYTES} bytes")
    return parse_inspect(done.stdout)
