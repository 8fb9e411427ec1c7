from __future__ import annotations

from typing import Any

import click

from v6port.cli.options import (
    build_options,
    image_options,
    report_options,
    rule_options,
)
from v6port.reporters import FORMATS


@click.command()
@click.argument("paths", nargs=-1, type=click.Path())
@build_options
@report_options(list(FORMATS))
@rule_options
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(0, 64),
    default=0,
    show_default="0: one per CPU this process may use, at most 8",
    help="Worker processes for large batches (one per 200 files at most; 1: none).",
)
@click.option("--stdin-filename", metavar="NAME", help='The name of stdin ("-") in reports.')
@click.option(
    "--resolve-base",
    is_flag=True,
    help="Read the base image from its registry, so inherited ports and labels count.",
)
@click.option(
    "--fix",
    is_flag=True,
    help="Apply the fixes that are certain, then report what remains. "
    'With "-", print the fixed Dockerfile.',
)
@click.option(
    "--diff",
    is_flag=True,
    help="Print the fixes as a unified diff and write nothing (exit 1 if there are any).",
)
@image_options
def lint(**params: Any) -> None:
    """Lint Dockerfiles: every EXPOSE needs a matching, well-formed p<port> label.

    PATHS are Dockerfiles or folders (searched for Dockerfile, Containerfile,
    *.Dockerfile and Dockerfile.*); "-" reads stdin. Default: ./Dockerfile.
    """
    from v6port.cli import run

    raise SystemExit(run.lint(**params))
