from __future__ import annotations

from typing import Any

import click

from v6port.cli.options import build_options, image_options, report_options, rule_options
from v6port.reporters import FORMATS
from v6port.sources.image import DEFAULT_JOBS


@click.command()
@click.argument("images", nargs=-1, required=True, metavar="IMAGE...")
@image_options
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(1, 64),
    default=DEFAULT_JOBS,
    show_default=True,
    help="Images read at once.",
)
@click.option(
    "--dockerfile",
    type=click.Path(dir_okay=False),
    help="Cross-check the image against the Dockerfile it was built from.",
)
@build_options
@report_options(list(FORMATS))
@rule_options
def check(**params: Any) -> None:
    """Check built images: what the node will see, including what base images add.

    IMAGE uses skopeo's syntax: docker://REGISTRY/REPO:TAG, oci:DIR[:TAG],
    oci-archive:FILE[:TAG], docker-archive:FILE, inspect:FILE (or inspect:-),
    docker-daemon:NAME, podman:NAME, or a bare NAME:TAG for a registry.
    """
    from v6port.cli import run

    raise SystemExit(run.check(**params))
