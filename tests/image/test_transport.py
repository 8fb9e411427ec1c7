"""The registry's http.client transport on its own: keep-alive, stale connections, proxies, TLS.

Every server here is a small loopback one written for the test (127.0.0.1 only, sockets with
time-outs, loops bounded), so each behaviour is forced rather than hoped for.
"""

from __future__ import annotations

import base64
import json
import logging
import os
import socket
import ssl
import subprocess
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from http.server import ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from v6port.errors import V6portError
from v6port.sources.image import ReadOptions, read_image
from v6port.sources.image._transport import (
    ANSWER_TIMEOUTS,
    BrokenConnection,
    ConnectError,
    Proxy,
    Timeout,
    Transport,
    environment_may_name_proxies,
    tls_context,
)

from .image_helpers import QuietHandler, need, serve, sha256

HEADERS = {"User-Agent": "v6port", "Accept-Encoding": "identity"}
WAIT = 5.0


def transport(
    timeout: float = 2.0, verify: bool = True, seen: list[str] | None = None
) -> Transport:
    return Transport(
        tls_verify=verify,
        timeout=timeout,
        headers=dict(HEADERS),
        on_secret=seen.append if seen is not None else None,
    )


def body(t: Transport, url: str, headers: dict[str, str] | None = None) -> bytes:
    with t.get(url, headers or {}) as response:
        return b"".join(response.iter_raw())


@pytest.fixture
def no_proxies(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in list(os.environ):
        if name.lower().endswith("_proxy"):
            monkeypatch.delenv(name)
    monkeypatch.delenv("SSL_CERT_FILE", raising=False)
    monkeypatch.delenv("SSL_CERT_DIR", raising=False)


# -- a raw loopback TCP server ------------------------------------------------------------


@dataclass
class Raw:
    port: int
    accepted: int = 0
    heads: list[list[bytes]] = field(default_factory=list)
    """Request heads received, per accepted connection."""
    closed: threading.Event = field(default_factory=threading.Event)
    stop: threading.Event = field(default_factory=threading.Event)


def read_head(conn: socket.socket) -> bytes | None:
    """One request head (up to the blank line), or None at end of stream; 64 KiB at most."""
    data = b""
    while b"\r\n\r\n" not in data:
        try:
            chunk = conn.recv(4096)
        except OSError:
            return None
        if not chunk:
            return None
        data += chunk
        assert len(data) < 65536
    return data.partition(b"\r\n\r\n")[0]


def answer(conn: socket.socket, payload: bytes, status: str = "200 OK", extra: bytes = b"") -> None:
    conn.sendall(
        b"HTTP/1.1 %s\r\nContent-Length: %d\r\n%s\r\n%s"
        % (status.encode(), len(payload), extra, payload)
    )


@contextmanager
def raw_server(handler: Callable[[socket.socket, int, Raw], None]) -> Iterator[Raw]:
    """Each accepted connection runs handler(conn, index, state) in its own daemon thread."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    listener.settimeout(0.1)
    state = Raw(port=listener.getsockname()[1])

    def run(conn: socket.socket, index: int) -> None:
        with conn:
            conn.settimeout(WAIT)
            with suppress(OSError):
                handler(conn, index, state)

    def accept() -> None:
        while not state.stop.is_set():
            try:
                conn, _ = listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            index = state.accepted
            state.accepted += 1
            state.heads.append([])
            threading.Thread(target=run, args=(conn, index), daemon=True).start()

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        state.stop.set()
        thread.join(timeout=WAIT)
        listener.close()


def keep_alive(payload: bytes) -> Callable[[socket.socket, int, Raw], None]:
    """Answer every request on the connection with `payload`, until the client closes."""

    def handler(conn: socket.socket, index: int, state: Raw) -> None:
        for _ in range(100):
            head = read_head(conn)
            if head is None:
                state.closed.set()
                return
            state.heads[index].append(head)
            answer(conn, payload)

    return handler


# -- keep-alive ---------------------------------------------------------------------------


def test_one_connection_per_thread_reused_and_closed(no_proxies: None) -> None:
    with raw_server(keep_alive(b"hello")) as server:
        t = transport()
        url = f"http://127.0.0.1:{server.port}/v2/"
        assert [body(t, url) for _ in range(5)] == [b"hello"] * 5
        assert server.accepted == 1
        assert len(server.heads[0]) == 5

        def in_a_thread() -> None:
            for _ in range(3):
                assert body(t, url) == b"hello"

        threads = [threading.Thread(target=in_a_thread) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=WAIT)
        assert server.accepted == 3  # one per thread
        t.close()
        deadline = time.monotonic() + WAIT
        while time.monotonic() < deadline and not server.closed.is_set():
            time.sleep(0.01)
        assert server.closed.is_set()
        # A request after close() opens a connection again.
        assert body(t, url) == b"hello"
        assert server.accepted == 4
        t.close()


def test_request_headers_and_target(no_proxies: None) -> None:
    with raw_server(keep_alive(b"x")) as server:
        t = transport()
        body(t, f"http://127.0.0.1:{server.port}/a b/é?q=1 2", {"Accept": "*/*"})
        t.close()
    head = server.heads[0][0].decode()
    lines = head.split("\r\n")
    assert lines[0] == "GET /a%20b/%C3%A9?q=1%202 HTTP/1.1"
    names = [line.split(":")[0].lower() for line in lines[1:]]
    assert sorted(names) == ["accept", "accept-encoding", "host", "user-agent"]
    assert f"Host: 127.0.0.1:{server.port}" in lines
    assert "User-Agent: v6port" in lines and "Accept-Encoding: identity" in lines


def test_repeated_response_headers_are_joined(no_proxies: None) -> None:
    def handler(conn: socket.socket, index: int, state: Raw) -> None:
        read_head(conn)
        answer(conn, b"", extra=b"X-A: 1\r\nX-A: 2\r\nX-B: b\r\n")

    with raw_server(handler) as server:
        t = transport()
        with t.get(f"http://127.0.0.1:{server.port}/", {}) as response:
            assert response.header("x-a") == "1, 2"
            assert response.header("X-B") == "b"
            assert response.header("X-C") is None
        t.close()


# -- stale keep-alive connections ---------------------------------------------------------


def test_a_stale_keep_alive_connection_is_retried_once_on_a_fresh_one(
    no_proxies: None, caplog: Any
) -> None:
    """The server closes an idle keep-alive connection: the next request on it gets no
    answer at all and is sent again on a new connection."""

    def handler(conn: socket.socket, index: int, state: Raw) -> None:
        if index == 0:
            state.heads[0].append(read_head(conn) or b"")
            answer(conn, b"first")  # keep-alive, then gone
            conn.shutdown(socket.SHUT_RDWR)
            conn.close()
            state.closed.set()
            return
        keep_alive(b"second")(conn, index, state)

    caplog.set_level(logging.DEBUG, logger="v6port.sources.image._transport")
    with raw_server(handler) as server:
        t = transport()
        url = f"http://127.0.0.1:{server.port}/v2/"
        assert body(t, url) == b"first"
        assert server.closed.wait(WAIT)
        time.sleep(0.05)  # let the FIN arrive
        assert body(t, url) == b"second"
        assert server.accepted == 2
        assert len(server.heads[1]) == 1
        t.close()
    assert "reconnecting" in caplog.text


def test_a_fresh_connection_that_breaks_is_not_retried(no_proxies: None) -> None:
    def handler(conn: socket.socket, index: int, state: Raw) -> None:
        read_head(conn)  # and hang up without an answer

    with raw_server(handler) as server:
        t = transport()
        with pytest.raises(BrokenConnection, match="without response"):
            t.get(f"http://127.0.0.1:{server.port}/", {})
        assert server.accepted == 1
        t.close()


def test_a_stale_connection_is_retried_only_once(no_proxies: None) -> None:
    def handler(conn: socket.socket, index: int, state: Raw) -> None:
        read_head(conn)
        if index == 0:
            answer(conn, b"first")
            conn.shutdown(socket.SHUT_RDWR)
            state.closed.set()
        # every later connection hangs up without an answer

    with raw_server(handler) as server:
        t = transport()
        url = f"http://127.0.0.1:{server.port}/"
        assert body(t, url) == b"first"
        assert server.closed.wait(WAIT)
        time.sleep(0.05)
        with pytest.raises(BrokenConnection):
            t.get(url, {})
        assert server.accepted == 2
        t.close()


def test_a_short_body_is_a_broken_connection(no_proxies: None) -> None:
    def handler(conn: socket.socket, index: int, state: Raw) -> None:
        read_head(conn)
        conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n0123456789")

    with raw_server(handler) as server:
        t = transport()
        with (
            pytest.raises(BrokenConnection, match="90 bytes"),
            t.get(f"http://127.0.0.1:{server.port}/", {}) as response,
        ):
            b"".join(response.iter_raw())
        t.close()


def test_a_silent_server_times_out(no_proxies: None) -> None:
    def handler(conn: socket.socket, index: int, state: Raw) -> None:
        read_head(conn)
        state.stop.wait(WAIT)

    with raw_server(handler) as server:
        t = transport(timeout=0.3)
        start = time.monotonic()
        with pytest.raises(Timeout):
            t.get(f"http://127.0.0.1:{server.port}/", {})
        assert time.monotonic() - start < 2.0
        t.close()


def dribble(first: bytes, line: bytes) -> Callable[[socket.socket, int, Raw], None]:
    """Answer with `first`, then send `line` every 0.05 s: each read is quick, the answer
    never ends."""

    def handler(conn: socket.socket, index: int, state: Raw) -> None:
        read_head(conn)
        conn.sendall(first)
        for _ in range(200):  # 10 s at most
            if state.stop.wait(0.05):
                return
            conn.sendall(line)

    return handler


@pytest.mark.parametrize(
    ("first", "line"),
    [
        (b"HTTP/1.1 200 OK\r\n", b"X-Pad: 1\r\n"),
        (b"", b"HTTP/1.1 100 Continue\r\n\r\n"),
    ],
    ids=["endless headers", "endless 100 Continue"],
)
def test_an_answer_that_never_ends_times_out(no_proxies: None, first: bytes, line: bytes) -> None:
    with raw_server(dribble(first, line)) as server:
        t = transport(timeout=0.2)
        start = time.monotonic()
        with pytest.raises(Timeout, match="no complete answer in time"):
            t.get(f"http://127.0.0.1:{server.port}/", {})
        assert time.monotonic() - start < 0.2 * ANSWER_TIMEOUTS + 1.5
        t.close()


def test_endless_trailers_time_out(no_proxies: None) -> None:
    head = b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nok\r\n0\r\n"
    with raw_server(dribble(head, b"X-Trailer: 1\r\n")) as server:
        t = transport(timeout=0.2)
        start = time.monotonic()
        with (
            pytest.raises(Timeout, match="no complete answer in time"),
            t.get(f"http://127.0.0.1:{server.port}/", {}) as response,
        ):
            b"".join(response.iter_raw())
        assert time.monotonic() - start < 0.2 * ANSWER_TIMEOUTS + 1.5
        t.close()


def test_a_prompt_answer_is_not_cut_by_the_deadline(no_proxies: None) -> None:
    with raw_server(keep_alive(b"hello")) as server:
        t = transport(timeout=0.2)
        url = f"http://127.0.0.1:{server.port}/"
        for _ in range(3):  # requests after the first deadline would have passed
            assert body(t, url) == b"hello"
            time.sleep(0.2 * ANSWER_TIMEOUTS / 2)
        t.close()


@pytest.mark.parametrize(("scheme", "port"), [("http", 80), ("https", 443)])
def test_an_ipv6_host_without_a_port_gets_the_scheme_s_port(
    no_proxies: None, scheme: str, port: int
) -> None:
    t = transport(verify=False)
    conn = t._new_connection(scheme, "::1", None, None)
    assert (conn.host, conn.port) == ("::1", port)  # not (":", 1)
    t.close()


def test_connection_refused_is_a_connect_error(no_proxies: None) -> None:
    from .image_helpers import free_port

    t = transport()
    with pytest.raises(ConnectError, match="refused"):
        t.get(f"http://127.0.0.1:{free_port()}/", {})
    t.close()


def test_unread_bodies_small_ones_are_drained_big_ones_drop_the_connection(
    no_proxies: None,
) -> None:
    sizes = {b"/small": 100, b"/big": 200 * 1024}

    def handler(conn: socket.socket, index: int, state: Raw) -> None:
        for _ in range(100):
            head = read_head(conn)
            if head is None:
                return
            state.heads[index].append(head)
            size = sizes.get(head.split(b" ")[1], 1)
            try:
                answer(conn, b"x" * size, status="404 Not Found")
            except OSError:
                return

    with raw_server(handler) as server:
        t = transport()
        base = f"http://127.0.0.1:{server.port}"
        for path in ("/small", "/small", "/other"):
            with t.get(base + path, {}) as response:
                assert response.status == 404  # body left unread
        assert server.accepted == 1
        with t.get(base + "/big", {}):
            pass
        with t.get(base + "/other", {}):
            pass
        assert server.accepted == 2  # the big body was not read: a new connection
        with pytest.raises(RuntimeError), t.get(base + "/small", {}):
            raise RuntimeError("the caller failed")
        body(t, base + "/other")
        assert server.accepted == 3  # never drained while an error goes up
        t.close()


# -- proxies ------------------------------------------------------------------------------


def route(t: Transport, url: str) -> Proxy | None:
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    assert parts.hostname is not None
    return t._route(parts.scheme, parts.netloc, parts.hostname)


def test_proxy_selection(no_proxies: None, monkeypatch: pytest.MonkeyPatch) -> None:
    assert route(transport(), "https://r.example.org/v2/") is None
    monkeypatch.setenv("HTTPS_PROXY", "http://user:p%40ss@proxy.example:3128")
    seen: list[str] = []
    t = transport(seen=seen)
    secure = route(t, "https://r.example.org/v2/")
    auth = "Basic " + base64.b64encode(b"user:p@ss").decode()
    assert secure == Proxy("proxy.example", 3128, auth)
    assert "p@ss" not in repr(secure) and "user" not in repr(secure)
    assert seen == ["p@ss"]  # scrubbed from messages like the registry's secrets
    assert route(t, "http://r.example.org/v2/") is None  # HTTP_PROXY is not set
    monkeypatch.setenv("HTTP_PROXY", "plain.example:8080")  # no scheme: http://
    monkeypatch.setenv("ALL_PROXY", "http://all.example:1")
    t = transport()
    assert route(t, "http://r.example.org/") == Proxy("plain.example", 8080, None)
    monkeypatch.delenv("HTTPS_PROXY")
    t = transport()
    assert route(t, "https://r.example.org/") == Proxy("all.example", 1, None)
    # Loopback registries are never proxied.
    for url in ("http://127.0.0.1:5000/", "http://localhost/", "http://[::1]:5000/"):
        assert route(t, url) is None
    # NO_PROXY: names and their subdomains, with or without a leading dot, or "*".
    monkeypatch.setenv("NO_PROXY", "example.org,.corp.example")
    t = transport()
    assert route(t, "https://example.org/") is None
    assert route(t, "https://r.example.org:5000/") is None
    assert route(t, "https://x.corp.example/") is None
    assert route(t, "https://r.example.net/") == Proxy("all.example", 1, None)
    monkeypatch.setenv("NO_PROXY", "*")
    assert route(transport(), "https://r.example.net/") is None


@pytest.mark.parametrize("value", ["socks5://s.example:1080", "https://p.example:443"])
def test_unsupported_proxies_are_refused(
    no_proxies: None, monkeypatch: pytest.MonkeyPatch, value: str
) -> None:
    monkeypatch.setenv("HTTPS_PROXY", value)
    with pytest.raises(ConnectError, match=r"only http:// proxies"):
        route(transport(), "https://r.example.org/")


def test_environment_may_name_proxies(no_proxies: None, monkeypatch: pytest.MonkeyPatch) -> None:
    if os.uname().sysname == "Darwin":  # pragma: no cover
        pytest.skip("macOS has system proxy settings")
    assert not environment_may_name_proxies()
    monkeypatch.setenv("ftp_proxy", "")
    assert not environment_may_name_proxies()  # empty values are ignored, as urllib does
    monkeypatch.setenv("Custom_Proxy", "http://p:1")
    assert environment_may_name_proxies()


@dataclass
class ProxyLog:
    lines: list[str] = field(default_factory=list)
    """The first line of every request the proxy received, tunnelled ones prefixed "tls "."""
    heads: list[str] = field(default_factory=list)


def recording_proxy(
    log: ProxyLog, tls: ssl.SSLContext | None
) -> Callable[[socket.socket, int, Raw], None]:
    """Answers absolute-form GETs itself; a CONNECT is answered 200 and, with `tls`, the
    tunnel is served as the origin would serve it (so TLS is checked against its name)."""

    def serve_requests(conn: socket.socket, prefix: str, payload: bytes) -> None:
        for _ in range(100):
            head = read_head(conn)
            if head is None:
                return
            text = head.decode("latin-1")
            log.lines.append(prefix + text.split("\r\n")[0])
            log.heads.append(prefix + text)
            answer(conn, payload)

    def handler(conn: socket.socket, index: int, state: Raw) -> None:
        head = read_head(conn)
        if head is None:
            return
        text = head.decode("latin-1")
        if not text.startswith("CONNECT "):
            log.lines.append(text.split("\r\n")[0])
            log.heads.append(text)
            answer(conn, b"from the proxy")
            serve_requests(conn, "", b"from the proxy")
            return
        log.lines.append(text.split("\r\n")[0])
        log.heads.append(text)
        conn.sendall(b"HTTP/1.1 200 Connection established\r\n\r\n")
        assert tls is not None
        with tls.wrap_socket(conn, server_side=True) as inner:
            serve_requests(inner, "tls ", b"through the tunnel")

    return handler


def test_http_through_a_proxy_uses_the_absolute_form(
    no_proxies: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    log = ProxyLog()
    with raw_server(recording_proxy(log, None)) as server:
        monkeypatch.setenv("HTTP_PROXY", f"http://u:pw@127.0.0.1:{server.port}")
        t = transport()
        url = "http://registry.test:5000/v2/v6/good/manifests/1"
        assert body(t, url) == b"from the proxy"
        assert body(t, url) == b"from the proxy"
        t.close()
    assert server.accepted == 1  # kept alive
    assert log.lines == [f"GET {url} HTTP/1.1"] * 2
    head = log.heads[0].split("\r\n")
    assert "Host: registry.test:5000" in head
    assert "Proxy-Authorization: Basic " + base64.b64encode(b"u:pw").decode() in head


@dataclass(frozen=True)
class Cert:
    cert: Path
    key: Path

    def server_context(self) -> ssl.SSLContext:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(self.cert, self.key)
        return context


@pytest.fixture(scope="module")
def cert(tmp_path_factory: pytest.TempPathFactory) -> Cert:
    """A self-signed certificate for registry.test, localhost and 127.0.0.1."""
    openssl = need("openssl")
    where = tmp_path_factory.mktemp("tls")
    cert, key = where / "cert.pem", where / "key.pem"
    subprocess.run(
        [openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
         "-keyout", str(key), "-out", str(cert), "-subj", "/CN=registry.test",
         "-addext", "subjectAltName=DNS:registry.test,DNS:localhost,IP:127.0.0.1"],
        check=True, capture_output=True, timeout=60,
    )  # fmt: skip
    return Cert(cert, key)


def test_https_through_a_proxy_uses_a_connect_tunnel(
    no_proxies: None, monkeypatch: pytest.MonkeyPatch, cert: Cert
) -> None:
    log = ProxyLog()
    with raw_server(recording_proxy(log, cert.server_context())) as server:
        monkeypatch.setenv("HTTPS_PROXY", f"http://u:pw@127.0.0.1:{server.port}")
        monkeypatch.setenv("SSL_CERT_FILE", str(cert.cert))
        t = transport()
        url = "https://registry.test/v2/v6/good/manifests/1"
        assert body(t, url) == b"through the tunnel"
        assert body(t, url) == b"through the tunnel"
        t.close()
    assert server.accepted == 1
    assert log.lines == [
        "CONNECT registry.test:443 HTTP/1.0",
        "tls GET /v2/v6/good/manifests/1 HTTP/1.1",
        "tls GET /v2/v6/good/manifests/1 HTTP/1.1",
    ]
    authorization = "Proxy-Authorization: Basic " + base64.b64encode(b"u:pw").decode()
    assert authorization in log.heads[0].split("\r\n")
    # The proxy's credentials go to the proxy only, not through the tunnel.
    assert "Proxy-Authorization" not in log.heads[1]
    assert "Host: registry.test" in log.heads[1].split("\r\n")


# -- TLS ----------------------------------------------------------------------------------


def tls_origin(cert: Cert) -> Callable[[socket.socket, int, Raw], None]:
    context = cert.server_context()

    def handler(conn: socket.socket, index: int, state: Raw) -> None:
        try:
            inner = context.wrap_socket(conn, server_side=True)
        except (ssl.SSLError, OSError):
            return  # the client refused the certificate
        with inner:
            keep_alive(b"secure")(inner, index, state)

    return handler


def test_tls_is_verified_against_certifi_ssl_cert_file_or_not_at_all(
    no_proxies: None, monkeypatch: pytest.MonkeyPatch, cert: Cert
) -> None:
    with raw_server(tls_origin(cert)) as server:
        url = f"https://localhost:{server.port}/v2/"
        t = transport()
        with pytest.raises(ConnectError, match="CERTIFICATE_VERIFY_FAILED"):
            t.get(url, {})
        t.close()
        t = transport(verify=False)
        assert body(t, url) == b"secure"
        t.close()
        monkeypatch.setenv("SSL_CERT_FILE", str(cert.cert))
        t = transport()
        assert body(t, url) == b"secure"
        assert body(t, f"https://127.0.0.1:{server.port}/v2/") == b"secure"
        t.close()
        monkeypatch.setenv("SSL_CERT_FILE", str(cert.cert.with_name("absent.pem")))
        with pytest.raises(ConnectError, match="can't load the CA certificates from SSL_CERT"):
            transport().get(url, {})


def test_the_tls_context_is_built_once_and_only_for_https(
    no_proxies: None, monkeypatch: pytest.MonkeyPatch, cert: Cert
) -> None:
    import certifi

    built: list[dict[str, Any]] = []
    real = ssl.create_default_context

    def recording(**kwargs: Any) -> ssl.SSLContext:
        built.append(kwargs)
        return real(**kwargs)

    monkeypatch.setattr(ssl, "create_default_context", recording)
    with raw_server(keep_alive(b"plain")) as plain, raw_server(tls_origin(cert)) as secure:
        t = transport()
        assert body(t, f"http://127.0.0.1:{plain.port}/") == b"plain"
        assert built == [] and t._context is None
        for _ in range(2):
            with pytest.raises(ConnectError):  # certifi does not know this certificate
                t.get(f"https://localhost:{secure.port}/", {})
        assert built == [{"cafile": certifi.where()}]
        t.close()
    assert tls_context(False).verify_mode == ssl.CERT_NONE
    assert not tls_context(False).check_hostname
    monkeypatch.setenv("SSL_CERT_DIR", str(cert.cert.parent))
    tls_context(True)
    assert built[-1] == {"cafile": None, "capath": str(cert.cert.parent)}


# -- through the registry reader ----------------------------------------------------------


def test_registry_read_with_a_blob_on_an_https_origin(
    no_proxies: None, monkeypatch: pytest.MonkeyPatch, cert: Cert
) -> None:
    """A loopback registry redirects the config to an https:// CDN: certificate errors are
    one line with the TLS hint; SSL_CERT_FILE or tls_verify=False make it work."""
    from .test_faults import CONFIG, OCI_MANIFEST, manifest

    def cdn(conn: socket.socket, index: int, state: Raw) -> None:
        try:
            inner = cert.server_context().wrap_socket(conn, server_side=True)
        except (ssl.SSLError, OSError):
            return
        with inner:
            keep_alive(CONFIG)(inner, index, state)

    with raw_server(cdn) as blobs:

        class Registry(QuietHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:
                if "/manifests/" in self.path:
                    data, headers = manifest(), {"Content-Type": OCI_MANIFEST}
                    self.send_response(200)
                else:
                    data = b""
                    headers = {"Location": f"https://localhost:{blobs.port}/b/{sha256(CONFIG)}"}
                    self.send_response(307)
                for key, value in headers.items():
                    self.send_header(key, value)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        with serve(Registry) as server:
            assert isinstance(server, ThreadingHTTPServer)
            ref = f"127.0.0.1:{server.server_address[1]}/v6/good:1"
            with pytest.raises(V6portError) as caught:
                read_image(ref, ReadOptions(timeout=2.0))
            message = str(caught.value)
            assert message.startswith(f"{ref}: can't connect to localhost:{blobs.port}: ")
            assert "CERTIFICATE_VERIFY_FAILED" in message
            assert message.endswith(
                "the TLS certificate was not accepted; fix it or pass --tls-verify=false"
            )
            insecure = read_image(ref, ReadOptions(timeout=2.0, tls_verify=False))
            assert insecure.config["Labels"] == {"p8888": "com"}
            monkeypatch.setenv("SSL_CERT_FILE", str(cert.cert))
            result = read_image(ref, ReadOptions(timeout=2.0))
            assert json.dumps(result.config["ExposedPorts"]) == '{"8888/tcp": {}}'
