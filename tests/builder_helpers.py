"""Helpers for real buildah and podman builds of FROM scratch contexts (no network, no daemon).

Storage goes under a session temp dir through CONTAINERS_STORAGE_CONF, with
chroot isolation and vfs: the same environment variables a user would set, which
v6port passes through to the builder untouched.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

TIMEOUT = 300


@dataclass(frozen=True)
class Builders:
    env: dict[str, str]
    root: Path

    def run(
        self, *args: str, cwd: Path | None = None, **extra: str
    ) -> subprocess.CompletedProcess[str]:
        """`python -m v6port ARGS` as a user would run it, in this storage."""
        return subprocess.run(
            [sys.executable, "-m", "v6port", *args],
            capture_output=True,
            text=True,
            cwd=cwd,
            env={**self.env, **extra},
            timeout=TIMEOUT,
            check=False,
        )

    def tool(self, *argv: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            list(argv), capture_output=True, text=True, env=self.env, timeout=TIMEOUT, check=False
        )

    def has_image(self, builder: str, name: str) -> bool:
        if builder == "podman":
            return self.tool("podman", "image", "exists", name).returncode == 0
        return self.tool("buildah", "inspect", "--type", "image", name).returncode == 0


def make_builders(root: Path) -> Builders:
    conf = root / "storage.conf"
    conf.write_text(
        f'[storage]\ndriver = "vfs"\ngraphroot = "{root / "graph"}"\nrunroot = "{root / "run"}"\n'
    )
    env = dict(os.environ)
    env.update(
        BUILDAH_ISOLATION="chroot",
        STORAGE_DRIVER="vfs",
        CONTAINERS_STORAGE_CONF=str(conf),
    )
    return Builders(env, root)


def need(tool: str) -> None:
    if shutil.which(tool) is None:
        pytest.skip(f"{tool} not installed: apt-get install {tool}")
