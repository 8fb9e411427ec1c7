"""Session fixtures: real images written by umoci, copied by skopeo, served by docker-registry."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from .image_helpers import add_index, docker_registry, layout_entry, need, skopeo_copy, umoci_image

GOOD_PORTS = ["8888/tcp"]
GOOD_LABELS = {"p8888": "com"}
# Keys a node can't use, stored verbatim (umoci, like buildah, validates nothing).
BAD_PORTS = ["8000-8002/UDP", "08888/tcp", "8888"]
BAD_LABELS = {"P8888": "com", "p08888": "x"}


@dataclass(frozen=True)
class Images:
    layout: Path
    """OCI layout with tags good, bad, amd, arm and the two-platform index multi."""
    good_digest: str
    bad_digest: str
    multi_digest: str
    amd_digest: str
    arm_digest: str
    oci_archive: Path
    docker_archive: Path
    docker_archive_gz: Path


@pytest.fixture(scope="session")
def images(tmp_path_factory: pytest.TempPathFactory) -> Images:
    need("umoci")
    need("skopeo")
    root = tmp_path_factory.mktemp("images")
    layout = root / "layout"
    umoci_image(layout, "good", GOOD_PORTS, GOOD_LABELS)
    umoci_image(layout, "bad", BAD_PORTS, BAD_LABELS)
    umoci_image(layout, "amd", ["8888/tcp"], {"p8888": "amd"}, arch="amd64")
    umoci_image(layout, "arm", ["8888/tcp"], {"p8888": "arm"}, arch="arm64")
    multi = add_index(layout, "multi", {"amd": "linux/amd64", "arm": "linux/arm64"})
    oci_archive = root / "good-oci.tar"
    skopeo_copy(f"oci:{layout}:good", f"oci-archive:{oci_archive}:good")
    docker_archive = root / "good-docker.tar"
    skopeo_copy(f"oci:{layout}:good", f"docker-archive:{docker_archive}:v6/good:1")
    gz = root / "good-docker.tar.gz"
    import gzip

    gz.write_bytes(gzip.compress(docker_archive.read_bytes()))
    return Images(
        layout=layout,
        good_digest=layout_entry(layout, "good")["digest"],
        bad_digest=layout_entry(layout, "bad")["digest"],
        multi_digest=multi,
        amd_digest=layout_entry(layout, "amd")["digest"],
        arm_digest=layout_entry(layout, "arm")["digest"],
        oci_archive=oci_archive,
        docker_archive=docker_archive,
        docker_archive_gz=gz,
    )


@pytest.fixture(scope="session")
def registry(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """host:port of a real docker-registry on 127.0.0.1, empty at start."""
    with docker_registry(tmp_path_factory.mktemp("registry")) as host:
        yield host


@dataclass(frozen=True)
class Published:
    host: str
    v2s2_digest: str
    """Digest of v6/good:v2s2, the Docker v2 schema 2 manifest skopeo wrote."""


@pytest.fixture(scope="session")
def published(registry: str, images: Images) -> Published:
    """The layout's images pushed with skopeo: OCI, Docker v2s2 and a multi-platform index."""
    layout = images.layout
    skopeo_copy(f"oci:{layout}:good", f"docker://{registry}/v6/good:oci")
    skopeo_copy(f"oci:{layout}:bad", f"docker://{registry}/v6/bad:1")
    skopeo_copy(f"oci:{layout}:good", f"docker://{registry}/v6/good:v2s2", "--format", "v2s2")
    skopeo_copy(f"oci:{layout}:multi", f"docker://{registry}/v6/multi:1", "--all")
    import http.client

    connection = http.client.HTTPConnection(registry, timeout=10)
    try:
        connection.request(
            "GET",
            "/v2/v6/good/manifests/v2s2",
            headers={"Accept": "application/vnd.docker.distribution.manifest.v2+json"},
        )
        response = connection.getresponse()
        body = response.read()
    finally:
        connection.close()
    assert response.status == 200, (response.status, body[:200])
    assert response.headers["Content-Type"] == (
        "application/vnd.docker.distribution.manifest.v2+json"
    ), response.headers
    assert json.loads(body)["schemaVersion"] == 2
    return Published(registry, response.headers["Docker-Content-Digest"])
