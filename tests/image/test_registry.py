"""docker:// against a real docker-registry (distribution 2.8) filled by skopeo."""

from __future__ import annotations

import os
import sys

import pytest

from v6port.errors import V6portError
from v6port.sources.image import ImageConfig, ReadOptions, read_image, read_images

from .conftest import BAD_PORTS, Images, Published

FAST = ReadOptions(timeout=5.0)


def test_oci_manifest_by_tag(published: Published, images: Images) -> None:
    for ref in (f"docker://{published.host}/v6/good:oci", f"{published.host}/v6/good:oci"):
        result = read_image(ref, FAST)
        assert result.config["ExposedPorts"] == {"8888/tcp": {}}
        assert result.config["Labels"] == {"p8888": "com"}
        assert result.digest == images.good_digest
        assert result.reference == ref


def test_docker_v2_manifest(published: Published) -> None:
    result = read_image(f"docker://{published.host}/v6/good:v2s2", FAST)
    assert result.config["Labels"] == {"p8888": "com"}
    assert result.digest == published.v2s2_digest


def test_by_digest(published: Published, images: Images) -> None:
    result = read_image(f"docker://{published.host}/v6/bad@{images.bad_digest}", FAST)
    assert set(result.config["ExposedPorts"]) == set(BAD_PORTS)
    assert result.digest == images.bad_digest
    # A tag next to the digest is ignored, as docker does.
    tagged = read_image(f"{published.host}/v6/bad:whatever@{images.bad_digest}", FAST)
    assert tagged.config == result.config


def test_multi_platform_index(published: Published, images: Images) -> None:
    ref = f"docker://{published.host}/v6/multi:1"
    arm = read_image(ref, ReadOptions(platform="linux/arm64", timeout=5.0))
    assert arm.config["Labels"] == {"p8888": "arm"}
    assert arm.digest == images.arm_digest
    amd = read_image(ref, ReadOptions(platform="linux/amd64", timeout=5.0))
    assert amd.digest == images.amd_digest
    by_index_digest = read_image(
        f"{published.host}/v6/multi@{images.multi_digest}", ReadOptions(platform="linux/arm64")
    )
    assert by_index_digest.digest == images.arm_digest
    with pytest.raises(V6portError, match=r"no image for platform windows/amd64 .*linux/arm64"):
        read_image(ref, ReadOptions(platform="windows/amd64", timeout=5.0))


def test_unknown_tag_and_repository(published: Published) -> None:
    with pytest.raises(V6portError) as caught:
        read_image(f"{published.host}/v6/good:nope", FAST)
    message = str(caught.value)
    assert message.startswith(f"{published.host}/v6/good:nope: manifest not found")
    assert "MANIFEST_UNKNOWN" in message
    assert "check the repository name" in message
    with pytest.raises(V6portError, match=r"NAME_UNKNOWN|MANIFEST_UNKNOWN"):
        read_image(f"{published.host}/v6/absent:1", FAST)


def test_wrong_pinned_digest(published: Published, images: Images) -> None:
    # The registry answers 404 for a digest it does not have.
    with pytest.raises(V6portError, match=r"not found"):
        read_image(f"{published.host}/v6/good@sha256:{'0' * 64}", FAST)


def test_connection_refused_is_one_line() -> None:
    from .image_helpers import free_port

    ref = f"127.0.0.1:{free_port()}/v6/good:1"
    with pytest.raises(V6portError) as caught:
        read_image(ref, ReadOptions(timeout=2.0))
    message = str(caught.value)
    assert message.startswith(f"{ref}: can't connect to 127.0.0.1:")
    assert "\n" not in message


def test_localhost_is_plain_http(published: Published) -> None:
    """`localhost`, like 127.0.0.0/8, gets plain HTTP without --plain-http, as in Docker."""
    port = published.host.split(":")[1]
    result = read_image(f"localhost:{port}/v6/good:oci", FAST)
    assert result.config["Labels"] == {"p8888": "com"}


def test_read_images_order_errors_and_sharing(published: Published, images: Images) -> None:
    host = published.host
    refs = [
        f"{host}/v6/good:oci",
        f"{host}/v6/absent:1",
        f"oci:{images.layout}:bad",
        f"{host}/v6/good@{images.good_digest}",
        f"{host}/v6/good:oci",
        f"{host}/v6/multi:1",
    ]
    results = read_images(refs, ReadOptions(platform="linux/amd64", timeout=5.0), jobs=4)
    assert [r.reference if isinstance(r, ImageConfig) else None for r in results] == [
        refs[0],
        None,
        refs[2],
        refs[3],
        refs[4],
        refs[5],
    ]
    assert isinstance(results[1], V6portError)
    assert str(results[1]).startswith(f"{host}/v6/absent:1: ")
    assert results[0] == results[4]
    first, pinned = results[0], results[3]
    assert isinstance(first, ImageConfig) and isinstance(pinned, ImageConfig)
    assert first.digest == pinned.digest == images.good_digest
    # Separate dicts: a caller mutating one result does not change another.
    assert first.config is not pinned.config


def test_the_registry_client_is_imported_lazily() -> None:
    import subprocess

    code = (
        "import sys, v6port.sources.image as m;"
        "m.read_image\n"
        "loaded = [n for n in ('v6port.sources.image.registry', 'http.client', 'ssl')"
        " if n in sys.modules]\n"
        "assert not loaded, loaded"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=30)


def test_a_plain_http_registry_read_loads_no_http_library_and_no_tls(
    published: Published,
) -> None:
    """The registry client is the standard library's http.client: no httpx, httpcore or
    anyio, nor click or rich (httpx's command line); a plain-HTTP loopback registry builds
    no TLS context (certifi and the CA bundle are never loaded), computes no proxies, and an
    anonymous read never loads the credential lookup."""
    import subprocess

    code = (
        "import sys, ssl\n"
        "def refuse(*args, **kwargs):\n"
        "    raise AssertionError('a TLS context was built for a plain-HTTP registry')\n"
        "ssl.create_default_context = refuse\n"
        "ssl.SSLContext = refuse\n"
        "from v6port.sources.image import ReadOptions, read_image\n"
        "config = read_image(sys.argv[1], ReadOptions(timeout=5)).config\n"
        "assert config['Labels'] == {'p8888': 'com'}, config\n"
        "assert 'http.client' in sys.modules\n"
        "unwanted = ('httpx', 'httpcore', 'h11', 'anyio', 'click', 'rich', 'pygments',\n"
        "            'certifi', 'urllib.request', 'v6port.sources.image.credentials')\n"
        "loaded = [m for m in unwanted if m in sys.modules]\n"
        "assert not loaded, loaded\n"
    )
    ref = f"{published.host}/v6/good:oci"
    env = {**os.environ, "HTTPS_PROXY": "http://127.0.0.1:9", "HTTP_PROXY": "http://127.0.0.1:9"}
    subprocess.run([sys.executable, "-c", code, ref], check=True, timeout=60, env=env)


def test_loopback_registries_bypass_proxies(
    published: Published, monkeypatch: pytest.MonkeyPatch
) -> None:
    """HTTP(S)_PROXY is honoured for real registries, never for loopback ones."""
    from .image_helpers import free_port

    dead = f"http://127.0.0.1:{free_port()}"
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy"):
        monkeypatch.setenv(name, dead)
    monkeypatch.delenv("NO_PROXY", raising=False)
    monkeypatch.delenv("no_proxy", raising=False)
    assert read_image(f"{published.host}/v6/good:oci", FAST).config["Labels"] == {"p8888": "com"}


def test_scheme_choice() -> None:
    from v6port.sources.image.reference import parse_docker_reference
    from v6port.sources.image.registry import RegistrySession

    def base(ref: str, plain_http: bool = False) -> str:
        session = RegistrySession(creds=None, tls_verify=True, plain_http=plain_http, timeout=1)
        try:
            return session._base(parse_docker_reference(ref))
        finally:
            session.close()

    assert base("python") == "https://registry-1.docker.io/v2/library/python/"
    assert base("r.example.org/a") == "https://r.example.org/v2/a/"
    assert base("r.example.org/a", plain_http=True) == "http://r.example.org/v2/a/"
    assert base("127.0.0.5:5000/a") == "http://127.0.0.5:5000/v2/a/"
    assert base("[::1]:5000/a") == "http://[::1]:5000/v2/a/"
    assert base("localhost/a") == "http://localhost/v2/a/"
