"""Real buildah and podman builds of FROM scratch contexts (no network, no daemon)."""

from __future__ import annotations

import pytest
from builder_helpers import Builders, make_builders


@pytest.fixture(scope="session")
def builders(tmp_path_factory: pytest.TempPathFactory) -> Builders:
    """One container storage for the session, under a temp dir."""
    return make_builders(tmp_path_factory.mktemp("containers"))
