"""Test helpers: real tools (umoci, skopeo, docker-registry) and loopback servers."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import socket
import subprocess
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

TOOL_TIMEOUT = 60.0


def need(tool: str) -> str:
    path = shutil.which(tool)
    if path is None:
        pytest.skip(f"{tool} not installed: apt-get install {tool}")
    return path


def run(*argv: str, env: dict[str, str] | None = None) -> str:
    done = subprocess.run(
        argv, capture_output=True, text=True, timeout=TOOL_TIMEOUT, env=env, check=False
    )
    if done.returncode != 0:
        raise AssertionError(f"{' '.join(argv)} failed: {done.stderr.strip()}")
    return done.stdout


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def wait_for(check: Callable[[], bool], timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.05)
    raise AssertionError(f"{what} not ready after {timeout} s")


def sha256(data: bytes) -> str:
    return "sha256:" + hashlib.sha256(data).hexdigest()


# -- images -------------------------------------------------------------------------------


def umoci_image(
    layout: Path,
    tag: str,
    ports: list[str],
    labels: dict[str, str],
    arch: str | None = None,
) -> None:
    """An empty-rootfs image with exactly these config keys (umoci validates nothing)."""
    if not (layout / "index.json").exists():
        run("umoci", "init", "--layout", str(layout))
    run("umoci", "new", "--image", f"{layout}:{tag}")
    argv = ["umoci", "config", "--image", f"{layout}:{tag}"]
    for port in ports:
        argv += ["--config.exposedports", port]
    for key, value in labels.items():
        argv += ["--config.label", f"{key}={value}"]
    if arch:
        argv += ["--architecture", arch]
    run(*argv)


def skopeo_copy(src: str, dest: str, *extra: str) -> None:
    run(
        "skopeo",
        "--insecure-policy",
        "copy",
        "--quiet",
        "--src-tls-verify=false",
        "--dest-tls-verify=false",
        *extra,
        src,
        dest,
    )


def layout_entry(layout: Path, tag: str) -> dict[str, Any]:
    index = json.loads((layout / "index.json").read_text())
    for entry in index["manifests"]:
        if entry.get("annotations", {}).get("org.opencontainers.image.ref.name") == tag:
            return dict(entry)
    raise KeyError(tag)


def add_blob(layout: Path, data: bytes) -> str:
    digest = sha256(data)
    (layout / "blobs" / "sha256" / digest[7:]).write_bytes(data)
    return digest


def add_index(layout: Path, tag: str, members: dict[str, str]) -> str:
    """Add an OCI index tagged `tag` whose entries are the images `members` maps to platforms."""
    entries = []
    for member_tag, plat in members.items():
        entry = layout_entry(layout, member_tag)
        os_name, arch = plat.split("/")
        entries.append(
            {
                "mediaType": entry["mediaType"],
                "digest": entry["digest"],
                "size": entry["size"],
                "platform": {"os": os_name, "architecture": arch},
            }
        )
    index = {
        "schemaVersion": 2,
        "mediaType": "application/vnd.oci.image.index.v1+json",
        "manifests": entries,
    }
    data = json.dumps(index).encode()
    digest = add_blob(layout, data)
    top = json.loads((layout / "index.json").read_text())
    top["manifests"].append(
        {
            "mediaType": "application/vnd.oci.image.index.v1+json",
            "digest": digest,
            "size": len(data),
            "annotations": {"org.opencontainers.image.ref.name": tag},
        }
    )
    (layout / "index.json").write_text(json.dumps(top))
    return digest


# -- servers ------------------------------------------------------------------------------


class QuietHandler(BaseHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextmanager
def serve(handler: type[BaseHTTPRequestHandler]) -> Iterator[ThreadingHTTPServer]:
    """A threaded HTTP server on 127.0.0.1 only, shut down on exit."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.daemon = True
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@contextmanager
def docker_registry(workdir: Path) -> Iterator[str]:
    """Debian's docker-registry (distribution 2.8) on a free loopback port; yields host:port."""
    binary = need("docker-registry")
    port = free_port()
    storage = workdir / "storage"
    storage.mkdir(parents=True)
    config = workdir / "config.yml"
    config.write_text(
        "version: 0.1\n"
        "log:\n  level: error\n  accesslog:\n    disabled: true\n"
        f"storage:\n  filesystem:\n    rootdirectory: {storage}\n"
        f"http:\n  addr: 127.0.0.1:{port}\n"
    )
    log = (workdir / "registry.log").open("wb")
    process = subprocess.Popen(
        [binary, "serve", str(config)], stdout=log, stderr=subprocess.STDOUT, env=dict(os.environ)
    )
    try:

        def up() -> bool:
            if process.poll() is not None:
                raise AssertionError(
                    f"docker-registry exited: {(workdir / 'registry.log').read_text()[-500:]}"
                )
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                    return True
            except OSError:
                return False

        wait_for(up, 15.0, "docker-registry")
        yield f"127.0.0.1:{port}"
    finally:
        process.terminate()
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)
        log.close()
