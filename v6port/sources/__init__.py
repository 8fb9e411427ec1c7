"""Sources produce a Declaration: a Dockerfile, or a built image through a transport."""

from __future__ import annotations

import os

IMAGE_TRANSPORTS = (
    "docker://",
    "oci:",
    "oci-archive:",
    "docker-archive:",
    "inspect:",
    "docker-daemon:",
    "podman:",
)


def is_image_reference(text: str) -> bool:
    """A transport-prefixed reference, or a bare NAME[:TAG] that is not a file here."""
    if text.startswith(IMAGE_TRANSPORTS):
        return True
    if os.path.exists(text) or text == "-":
        return False
    from v6port.lint import is_dockerfile_name

    return not is_dockerfile_name(os.path.basename(text))
