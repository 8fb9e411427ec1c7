"""v6port: lint and verify the port declarations of vantage6 algorithm images.

The public API is the port manifest (see docs/api.md)::

    import v6port
    manifest = v6port.load_manifest("v6-ports.json")
    manifest.node_ports()  # what a vantage6 4.x node's port discovery yields
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

__all__ = [
    "Manifest",
    "ManifestError",
    "PortEntry",
    "__version__",
    "load_manifest",
    "manifest_from_dockerfile",
    "manifest_from_image_config",
]

if TYPE_CHECKING:
    from v6port.manifest import (
        Manifest,
        ManifestError,
        PortEntry,
        load_manifest,
        manifest_from_dockerfile,
        manifest_from_image_config,
    )


def __getattr__(name: str) -> Any:
    # Imported on first use, so that the CLI's start-up does not pay for it.
    if name in __all__:
        from v6port import manifest

        return getattr(manifest, name)
    raise AttributeError(f"module 'v6port' has no attribute {name!r}")
