"""HTTP/1.1 GETs on the standard library's http.client, for the registry reader.

A Transport keeps one keep-alive connection per (thread, scheme, host:port, proxy) in a
``threading.local``, so the thread pool of read_images bounds the number of connections.
A request on a reused connection that fails before any byte of the answer (the server
closed an idle keep-alive connection) is sent once more on a fresh connection, as urllib3
and httpx do. Bodies are read in chunks by the caller (nothing is read unbounded); a body
left unread is drained only when it is small and declared, otherwise the connection is
dropped. Proxies come from the environment (HTTP_PROXY, HTTPS_PROXY, ALL_PROXY, NO_PROXY),
never for loopback hosts; TLS is verified against SSL_CERT_FILE/SSL_CERT_DIR when set,
otherwise certifi's bundle, and the context is built once, on the first https:// request.

Socket time-outs bound each read, not a whole answer: a server that sends a byte just
before every time-out, or 1xx answers or trailer lines without end, would hold a request
forever. So each request also has a deadline for all of it (ANSWER_TIMEOUTS time-outs),
kept by one watchdog thread per transport that shuts the socket down when it passes.

Every failure is one of the TransportError classes below, with a short message.
"""

from __future__ import annotations

import base64
import contextlib
import http.client
import ipaddress
import logging
import os
import re
import socket
import ssl
import sys
import threading
import time
from collections.abc import Callable, Iterator
from types import TracebackType
from typing import NamedTuple
from urllib.parse import quote, unquote, urlsplit

log = logging.getLogger(__name__)

_CHUNK = 64 * 1024
# A whole request (connect, answer, body) may take this many time-outs; the registry
# reader stops a slow body sooner (after 4), with a better message.
ANSWER_TIMEOUTS = 5
# An unread body up to this size (with a Content-Length) is read and dropped to keep the
# connection; 401s, redirects and error answers are small.
_DRAIN_MAX = 64 * 1024
# The server closed an idle keep-alive connection: nothing of the answer was received.
_STALE = (
    http.client.RemoteDisconnected,
    BrokenPipeError,
    ConnectionResetError,
    ConnectionAbortedError,
    ssl.SSLEOFError,
)
# The connection broke while the answer was being received.
_BROKEN = (
    http.client.IncompleteRead,
    http.client.BadStatusLine,
    ConnectionError,
    ssl.SSLEOFError,
)
_FAILURES = (OSError, http.client.HTTPException, ValueError)
_UNSAFE_IN_URL = re.compile(r"[^\x21-\x7e]")


class TransportError(Exception):
    """A request failed; the message is short and holds no secret."""


class Timeout(TransportError):
    """No connection, or no data, within the timeout."""


class ConnectError(TransportError):
    """The connection could not be made (refused, DNS, TLS, proxy)."""


class BrokenConnection(TransportError):
    """The connection closed or broke before the whole answer was received."""


def is_loopback(host: str) -> bool:
    """localhost, 127.0.0.0/8 and ::1: Docker talks plain HTTP to these."""
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


class Proxy(NamedTuple):
    host: str
    port: int
    authorization: str | None
    """The Proxy-Authorization value, from credentials in the proxy URL."""

    def __repr__(self) -> str:
        return f"Proxy({self.host}:{self.port})"  # never the credentials


def parse_proxy(value: str) -> tuple[Proxy, str | None]:
    """An environment proxy URL -> (Proxy, its password or None); http:// proxies only."""
    url = value if "://" in value else "http://" + value
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        raise ConnectError("the proxy URL in the environment is not valid") from None
    if parts.scheme.lower() != "http" or not parts.hostname:
        shown = f"{parts.scheme}://{parts.hostname or ''}"
        raise ConnectError(
            f"the proxy {shown} from the environment is not supported (only http:// proxies)"
        )
    authorization = password = None
    if parts.username is not None or parts.password is not None:
        password = unquote(parts.password or "")
        raw = f"{unquote(parts.username or '')}:{password}".encode()
        authorization = "Basic " + base64.b64encode(raw).decode()
    return Proxy(parts.hostname, port or 80, authorization), password or None


def environment_may_name_proxies() -> bool:
    """False when urllib.request.getproxies() is sure to find none (saves importing it).

    On Linux and other POSIX systems but macOS, getproxies() reads only environment
    variables whose name ends in ``_proxy`` (any case); macOS and Windows also have
    system-wide settings, so there the answer is always True.
    """
    if sys.platform in ("darwin", "win32"):
        return True
    return any(value and name[-6:].lower() == "_proxy" for name, value in os.environ.items())


def tls_context(verify: bool) -> ssl.SSLContext:
    """The client TLS context: verified against SSL_CERT_FILE/SSL_CERT_DIR or certifi."""
    if not verify:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
        return context
    cafile = os.environ.get("SSL_CERT_FILE") or None
    capath = os.environ.get("SSL_CERT_DIR") or None
    try:
        if cafile or capath:
            return ssl.create_default_context(cafile=cafile, capath=capath)
        try:
            import certifi
        except ImportError:  # a broken install: the system's CA certificates
            return ssl.create_default_context()
        return ssl.create_default_context(cafile=certifi.where())
    except (OSError, ValueError) as exc:
        where = "SSL_CERT_FILE/SSL_CERT_DIR" if cafile or capath else "certifi"
        raise ConnectError(f"can't load the CA certificates from {where}: {_text(exc)}") from None


class Watchdog:
    """Shuts down the socket of a request that runs past its deadline.

    One daemon thread serves a transport: it sleeps until the nearest deadline, and is
    started by the first request. A blocked read then fails, and the request reports a
    time-out (``expired``) rather than a broken connection.
    """

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._due: dict[int, tuple[float, http.client.HTTPConnection]] = {}
        self._expired: set[int] = set()
        self._count = 0
        self._thread: threading.Thread | None = None
        self._closed = False
        self._wake_at: float | None = None
        """When the thread wakes next; None: when notified."""

    def watch(self, conn: http.client.HTTPConnection, seconds: float) -> int:
        deadline = time.monotonic() + seconds
        with self._cond:
            self._count += 1
            self._due[self._count] = (deadline, conn)
            if self._thread is None and not self._closed:
                self._thread = threading.Thread(
                    target=self._run, name="v6port-deadlines", daemon=True
                )
                self._thread.start()
            # Requests share one time-out, so a new deadline is rarely the nearest: waking
            # the thread for every request would cost a GIL hand-off each.
            if self._wake_at is None or deadline < self._wake_at:
                self._cond.notify()
            return self._count

    def expired(self, ticket: int) -> bool:
        """Whether the deadline has passed (a shut-down socket can look like a short answer)."""
        with self._cond:
            return ticket in self._expired

    def done(self, ticket: int) -> bool:
        """Stop watching; True if the deadline had passed and the socket was shut down."""
        with self._cond:
            self._due.pop(ticket, None)
            if ticket in self._expired:
                self._expired.discard(ticket)
                return True
            return False

    def close(self) -> None:
        with self._cond:
            self._closed = True
            self._cond.notify()

    def _run(self) -> None:
        with self._cond:
            while not self._closed:
                now = time.monotonic()
                for ticket, (deadline, conn) in list(self._due.items()):
                    if deadline <= now:
                        del self._due[ticket]
                        self._expired.add(ticket)
                        _shut_down(conn)
                self._wake_at = min((deadline for deadline, _ in self._due.values()), default=None)
                self._cond.wait(None if self._wake_at is None else max(self._wake_at - now, 0.001))
                self._wake_at = None


def _shut_down(conn: http.client.HTTPConnection) -> None:
    sock = conn.sock
    if sock is not None:
        with contextlib.suppress(OSError):  # already closed
            sock.shutdown(socket.SHUT_RDWR)


class Response:
    """One answer being received; use it as a context manager."""

    __slots__ = ("_conn", "_done", "_raw", "_ticket", "_timeout", "_watchdog", "status")

    def __init__(
        self,
        conn: http.client.HTTPConnection,
        raw: http.client.HTTPResponse,
        timeout: float,
        watchdog: Watchdog,
        ticket: int,
    ) -> None:
        self._conn = conn
        self._raw = raw
        self._timeout = timeout
        self._watchdog = watchdog
        self._ticket = ticket
        self._done = False
        self.status = raw.status

    def header(self, name: str) -> str | None:
        """The header's value; repeated headers joined with ", " (as httpx did)."""
        values = self._raw.headers.get_all(name)
        if not values:
            return None
        return values[0] if len(values) == 1 else ", ".join(values)

    def iter_raw(self) -> Iterator[bytes]:
        """The body as it arrives, one socket read per chunk (at most 64 KiB)."""
        raw = self._raw
        while True:
            try:
                chunk = raw.read1(_CHUNK)
            except TimeoutError:
                raise Timeout("timed out") from None
            except _FAILURES as exc:
                if self._watchdog.done(self._ticket):
                    raise Timeout(_OVERDUE) from None
                if isinstance(exc, _BROKEN):
                    raise BrokenConnection(_text(exc)) from None
                raise TransportError(_text(exc)) from None
            if not chunk:
                missing = raw.length
                if self._watchdog.done(self._ticket):
                    raise Timeout(_OVERDUE)
                if missing:  # http.client does not raise for a short Content-Length body
                    raise BrokenConnection(f"closed with {missing} bytes of the body unsent")
                raw.close()
                self._done = True
                return
            yield chunk

    def __enter__(self) -> Response:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        try:
            if self._done:
                return  # the whole body was read: the connection stays open for the next one
            if exc_type is None and self._drain():
                return
            self._raw.close()
            self._conn.close()
        finally:
            if self._watchdog.done(self._ticket):
                self._conn.close()  # shut down by the watchdog: not reusable

    def _drain(self) -> bool:
        """Read a small unread body to keep the connection; False: drop the connection."""
        raw = self._raw
        if raw.will_close or raw.chunked or raw.length is None or raw.length > _DRAIN_MAX:
            return False
        deadline = time.monotonic() + self._timeout
        try:
            while raw.length:
                if not raw.read1(_CHUNK) or time.monotonic() > deadline:
                    return False
        except _FAILURES:
            return False
        raw.close()
        self._done = True
        return True


class Transport:
    def __init__(
        self,
        *,
        tls_verify: bool,
        timeout: float,
        headers: dict[str, str],
        on_secret: Callable[[str], None] | None = None,
    ) -> None:
        self._tls_verify = tls_verify
        self._timeout = timeout
        self._headers = headers
        self._on_secret = on_secret
        self._lock = threading.Lock()
        self._local = threading.local()
        self._opened: list[http.client.HTTPConnection] = []
        self._watchdog = Watchdog()
        # Loading a CA bundle costs tens of milliseconds: plain-HTTP registries never do.
        self._context: ssl.SSLContext | None = None
        self._proxies: dict[str, str] | None = None
        self._routes: dict[tuple[str, str], Proxy | None] = {}

    def close(self) -> None:
        """Close every connection this transport opened, in every thread."""
        self._watchdog.close()
        with self._lock:
            opened = list(self._opened)
        for conn in opened:
            conn.close()  # a connection used again after this reconnects; close() again

    def get(self, url: str, headers: dict[str, str]) -> Response:
        """GET `url`; the caller reads the body and leaves the Response's context."""
        try:
            parts = urlsplit(url)
            host, port = parts.hostname, parts.port
        except ValueError:
            raise TransportError("the URL has an invalid host or port") from None
        scheme = parts.scheme
        if scheme not in ("http", "https") or not host:
            raise TransportError(f"not an http(s) URL ({scheme}:)")
        netloc = parts.netloc.rpartition("@")[2]  # user:password@ in a redirect is dropped
        route = self._route(scheme, netloc, host)
        path = parts.path or "/"
        if parts.query:
            path += "?" + parts.query
        if _UNSAFE_IN_URL.search(path):
            path = _UNSAFE_IN_URL.sub(lambda m: quote(m.group(), safe=""), path)
        sent = {**self._headers, **headers}
        if route is not None and scheme == "http":
            # Absolute form to the proxy; https:// goes through a CONNECT tunnel instead.
            path = f"http://{netloc}{path}"
            if route.authorization:
                sent["Proxy-Authorization"] = route.authorization
        conn = self._connection(scheme, netloc, host, port, route)
        ticket = self._watchdog.watch(conn, self._timeout * ANSWER_TIMEOUTS)
        try:
            raw = self._send(conn, route, path, sent, netloc)
        except BaseException:
            if self._watchdog.done(ticket):
                conn.close()
                raise Timeout(_OVERDUE) from None
            raise
        if self._watchdog.expired(ticket):  # the head was cut short, not complete
            self._watchdog.done(ticket)
            conn.close()
            raise Timeout(_OVERDUE)
        return Response(conn, raw, self._timeout, self._watchdog, ticket)

    def _send(
        self,
        conn: http.client.HTTPConnection,
        route: Proxy | None,
        path: str,
        headers: dict[str, str],
        netloc: str,
    ) -> http.client.HTTPResponse:
        for attempt in (1, 2):
            reused = conn.sock is not None
            if not reused:
                self._connect(conn, route)
            try:
                conn.request("GET", path, headers=headers)
                return conn.getresponse()
            except _STALE as exc:
                conn.close()
                if reused and attempt == 1:
                    log.debug("idle connection to %s was closed (%s); reconnecting", netloc, exc)
                    continue
                raise BrokenConnection(_text(exc)) from None
            except TimeoutError:
                conn.close()
                raise Timeout("timed out") from None
            except _BROKEN as exc:
                conn.close()
                raise BrokenConnection(_text(exc)) from None
            except _FAILURES as exc:
                conn.close()
                raise TransportError(_text(exc)) from None
        raise AssertionError("unreachable")  # pragma: no cover

    # -- connections ----------------------------------------------------------------------

    def _connection(
        self, scheme: str, netloc: str, host: str, port: int | None, route: Proxy | None
    ) -> http.client.HTTPConnection:
        try:
            conns: dict[tuple[str, str, Proxy | None], http.client.HTTPConnection]
            conns = self._local.conns
        except AttributeError:
            conns = self._local.conns = {}
        key = (scheme, netloc, route)
        conn = conns.get(key)
        if conn is None:
            conn = conns[key] = self._new_connection(scheme, host, port, route)
            with self._lock:
                self._opened.append(conn)
        return conn

    def _new_connection(
        self, scheme: str, host: str, port: int | None, route: Proxy | None
    ) -> http.client.HTTPConnection:
        timeout = self._timeout
        # Always an explicit port: given none, http.client would read an IPv6 literal's
        # last group as one ("::1" -> host ":", port 1).
        port = port or (80 if scheme == "http" else 443)
        if scheme == "http":
            if route is not None:
                return http.client.HTTPConnection(route.host, route.port, timeout=timeout)
            return http.client.HTTPConnection(host, port, timeout=timeout)
        context = self._tls()
        if route is None:
            return http.client.HTTPSConnection(host, port, timeout=timeout, context=context)
        conn = http.client.HTTPSConnection(route.host, route.port, timeout=timeout, context=context)
        tunnel = {"Proxy-Authorization": route.authorization} if route.authorization else None
        conn.set_tunnel(host, port, headers=tunnel)
        return conn

    def _connect(self, conn: http.client.HTTPConnection, route: Proxy | None) -> None:
        try:
            conn.connect()
        except TimeoutError:
            conn.close()
            raise Timeout("timed out") from None
        except _FAILURES as exc:
            conn.close()
            via = f"proxy {route.host}:{route.port}: " if route is not None else ""
            raise ConnectError(via + _text(exc)) from None

    def _tls(self) -> ssl.SSLContext:
        context = self._context
        if context is None:
            with self._lock:
                if self._context is None:
                    self._context = tls_context(self._tls_verify)
                context = self._context
        return context

    # -- proxies --------------------------------------------------------------------------

    def _route(self, scheme: str, netloc: str, host: str) -> Proxy | None:
        """The proxy for this origin, or None: direct (always for loopback hosts)."""
        key = (scheme, netloc)
        try:
            return self._routes[key]
        except KeyError:
            pass
        route = None if is_loopback(host) else self._proxy_for(scheme, netloc)
        self._routes[key] = route
        return route

    def _proxy_for(self, scheme: str, netloc: str) -> Proxy | None:
        with self._lock:
            if self._proxies is None:
                if environment_may_name_proxies():
                    import urllib.request  # ~8 ms: only when a proxy may be configured

                    self._proxies = urllib.request.getproxies()
                else:
                    self._proxies = {}
            proxies = self._proxies
        value = proxies.get(scheme) or proxies.get("all")
        if not value:
            return None
        import urllib.request

        if urllib.request.proxy_bypass(netloc):
            return None
        proxy, password = parse_proxy(value)
        if password and self._on_secret is not None:
            self._on_secret(password)
        return proxy


_OVERDUE = "no complete answer in time"


def _text(exc: BaseException) -> str:
    return (str(exc) or exc.__class__.__name__)[:160]
