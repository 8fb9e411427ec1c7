"""A loopback registry that misbehaves on purpose: retries, limits, time-outs, lies."""

from __future__ import annotations

import gzip
import json
import threading
import time
import tracemalloc
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field

import pytest

from v6port.errors import V6portError
from v6port.sources.image import ReadOptions, read_image
from v6port.sources.image import limits as image_limits

from .image_helpers import QuietHandler, serve, sha256

OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json"
OCI_INDEX = "application/vnd.oci.image.index.v1+json"
CONFIG = json.dumps(
    {
        "architecture": "amd64",
        "os": "linux",
        "config": {"ExposedPorts": {"8888/tcp": {}}, "Labels": {"p8888": "com"}},
        "rootfs": {"type": "layers", "diff_ids": []},
    }
).encode()
HUGE = 100 * 1024 * 1024
CHUNK = 1024 * 1024


def manifest(
    config: bytes = CONFIG, media_type: str = "application/vnd.oci.image.config.v1+json"
) -> bytes:
    return json.dumps(
        {
            "schemaVersion": 2,
            "mediaType": OCI_MANIFEST,
            "config": {"mediaType": media_type, "digest": sha256(config), "size": len(config)},
            "layers": [],
        }
    ).encode()


@dataclass
class FaultState:
    hits: Counter[str] = field(default_factory=Counter)
    sent: dict[str, int] = field(default_factory=dict)
    finished: threading.Event = field(default_factory=threading.Event)
    stop: threading.Event = field(default_factory=threading.Event)
    auth_seen_by_cdn: list[str | None] = field(default_factory=list)
    port: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)


class FaultHandler(QuietHandler):
    # HTTP/1.0: every response closes its connection, so a body needs no length.
    protocol_version = "HTTP/1.0"

    def _state(self) -> FaultState:
        state: FaultState = self.server.state  # type: ignore[attr-defined]
        return state

    def _send(self, status: int, body: bytes, headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _ok(self, kind: str) -> None:
        if kind == "manifests":
            self._send(200, manifest(), {"Content-Type": OCI_MANIFEST})
        else:
            self._send(200, CONFIG, {"Content-Type": "application/octet-stream"})

    def _stream(self, scenario: str, declared: bool) -> None:
        state = self._state()
        self.send_response(200)
        self.send_header("Content-Type", OCI_MANIFEST)
        if declared:
            self.send_header("Content-Length", str(HUGE))
        self.end_headers()
        sent = 0
        try:
            chunk = b" " * CHUNK
            while sent < HUGE and not state.stop.is_set():
                self.wfile.write(chunk)
                sent += CHUNK
        except OSError:
            pass
        finally:
            state.sent[scenario] = sent
            state.finished.set()

    def do_GET(self) -> None:
        state = self._state()
        parts = self.path.split("/")
        if parts[1] == "cdn":
            state.auth_seen_by_cdn.append(self.headers.get("Authorization"))
            self._send(200, CONFIG)
            return
        # /v2/<scenario>/<kind>/<ref>
        scenario, kind = parts[2], parts[3]
        with state.lock:
            state.hits[f"{scenario}/{kind}"] += 1
            count = state.hits[f"{scenario}/{kind}"]
        if scenario == "ok":
            self._ok(kind)
        elif scenario == "err500":
            self._send(500, b'{"errors":[{"code":"UNKNOWN","message":"boom"}]}')
        elif scenario == "flaky":
            if kind == "manifests" and count <= 2:
                self._send(503, b"")
            else:
                self._ok(kind)
        elif scenario == "ratelimit":
            if kind == "manifests" and count == 1:
                self._send(429, b"", {"Retry-After": "1"})
            else:
                self._ok(kind)
        elif scenario == "ratelimit-forever":
            self._send(429, b"", {"Retry-After": "3600"})
        elif scenario == "hang":
            state.stop.wait(5.0)
        elif scenario == "truncated":
            self.send_response(200)
            self.send_header("Content-Type", OCI_MANIFEST)
            self.send_header("Content-Length", "1000")
            self.end_headers()
            self.wfile.write(b'{"schemaVersion": 2')
        elif scenario == "hangup":
            self.close_connection = True  # no answer at all
        elif scenario == "liar":
            if kind == "manifests":
                self._ok(kind)
            else:
                self._send(200, CONFIG.replace(b"8888/tcp", b"9999/tcp"))
        elif scenario == "liar-header":
            self._send(
                200,
                manifest(),
                {"Content-Type": OCI_MANIFEST, "Docker-Content-Digest": "sha256:" + "0" * 64},
            )
        elif scenario == "huge":
            self._stream("huge", declared=False)
        elif scenario == "huge-declared":
            self._stream("huge-declared", declared=True)
        elif scenario == "huge-config":
            if kind == "manifests":
                self._ok(kind)
            else:
                self._stream("huge-config", declared=False)
        elif scenario == "loop":
            self._send(302, b"", {"Location": self.path})
        elif scenario == "garbage":
            self._send(200, b"{this is not json", {"Content-Type": OCI_MANIFEST})
        elif scenario == "html":
            self._send(200, b"<html>login</html>", {"Content-Type": "text/html"})
        elif scenario == "wrongtype":
            self._send(200, manifest(), {"Content-Type": OCI_INDEX})
        elif scenario == "artifact":
            body = manifest(media_type="application/vnd.cncf.helm.config.v1+json")
            self._send(200, body, {"Content-Type": OCI_MANIFEST})
        elif scenario == "schema1":
            body = json.dumps({"schemaVersion": 1, "name": "x", "fsLayers": []}).encode()
            self._send(
                200,
                body,
                {"Content-Type": "application/vnd.docker.distribution.manifest.v1+prettyjws"},
            )
        elif scenario == "gzip":
            self._send(
                200,
                gzip.compress(manifest()),
                {"Content-Type": OCI_MANIFEST, "Content-Encoding": "gzip"},
            )
        elif scenario == "cdn":
            if self.headers.get("Authorization") is None:
                self._send(401, b"", {"WWW-Authenticate": 'Basic realm="x"'})
            elif kind == "manifests":
                self._ok(kind)
            else:
                # Blobs live elsewhere, as on Docker Hub; "localhost" is another origin.
                location = f"http://localhost:{state.port}/cdn/{parts[4]}"
                self._send(307, b"", {"Location": location})
        else:
            self._send(404, b'{"errors":[{"code":"NAME_UNKNOWN","message":"no"}]}')


@pytest.fixture
def faults(monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[str, FaultState]]:
    # Keep retries fast; the retry logic is the same.
    monkeypatch.setattr(image_limits, "BACKOFF_BASE_SECONDS", 0.01)
    state = FaultState()
    with serve(FaultHandler) as server:
        server.state = state  # type: ignore[attr-defined]
        state.port = server.server_address[1]
        try:
            yield f"127.0.0.1:{state.port}", state
        finally:
            state.stop.set()


OPTS = ReadOptions(timeout=2.0)


def _error(ref: str, options: ReadOptions = OPTS) -> str:
    with pytest.raises(V6portError) as caught:
        read_image(ref, options)
    message = str(caught.value)
    assert message.startswith(f"{ref}: ")
    assert "\n" not in message
    assert "Traceback" not in message
    return message


def test_sanity(faults: tuple[str, FaultState]) -> None:
    host, _ = faults
    assert read_image(f"{host}/ok:1", OPTS).config["Labels"] == {"p8888": "com"}


def test_500_is_retried_then_reported(faults: tuple[str, FaultState]) -> None:
    host, state = faults
    message = _error(f"{host}/err500:1")
    assert f"after {image_limits.MAX_ATTEMPTS} attempts" in message
    assert "HTTP 500" in message and "UNKNOWN: boom" in message
    assert state.hits["err500/manifests"] == image_limits.MAX_ATTEMPTS


def test_transient_503_recovers(faults: tuple[str, FaultState]) -> None:
    host, state = faults
    assert read_image(f"{host}/flaky:1", OPTS).config["Labels"] == {"p8888": "com"}
    assert state.hits["flaky/manifests"] == 3


def test_429_honours_retry_after(faults: tuple[str, FaultState]) -> None:
    host, state = faults
    start = time.monotonic()
    assert read_image(f"{host}/ratelimit:1", OPTS).config["Labels"] == {"p8888": "com"}
    assert time.monotonic() - start >= 0.9
    assert state.hits["ratelimit/manifests"] == 2


def test_429_retry_after_is_capped(
    faults: tuple[str, FaultState], monkeypatch: pytest.MonkeyPatch
) -> None:
    host, state = faults
    monkeypatch.setattr(image_limits, "RETRY_AFTER_MAX_SECONDS", 0.05)
    start = time.monotonic()
    message = _error(f"{host}/ratelimit-forever:1")
    assert time.monotonic() - start < 2.0  # not 3600 s
    assert "HTTP 429" in message and "log in" in message
    assert state.hits["ratelimit-forever/manifests"] == image_limits.MAX_ATTEMPTS


def test_hang_is_cut_by_the_timeout(faults: tuple[str, FaultState]) -> None:
    host, _ = faults
    start = time.monotonic()
    message = _error(f"{host}/hang:1", ReadOptions(timeout=0.5))
    assert time.monotonic() - start < 2.5
    assert f"no answer from {host} within 0.5 s" in message


@pytest.mark.parametrize(
    ("scenario", "reason"),
    [
        ("truncated", "closed with 981 bytes of the body unsent"),
        ("hangup", "Remote end closed connection without response"),
    ],
)
def test_a_broken_connection_is_retried_then_reported(
    faults: tuple[str, FaultState], scenario: str, reason: str
) -> None:
    host, state = faults
    message = _error(f"{host}/{scenario}:1")
    attempts = image_limits.MAX_ATTEMPTS
    assert f"connection broke ({reason}) from {host} after {attempts} attempts" in message
    assert state.hits[f"{scenario}/manifests"] == image_limits.MAX_ATTEMPTS


def test_lying_config_digest(faults: tuple[str, FaultState]) -> None:
    host, _ = faults
    message = _error(f"{host}/liar:1")
    assert "config does not match its digest" in message


def test_lying_content_digest_header(faults: tuple[str, FaultState]) -> None:
    host, _ = faults
    assert "Docker-Content-Digest" in _error(f"{host}/liar-header:1")


def test_pinned_digest_mismatch(faults: tuple[str, FaultState]) -> None:
    host, _ = faults
    message = _error(f"{host}/ok@sha256:{'1' * 64}")
    assert "does not match the pinned digest" in message
    assert read_image(f"{host}/ok@{sha256(manifest())}", OPTS).digest == sha256(manifest())


@pytest.mark.parametrize("scenario", ["huge", "huge-config"])
def test_huge_body_is_capped_while_streaming(faults: tuple[str, FaultState], scenario: str) -> None:
    host, state = faults
    tracemalloc.start()
    try:
        message = _error(f"{host}/{scenario}:1")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    limit = image_limits.MAX_MANIFEST_BYTES if scenario == "huge" else image_limits.MAX_CONFIG_BYTES
    assert f"over the {limit}-byte limit (stopped reading)" in message
    assert state.finished.wait(10.0)
    # The server could write only what the socket buffers held after the client hung up.
    print(f"server wrote {state.sent[scenario]} bytes, client peak {peak}")
    assert state.sent[scenario] < HUGE // 2, state.sent
    assert peak < limit * 3 + 8 * CHUNK


def test_declared_huge_body_is_refused_unread(faults: tuple[str, FaultState]) -> None:
    host, state = faults
    message = _error(f"{host}/huge-declared:1")
    assert f"is {HUGE} bytes, over the" in message
    assert state.finished.wait(10.0)
    assert state.sent["huge-declared"] < HUGE // 2


def test_redirect_loop(faults: tuple[str, FaultState]) -> None:
    host, _ = faults
    assert f"more than {image_limits.MAX_REDIRECTS} redirects" in _error(f"{host}/loop:1")


@pytest.mark.parametrize(
    ("scenario", "reason"),
    [
        ("garbage", "the manifest is not valid JSON"),
        ("html", "the manifest is not valid JSON"),
        ("wrongtype", "disagrees with the manifest's mediaType"),
        ("artifact", "not a container image config"),
        ("schema1", "schema 1 manifest"),
        ("gzip", "Content-Encoding gzip"),
        ("nothing", "NAME_UNKNOWN"),
    ],
)
def test_bad_answers(faults: tuple[str, FaultState], scenario: str, reason: str) -> None:
    host, _ = faults
    assert reason in _error(f"{host}/{scenario}:1")


def test_credentials_are_not_sent_to_a_redirect_target(faults: tuple[str, FaultState]) -> None:
    host, state = faults
    result = read_image(f"{host}/cdn:1", ReadOptions(creds="u:p4ssw0rd", timeout=2.0))
    assert result.config["Labels"] == {"p8888": "com"}
    assert state.auth_seen_by_cdn == [None]
