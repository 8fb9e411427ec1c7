"""``v6port check`` of many images against a sequential loop of ``skopeo inspect --config``.

The images live in a loopback docker-registry (Debian's distribution 2.8),
written as the tests write them (umoci makes an empty-rootfs image with
ports and labels, skopeo copies it in). Both tools reach the registry
through a small reverse proxy in this script that delays every request by
20 ms, as a registry across a WAN would. Runs alternate; medians and the
ratio are reported.

    python bench/check_vs_skopeo.py [--images 50] [--runs 5] [--v6port PATH]
    python bench/check_vs_skopeo.py --quick     # 2 images, 1 run

Needs docker-registry, skopeo and umoci (apt-get install docker-registry
skopeo umoci); without them it says so and exits 0.
"""

from __future__ import annotations

import argparse
import http.client
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

# The registry is started exactly as the image tests start it.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from _common import RESULTS, alternate, machine, max_rss_mb, median_s, save

from tests.image.image_helpers import docker_registry

DELAY_S = 0.020
HOP_BY_HOP = {"connection", "keep-alive", "transfer-encoding", "proxy-connection", "upgrade"}


def run(*argv: str) -> str:
    done = subprocess.run(argv, capture_output=True, text=True, timeout=120, check=False)
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(argv)} failed: {done.stderr.strip()}")
    return done.stdout


def delaying_proxy(upstream: str, delay: float) -> type[BaseHTTPRequestHandler]:
    host, port = upstream.split(":")

    class Proxy(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"  # keep-alive, so that clients may pool connections
        local = threading.local()

        def log_message(self, format: str, *args: Any) -> None:
            pass

        def setup(self) -> None:
            super().setup()
            # Headers and body go out in two writes; without NODELAY, Nagle and the
            # client's delayed ACK add ~40 ms to every reused connection, which is
            # not the WAN latency this proxy is meant to add.
            self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

        def _forward(self) -> None:
            time.sleep(delay)
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else None
            conn = getattr(self.local, "conn", None)
            if conn is None:
                conn = self.local.conn = http.client.HTTPConnection(host, int(port), timeout=30)
            conn.putrequest(self.command, self.path, skip_host=True, skip_accept_encoding=True)
            for key, value in self.headers.items():  # repeated headers (Accept) stay repeated
                if key.lower() not in HOP_BY_HOP and key.lower() != "content-length":
                    conn.putheader(key, value)
            if body is not None:
                conn.putheader("Content-Length", str(len(body)))
            conn.endheaders(body)
            response = conn.getresponse()
            data = response.read()
            self.send_response(response.status, response.reason)
            for key, value in response.getheaders():
                if key.lower() not in HOP_BY_HOP and key.lower() != "content-length":
                    self.send_header(key, value)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(data)

        do_GET = do_HEAD = do_POST = do_PUT = do_PATCH = _forward

    return Proxy


@contextmanager
def serve(handler: type[BaseHTTPRequestHandler]) -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler, bind_and_activate=False)
    # socketserver's listen backlog is 5: a client opening more connections at once than
    # that would see SYNs dropped and retried after a second, which no registry does.
    server.request_queue_size = 128
    server.server_bind()
    server.server_activate()
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.daemon = True
    thread.start()
    try:
        yield f"127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def publish(registry: str, workdir: Path, count: int) -> list[str]:
    """``count`` distinct images (own config digests), one repository each."""
    layout = workdir / "layout"
    run("umoci", "init", "--layout", str(layout))
    repos = []
    for i in range(count):
        tag = f"a{i}"
        run("umoci", "new", "--image", f"{layout}:{tag}")
        port = 8000 + i
        run(
            "umoci", "config", "--image", f"{layout}:{tag}",
            "--config.exposedports", f"{port}/tcp",
            "--config.label", f"p{port}=com",
            "--config.label", f"algorithm=algo-{i}",
        )  # fmt: skip
        repo = f"v6/algo-{i:02d}:1"
        run(
            "skopeo", "--insecure-policy", "copy", "--quiet", "--dest-tls-verify=false",
            f"oci:{layout}:{tag}", f"docker://{registry}/{repo}",
        )  # fmt: skip
        repos.append(repo)
    return repos


def default_jobs(v6port: str) -> int | None:
    """What `check --jobs` defaults to, as `check --help` says."""
    done = subprocess.run([v6port, "check", "--help"], capture_output=True, text=True, check=False)
    found = re.search(r"--jobs[^[]*\[default:\s*(\d+)", done.stdout)
    return int(found.group(1)) if found else None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--v6port", help="the v6port console script (default: beside python)")
    parser.add_argument("--images", type=int, default=50)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--quick", action="store_true", help="2 images, 1 run")
    parser.add_argument("--out", type=Path, help="results (default: bench/results/check.json)")
    args = parser.parse_args()
    if args.quick:
        args.images, args.runs = 2, 1
    missing = [t for t in ("docker-registry", "skopeo", "umoci") if shutil.which(t) is None]
    if missing:
        print(f"skipped: {', '.join(missing)} not installed (apt-get install {' '.join(missing)})")
        return
    v6port = args.v6port or str(Path(sys.executable).parent / "v6port")
    if not os.path.exists(v6port):
        v6port = shutil.which("v6port") or "v6port"

    with tempfile.TemporaryDirectory(prefix="v6port-bench-") as tmp:
        workdir = Path(tmp)
        with docker_registry(workdir / "registry") as registry:
            repos = publish(registry, workdir, args.images)
            with serve(delaying_proxy(registry, DELAY_S)) as proxy:
                refs = [f"docker://{proxy}/{repo}" for repo in repos]
                loop = "; ".join(
                    f"skopeo inspect --config --tls-verify=false {ref} >/dev/null" for ref in refs
                )
                commands = {
                    "v6port": [v6port, "check", "--format", "json", "--no-config", *refs],
                    "v6port --jobs 32": [
                        v6port,
                        "check",
                        "--format",
                        "json",
                        "--no-config",
                        "--jobs",
                        "32",
                        *refs,
                    ],
                    "skopeo loop": ["sh", "-ec", loop],
                }
                timed = alternate(commands, args.runs, warmup=1, ok=(0,))
    v6 = median_s(timed["v6port"])
    sk = median_s(timed["skopeo loop"])
    result = {
        "machine": machine(),
        "default_jobs": default_jobs(v6port),
        "images": args.images,
        "delay_ms": DELAY_S * 1000,
        "runs": args.runs,
        "v6port_s": v6,
        "skopeo_loop_s": sk,
        "ratio": sk / v6,
        "v6port_jobs32_s": median_s(timed["v6port --jobs 32"]),
        "ratio_jobs32": sk / median_s(timed["v6port --jobs 32"]),
        "v6port_rss_mb": max_rss_mb(timed["v6port"]),
    }
    print(result)
    path = save("check", result, args.out or RESULTS / "check.json")
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
