"""Bearer and basic auth through a loopback auth-checking proxy in front of docker-registry."""

from __future__ import annotations

import base64
import http.client
import json
import logging
import secrets
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from v6port.errors import V6portError
from v6port.sources.image import ImageConfig, ReadOptions, read_image, read_images

from .conftest import Images, Published
from .image_helpers import QuietHandler, serve

USER = "algo-dev"
SECRET = "s3cr3t-" + secrets.token_hex(8)


@dataclass
class ProxyState:
    upstream: str
    mode: str = "bearer"
    token: str = field(default_factory=lambda: "tok-" + secrets.token_hex(16))
    scopes: list[str] = field(default_factory=list)
    token_requests: int = 0
    gets: list[str] = field(default_factory=list)
    realm: str = ""
    lock: threading.Lock = field(default_factory=threading.Lock)


def _basic(user: str, password: str) -> str:
    return "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()


class ProxyHandler(QuietHandler):
    """Token endpoint at /token; /v2/ needs the token (or basic auth) and is forwarded."""

    def _state(self) -> ProxyState:
        state: ProxyState = self.server.state  # type: ignore[attr-defined]
        return state

    def _send(self, status: int, body: bytes, headers: dict[str, str]) -> None:
        self.send_response(status)
        for key, value in headers.items():
            self.send_header(key, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:
        state = self._state()
        parts = urlsplit(self.path)
        given = self.headers.get("Authorization")
        if parts.path == "/token":
            with state.lock:
                state.token_requests += 1
                state.scopes += parse_qs(parts.query).get("scope", [])
            if given != _basic(USER, SECRET):
                self._send(401, b'{"details":"bad credentials"}', {})
                return
            answer = {"token": state.token, "expires_in": 300}
            self._send(200, json.dumps(answer).encode(), {"Content-Type": "application/json"})
            return
        if state.mode == "bearer":
            ok = given == f"Bearer {state.token}"
            challenge = (
                f'Bearer realm="{state.realm}",service="v6test",'
                'scope="repository:v6/good:pull,push"'
            )
        else:
            ok = given == _basic(USER, SECRET)
            challenge = 'Basic realm="v6test"'
        if not ok:
            body = b'{"errors":[{"code":"UNAUTHORIZED","message":"authentication required"}]}'
            self._send(401, body, {"WWW-Authenticate": challenge})
            return
        with state.lock:
            state.gets.append(parts.path)
        connection = http.client.HTTPConnection(state.upstream, timeout=5)
        try:
            connection.request("GET", self.path, headers={"Accept": self.headers.get("Accept", "")})
            response = connection.getresponse()
            body = response.read()
            keep = ("Content-Type", "Docker-Content-Digest")
            headers = {k: v for k, v in response.getheaders() if k in keep}
            self._send(response.status, body, headers)
        finally:
            connection.close()


@pytest.fixture
def proxy(
    published: Published, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[tuple[str, ProxyState]]:
    # No real credentials of the machine may leak in.
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.delenv("REGISTRY_AUTH_FILE", raising=False)
    monkeypatch.delenv("DOCKER_CONFIG", raising=False)
    state = ProxyState(upstream=published.host)
    with serve(ProxyHandler) as server:
        server.state = state  # type: ignore[attr-defined]
        host = f"127.0.0.1:{server.server_address[1]}"
        state.realm = f"http://{host}/token"
        yield host, state


def _assert_no_secret(text: str, state: ProxyState) -> None:
    for secret in (SECRET, state.token, base64.b64encode(f"{USER}:{SECRET}".encode()).decode()):
        assert secret not in text


def test_bearer_token_with_creds(proxy: tuple[str, ProxyState], caplog: Any) -> None:
    host, state = proxy
    caplog.set_level(logging.DEBUG)
    options = ReadOptions(creds=f"{USER}:{SECRET}", timeout=5.0)
    result = read_image(f"{host}/v6/good:oci", options)
    assert result.config["Labels"] == {"p8888": "com"}
    # Pull only, though the challenge offered pull,push.
    assert state.scopes == ["repository:v6/good:pull"]
    _assert_no_secret(caplog.text, state)
    _assert_no_secret(repr(options), state)
    _assert_no_secret(repr(result), state)


def test_one_token_and_one_fetch_per_digest(proxy: tuple[str, ProxyState], images: Images) -> None:
    host, state = proxy
    refs = [f"{host}/v6/good:oci", f"{host}/v6/good@{images.good_digest}", f"{host}/v6/good:oci"]
    results = read_images(refs, ReadOptions(creds=f"{USER}:{SECRET}", timeout=5.0), jobs=3)
    assert all(isinstance(r, ImageConfig) for r in results)
    blob_gets = [p for p in state.gets if "/blobs/" in p]
    assert len(blob_gets) == 1, state.gets
    assert state.gets.count(f"/v2/v6/good/manifests/{images.good_digest}") <= 1
    # Concurrent first requests all meet the 401; one of them fetches the token.
    assert state.token_requests == 1


def test_wrong_password_names_the_image_not_the_secret(proxy: tuple[str, ProxyState]) -> None:
    host, state = proxy
    wrong = "wr0ng-" + secrets.token_hex(8)
    with pytest.raises(V6portError) as caught:
        read_image(f"{host}/v6/good:oci", ReadOptions(creds=f"{USER}:{wrong}", timeout=5.0))
    message = str(caught.value)
    assert message.startswith(f"{host}/v6/good:oci: the token server refused the credentials")
    assert "--creds" in message
    assert wrong not in message
    _assert_no_secret(message, state)
    assert caught.value.__cause__ is None or wrong not in str(caught.value.__cause__)


def test_anonymous_is_refused(proxy: tuple[str, ProxyState]) -> None:
    host, _state = proxy
    with pytest.raises(V6portError, match=r"refused anonymous access"):
        read_image(f"{host}/v6/good:oci", ReadOptions(timeout=5.0))


def test_bad_creds_syntax_is_not_echoed(proxy: tuple[str, ProxyState]) -> None:
    host, _state = proxy
    with pytest.raises(V6portError) as caught:
        read_image(f"{host}/v6/good:oci", ReadOptions(creds="justapassword", timeout=5.0))
    assert "USER:PASS" in str(caught.value)
    assert "justapassword" not in str(caught.value)


def test_basic_auth(proxy: tuple[str, ProxyState]) -> None:
    host, state = proxy
    state.mode = "basic"
    result = read_image(f"{host}/v6/good:oci", ReadOptions(creds=f"{USER}:{SECRET}"))
    assert result.config["Labels"] == {"p8888": "com"}
    with pytest.raises(V6portError, match=r"requires a login.*--creds"):
        read_image(f"{host}/v6/good:oci", ReadOptions(timeout=5.0))
    with pytest.raises(V6portError) as caught:
        read_image(f"{host}/v6/good:oci", ReadOptions(creds=f"{USER}:nope-nope", timeout=5.0))
    assert "access denied" in str(caught.value)
    assert "nope-nope" not in str(caught.value)


def _auth_file(path: Path, host: str, user: str, password: str) -> None:
    encoded = base64.b64encode(f"{user}:{password}".encode()).decode()
    path.write_text(json.dumps({"auths": {host: {"auth": encoded}}}))


def test_registry_auth_file(
    proxy: tuple[str, ProxyState], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    host, _state = proxy
    auth = tmp_path / "auth.json"
    _auth_file(auth, host, USER, SECRET)
    monkeypatch.setenv("REGISTRY_AUTH_FILE", str(auth))
    assert read_image(f"{host}/v6/good:oci").config["Labels"] == {"p8888": "com"}


def test_docker_config_json(
    proxy: tuple[str, ProxyState], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    host, _state = proxy
    (tmp_path / ".docker").mkdir()
    # Keys as docker login writes them: with a scheme.
    _auth_file(tmp_path / ".docker" / "config.json", f"http://{host}", USER, SECRET)
    assert read_image(f"{host}/v6/good:oci").config["Labels"] == {"p8888": "com"}
    # --creds wins over the file.
    with pytest.raises(V6portError, match=r"refused the credentials"):
        read_image(f"{host}/v6/good:oci", ReadOptions(creds=f"{USER}:other"))


def test_credential_helper(
    proxy: tuple[str, ProxyState], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    host, _state = proxy
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    helper = bin_dir / "docker-credential-v6test"
    asked = tmp_path / "asked"
    helper.write_text(
        "#!/bin/sh\n"
        f'[ "$1" = get ] || exit 1\ncat > "{asked}"\n'
        f'printf \'{{"ServerURL":"x","Username":"{USER}","Secret":"{SECRET}"}}\'\n'
    )
    helper.chmod(0o755)
    monkeypatch.setenv("PATH", f"{bin_dir}:/usr/bin:/bin")
    docker_dir = tmp_path / "dockercfg"
    docker_dir.mkdir()
    (docker_dir / "config.json").write_text(json.dumps({"credHelpers": {host: "v6test"}}))
    monkeypatch.setenv("DOCKER_CONFIG", str(docker_dir))
    assert read_image(f"{host}/v6/good:oci").config["Labels"] == {"p8888": "com"}
    assert asked.read_text() == host
    # credsStore naming a helper that is not installed: anonymous, then refused.
    (docker_dir / "config.json").write_text(json.dumps({"credsStore": "absent-helper"}))
    with pytest.raises(V6portError, match=r"refused anonymous access"):
        read_image(f"{host}/v6/good:oci")


def test_broken_auth_file(
    proxy: tuple[str, ProxyState], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    host, _state = proxy
    bad = tmp_path / "auth.json"
    bad.write_text("{not json")
    monkeypatch.setenv("REGISTRY_AUTH_FILE", str(bad))
    with pytest.raises(V6portError, match=r"auth.json is not valid JSON"):
        read_image(f"{host}/v6/good:oci")
