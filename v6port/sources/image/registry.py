"""`docker://`: the OCI distribution API over http.client (imported only when used).

One RegistrySession serves a whole read_images call: one Transport (keep-alive
connections per thread, see _transport.py), one token cache per (registry, repository),
and manifests/blobs fetched once per digest. Bodies are size-capped while streaming;
nothing is ever read unbounded.
"""

from __future__ import annotations

import base64
import email.utils
import logging
import re
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future
from typing import TYPE_CHECKING, Any, NamedTuple, TypeVar
from urllib.parse import urlencode, urljoin, urlsplit

from . import digest as digests
from . import limits
from ._transport import (
    BrokenConnection,
    ConnectError,
    Response,
    Timeout,
    Transport,
    TransportError,
    is_loopback,
)
from .manifests import ACCEPT, DocumentError, resolve
from .platforms import Platform
from .reference import DockerReference

if TYPE_CHECKING:
    from .credentials import Credentials

log = logging.getLogger(__name__)
T = TypeVar("T")

_REDIRECTS = (301, 302, 303, 307, 308)
_RETRY_STATUS = (429, 500, 502, 503, 504)


def parse_challenge(header: str) -> tuple[str, dict[str, str]]:
    """`Bearer realm="...",service="..."` -> ("bearer", {"realm": ..., "service": ...})."""
    scheme, _, rest = header.strip().partition(" ")
    params = {
        key.lower(): value
        for key, value in re.findall(r'([A-Za-z_]+)\s*=\s*"?((?<=")[^"]*|[^",\s]*)"?', rest)
    }
    return scheme.lower(), params


class _Body(NamedTuple):
    data: bytes
    content_type: str | None
    docker_digest: str | None


class _Challenge(NamedTuple):
    header: str
    sent: str | None
    """The Authorization that was refused (None: none was sent)."""

    def __repr__(self) -> str:
        return f"_Challenge(header={self.header!r})"  # never the Authorization sent


class _Retry(NamedTuple):
    reason: str
    delay: float
    """Seconds to wait; negative means exponential backoff."""


class _Auth:
    __slots__ = ("expires", "header")

    def __init__(self, header: str | None, expires: float) -> None:
        self.header = header
        self.expires = expires


class RegistrySession:
    def __init__(
        self,
        *,
        creds: str | None,
        tls_verify: bool,
        plain_http: bool,
        timeout: float,
    ) -> None:
        self._creds = creds
        self._plain_http = plain_http
        self._timeout = timeout
        self._lock = threading.Lock()
        self._auth: dict[tuple[str, str], _Auth] = {}
        self._auth_locks: dict[tuple[str, str], threading.Lock] = {}
        self._credentials: dict[tuple[str, str], Credentials | None] = {}
        self._once: dict[tuple[str, ...], Future[Any]] = {}
        self.secrets: set[str] = set()
        if creds:
            self.secrets.add(creds.partition(":")[2])
        # TLS is verified on every https:// hop unless --tls-verify=false (a plain http://
        # request builds no TLS context at all). The environment's HTTP(S)_PROXY, ALL_PROXY,
        # NO_PROXY and SSL_CERT_FILE/DIR apply (corporate proxies and CAs), except that
        # loopback registries are never proxied. Redirects are followed by hand (_follow):
        # bounded, and credentials stay on the registry's origin.
        self._http = Transport(
            tls_verify=tls_verify,
            timeout=timeout,
            headers={"User-Agent": "v6port", "Accept-Encoding": "identity"},
            on_secret=self._add_secret,
        )

    def close(self) -> None:
        self._http.close()

    def _add_secret(self, secret: str) -> None:
        with self._lock:
            self.secrets.add(secret)

    def secret_values(self) -> set[str]:
        """Every secret this session has seen, to scrub from messages."""
        with self._lock:
            return set(self.secrets)

    # -- public ---------------------------------------------------------------------------

    def read(self, ref: DockerReference, wanted: Platform) -> tuple[str, dict[str, Any]]:
        first = self._cached(
            ("manifest", ref.api_host, ref.repository, ref.manifest_ref),
            lambda: self._get(
                ref, f"manifests/{ref.manifest_ref}", ACCEPT, limits.MAX_MANIFEST_BYTES, "manifest"
            ),
        )
        if ref.digest is not None:
            if not digests.matches(first.data, ref.digest):
                raise DocumentError(
                    f"the manifest does not match the pinned digest {ref.digest}",
                    "the registry or something between is serving altered content; don't use it",
                )
            top = ref.digest
        else:
            top = digests.compute(first.data)
            if (
                first.docker_digest
                and digests.is_valid_digest(first.docker_digest)
                and first.docker_digest.startswith("sha256:")
                and first.docker_digest != top
            ):
                raise DocumentError(
                    "the manifest does not match the registry's Docker-Content-Digest header",
                    "the response was altered on the way; check proxies",
                )

        def fetch_manifest(d: str, size: int | None, _t: str | None) -> tuple[bytes, str | None]:
            body = self._cached(
                ("manifest", ref.api_host, ref.repository, d),
                lambda: self._get(
                    ref, f"manifests/{d}", ACCEPT, limits.MAX_MANIFEST_BYTES, "manifest"
                ),
            )
            _check_blob(body.data, d, size, "platform manifest")
            return body.data, body.content_type

        def fetch_config(d: str, size: int | None) -> bytes:
            if size is not None and size > limits.MAX_CONFIG_BYTES:
                raise DocumentError(
                    f"the image config is {size} bytes, "
                    f"over the {limits.MAX_CONFIG_BYTES}-byte limit"
                )
            body = self._cached(
                ("blob", ref.api_host, ref.repository, d),
                lambda: self._get(ref, f"blobs/{d}", "*/*", limits.MAX_CONFIG_BYTES, "config"),
            )
            _check_blob(body.data, d, size, "config")
            return body.data

        return resolve(first.data, first.content_type, top, wanted, fetch_manifest, fetch_config)

    # -- caching --------------------------------------------------------------------------

    def _cached(self, key: tuple[str, ...], fetch: Callable[[], T]) -> T:
        """Fetch each key once, even when several threads ask at the same time."""
        with self._lock:
            future = self._once.get(key)
            owner = future is None
            if future is None:
                future = Future()
                self._once[key] = future
        if owner:
            try:
                future.set_result(fetch())
            except BaseException as exc:  # the waiting threads get the same reason
                future.set_exception(exc)
                if not isinstance(exc, Exception):
                    raise
        result: T = future.result()
        return result

    # -- HTTP -----------------------------------------------------------------------------

    def _base(self, ref: DockerReference) -> str:
        scheme = "http" if self._plain_http or is_loopback(ref.hostname) else "https"
        return f"{scheme}://{ref.api_host}/v2/{ref.repository}/"

    def _get(self, ref: DockerReference, path: str, accept: str, limit: int, what: str) -> _Body:
        """GET with auth, bounded redirects and bounded retries on 429/5xx/broken connections."""
        url = urljoin(self._base(ref), path)
        failures = 0
        authenticated = False
        while True:
            outcome = self._follow(ref, url, accept, limit, what, authenticated)
            if isinstance(outcome, _Body):
                return outcome
            if isinstance(outcome, _Challenge):
                # One 401 round per request: a second 401 is an answer, not a challenge.
                self._authenticate(ref, outcome.header, outcome.sent)
                authenticated = True
                continue
            failures += 1
            if failures >= limits.MAX_ATTEMPTS:
                raise DocumentError(
                    f"{outcome.reason} from {ref.api_host} after {failures} attempts ({what})",
                    "wait and try again, or log in (anonymous pulls are rate limited)"
                    if outcome.reason.startswith("HTTP 429")
                    else "the registry is failing; try again later",
                )
            log.debug("retrying %s in %.2f s: %s", url, outcome.delay, outcome.reason)
            time.sleep(outcome.delay if outcome.delay >= 0 else _backoff(failures - 1))

    def _follow(
        self,
        ref: DockerReference,
        url: str,
        accept: str,
        limit: int,
        what: str,
        authenticated: bool,
    ) -> _Body | _Challenge | _Retry:
        registry_origin = urlsplit(url).netloc
        auth = self._current_auth((ref.api_host, ref.repository))
        target = url
        for _hop in range(limits.MAX_REDIRECTS + 1):
            headers = {"Accept": accept}
            # Credentials go to the registry only, never to a redirect target (blob CDNs).
            if auth and urlsplit(target).netloc == registry_origin:
                headers["Authorization"] = auth
            try:
                with self._http.get(target, headers) as response:
                    status = response.status
                    log.debug("GET %s -> %s", target, status)
                    if status in _REDIRECTS:
                        location = response.header("Location")
                        if not location:
                            raise DocumentError(f"HTTP {status} redirect without a Location")
                        target = _safe_redirect(target, location)
                        continue
                    if status == 401 and not authenticated:
                        return _Challenge(response.header("WWW-Authenticate") or "", auth)
                    if status in _RETRY_STATUS:
                        reason = _status_reason(status, response, limit)
                        delay = _retry_delay(response) if status == 429 else -1.0
                        return _Retry(reason, delay)
                    if status != 200:
                        raise _status_error(status, response, what, authenticated)
                    return _Body(
                        _read_capped(response, limit, what, self._timeout),
                        _content_type(response),
                        response.header("Docker-Content-Digest"),
                    )
            except Timeout:
                raise DocumentError(
                    f"no answer from {urlsplit(target).netloc} within {self._timeout:g} s ({what})",
                    "check the registry address, or raise --timeout",
                ) from None
            except ConnectError as exc:
                raise DocumentError(
                    f"can't connect to {urlsplit(target).netloc}: {_short(exc)}",
                    _connect_hint(exc, target),
                ) from None
            except BrokenConnection as exc:
                return _Retry(f"connection broke ({_short(exc)})", -1.0)
            except TransportError as exc:
                raise DocumentError(f"HTTP error from {ref.api_host}: {_short(exc)}") from None
        raise DocumentError(
            f"more than {limits.MAX_REDIRECTS} redirects fetching the {what}",
            "the registry is redirecting in a loop; report it to its operator",
        )

    # -- auth -----------------------------------------------------------------------------

    def _credentials_for(self, ref: DockerReference) -> Credentials | None:
        key = (ref.registry, ref.repository)
        with self._lock:
            if key in self._credentials:
                return self._credentials[key]
        # Only a registry that asks for credentials gets here: config files and helpers
        # (shutil, subprocess, pathlib) are not an anonymous read's business.
        from .credentials import find_credentials

        found = find_credentials(ref.registry, ref.repository, self._creds)
        with self._lock:
            self._credentials[key] = found
            if found is not None and len(found.password) >= 4:
                self.secrets.add(found.password)
        return found

    def _current_auth(self, key: tuple[str, str]) -> str | None:
        with self._lock:
            entry = self._auth.get(key)
            if entry is None or entry.expires < time.monotonic():
                return None
            return entry.header

    def _authenticate(self, ref: DockerReference, challenge: str, refused: str | None) -> None:
        """Get a credential for (registry, repository), once for all threads."""
        key = (ref.api_host, ref.repository)
        with self._lock:
            key_lock = self._auth_locks.setdefault(key, threading.Lock())
        with key_lock:
            current = self._current_auth(key)
            if current is not None and current != refused:
                return  # another thread authenticated while this one waited
            self._authenticate_now(ref, challenge, key)

    def _authenticate_now(self, ref: DockerReference, challenge: str, key: tuple[str, str]) -> None:
        scheme, params = parse_challenge(challenge)
        creds = self._credentials_for(ref)
        if scheme == "basic":
            if creds is None:
                raise DocumentError(
                    "the registry requires a login", "pass --creds USER:PASS or run docker login"
                )
            raw = f"{creds.username}:{creds.password}".encode()
            header = "Basic " + base64.b64encode(raw).decode()
            self._store_auth(key, header, 24 * 3600.0, header)
            return
        if scheme != "bearer" or not params.get("realm"):
            raise DocumentError(
                "the registry asked for authentication it does not describe (no Bearer realm)",
                "check the registry address",
            )
        token, lifetime = self._fetch_token(ref, params, creds)
        self._store_auth(key, f"Bearer {token}", lifetime, token)

    def _store_auth(self, key: tuple[str, str], header: str, lifetime: float, secret: str) -> None:
        with self._lock:
            self.secrets.add(secret)
            # Renew a little early so a token does not expire mid-request.
            self._auth[key] = _Auth(header, time.monotonic() + max(lifetime - 10.0, 1.0))

    def _fetch_token(
        self, ref: DockerReference, params: dict[str, str], creds: Credentials | None
    ) -> tuple[str, float]:
        realm = params["realm"]
        parts = urlsplit(realm)
        if parts.scheme not in ("https", "http") or not parts.hostname:
            raise DocumentError("the registry's token realm is not an http(s) URL")
        if parts.scheme == "http" and not (self._plain_http or is_loopback(parts.hostname)):
            raise DocumentError(
                f"the registry's token server {parts.hostname} is plain HTTP",
                "use --plain-http only if you trust the network",
            )
        query: dict[str, str] = {"scope": f"repository:{ref.repository}:pull"}
        if params.get("service"):
            query["service"] = params["service"]
        headers = {"Accept": "application/json"}
        if creds is not None:
            raw = f"{creds.username}:{creds.password}".encode()
            headers["Authorization"] = "Basic " + base64.b64encode(raw).decode()
            query["account"] = creds.username
        separator = "&" if parts.query else "?"
        url = realm + separator + urlencode(query)
        try:
            with self._http.get(url, headers) as response:
                if response.status in (401, 403):
                    refused = "the credentials" if creds else "anonymous access"
                    raise DocumentError(
                        f"the token server refused {refused} (HTTP {response.status})",
                        "check --creds USER:PASS or docker login",
                    )
                if response.status != 200:
                    raise DocumentError(f"the token server answered HTTP {response.status}")
                data = _read_capped(response, limits.MAX_TOKEN_BYTES, "token", self._timeout)
        except Timeout:
            raise DocumentError(
                f"no answer from the token server within {self._timeout:g} s"
            ) from None
        except TransportError as exc:
            raise DocumentError(f"can't reach the token server: {_short(exc)}") from None
        try:
            import json

            answer = json.loads(data)
            token = answer.get("token") or answer.get("access_token")
            lifetime = float(answer.get("expires_in") or 60)
        except (ValueError, AttributeError, TypeError):
            raise DocumentError("the token server's answer is not the expected JSON") from None
        if not isinstance(token, str) or not token:
            raise DocumentError("the token server's answer holds no token")
        return token, lifetime


# -- helpers ------------------------------------------------------------------------------


def _check_blob(data: bytes, digest: str, size: int | None, what: str) -> None:
    try:
        ok = digests.matches(data, digest)
    except ValueError as exc:
        raise DocumentError(f"the {what} descriptor has a bad digest: {exc}") from None
    if not ok:
        raise DocumentError(
            f"the {what} does not match its digest {digest}",
            "the registry or something between is serving altered content; don't use it",
        )
    if size is not None and len(data) != size:
        raise DocumentError(f"the {what} is {len(data)} bytes, its descriptor says {size}")


def _read_capped(response: Response, limit: int, what: str, timeout: float) -> bytes:
    """Read at most `limit` bytes, stopping as soon as more arrive; bounded in time too."""
    encoding = (response.header("Content-Encoding") or "identity").lower()
    if encoding not in ("", "identity"):
        raise DocumentError(f"the registry sent the {what} with Content-Encoding {encoding[:40]}")
    declared = response.header("Content-Length")
    if declared and declared.isdigit() and int(declared) > limit:
        raise DocumentError(
            f"the {what} is {int(declared)} bytes, over the {limit}-byte limit",
            "this is not a normal image; check the reference",
        )
    deadline = time.monotonic() + max(timeout, 1.0) * 4
    buffer = bytearray()
    for chunk in response.iter_raw():
        buffer += chunk
        if len(buffer) > limit:
            raise DocumentError(
                f"the {what} is over the {limit}-byte limit (stopped reading)",
                "this is not a normal image; check the reference",
            )
        if time.monotonic() > deadline:
            raise DocumentError(f"the {what} download is too slow (over {timeout * 4:g} s)")
    return bytes(buffer)


def _content_type(response: Response) -> str | None:
    value = response.header("Content-Type")
    return value.split(";", 1)[0].strip().lower() if value else None


def _error_code(response: Response, limit: int) -> str:
    """`CODE: message` from an OCI error body, if the body is one."""
    import json

    try:
        data = _read_capped(response, min(limit, limits.MAX_ERROR_BODY_BYTES), "error", 5.0)
        errors = json.loads(data).get("errors")
        first = errors[0]
        return f"{first.get('code', '?')}: {str(first.get('message', ''))[:120]}"
    except Exception:
        return ""


def _status_reason(status: int, response: Response, limit: int) -> str:
    code = _error_code(response, limit)
    return f"HTTP {status}" + (f" ({code})" if code else "")


def _status_error(status: int, response: Response, what: str, authenticated: bool) -> DocumentError:
    reason = _status_reason(status, response, limits.MAX_ERROR_BODY_BYTES)
    if status == 404:
        return DocumentError(
            f"{what} not found ({reason})", "check the repository name and the tag or digest"
        )
    if status in (401, 403):
        return DocumentError(
            f"access denied to the {what} ({reason})",
            "pass --creds USER:PASS or docker login; check the repository name"
            if authenticated or status == 403
            else "log in first",
        )
    return DocumentError(f"the registry answered {reason} for the {what}")


def _retry_delay(response: Response) -> float:
    header = (response.header("Retry-After") or "").strip()
    if header:
        seconds: float | None = None
        if header.isdigit():
            seconds = float(header)
        else:
            try:
                when = email.utils.parsedate_to_datetime(header)
                seconds = when.timestamp() - time.time()
            except (TypeError, ValueError):
                seconds = None
        if seconds is not None:
            return min(max(seconds, 0.0), limits.RETRY_AFTER_MAX_SECONDS)
    return -1.0


def _backoff(attempt: int) -> float:
    return float(min(limits.BACKOFF_BASE_SECONDS * (2**attempt), limits.BACKOFF_MAX_SECONDS))


def _safe_redirect(current: str, location: str) -> str:
    target = urljoin(current, location)
    scheme = urlsplit(target).scheme
    if scheme not in ("http", "https"):
        raise DocumentError(f"the registry redirected to a non-HTTP URL ({scheme}:)")
    if urlsplit(current).scheme == "https" and scheme == "http":
        raise DocumentError("the registry redirected from HTTPS to plain HTTP; refusing")
    return target


def _short(exc: BaseException) -> str:
    return (str(exc) or exc.__class__.__name__)[:160]


def _connect_hint(exc: BaseException, base: str) -> str:
    text = str(exc).lower()
    if "certificate" in text or "ssl" in text:
        return "the TLS certificate was not accepted; fix it or pass --tls-verify=false"
    if base.startswith("https") and "wrong version number" in text:
        return "the registry may speak plain HTTP; pass --plain-http"
    if "proxy" in text:
        return "check HTTP_PROXY, HTTPS_PROXY, ALL_PROXY and NO_PROXY"
    return "check the registry address and that it is running"
