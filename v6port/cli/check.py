from __future__ import annotations

import sys

import click

from v6port.cli.options import (
    build_options,
    emit,
    image_options,
    overrides,
    read_options,
    report_options,
    rule_options,
)
from v6port.reporters import FORMATS


@click.command()
@click.argument("images", nargs=-1, required=True, metavar="IMAGE...")
@image_options
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(1, 64),
    default=8,
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
def check(
    images: tuple[str, ...],
    platform: str | None,
    creds: str | None,
    tls_verify: bool,
    plain_http: bool,
    timeout: float,
    jobs: int,
    dockerfile: str | None,
    build_args: tuple[str, ...],
    target: str | None,
    formats: tuple[str, ...],
    outputs: tuple[str, ...],
    select: str | None,
    ignore: str | None,
    fail_on: str | None,
    config_file: str | None,
    no_config: bool,
) -> None:
    """Check built images: what the node will see, including what base images add.

    IMAGE uses skopeo's syntax: docker://REGISTRY/REPO:TAG, oci:DIR[:TAG],
    oci-archive:FILE[:TAG], docker-archive:FILE, inspect:FILE (or inspect:-),
    docker-daemon:NAME, podman:NAME, or a bare NAME:TAG for a registry.
    """
    from v6port.check import CheckOptions, run
    from v6port.lint import LintOptions, settings_for

    cli_says = overrides(select, ignore, fail_on, build_args, target)
    anchor = dockerfile or "Dockerfile"
    settings = settings_for(
        anchor, LintOptions(overrides=cli_says, config_file=config_file, no_config=no_config)
    )
    options = CheckOptions(
        settings=settings,
        read_options=read_options(platform, creds, tls_verify, plain_http, timeout),
        jobs=jobs,
        dockerfile=dockerfile,
    )
    distinct = len(set(images))
    if distinct > 5 and sys.stderr.isatty():
        from rich.console import Console
        from rich.progress import Progress

        with Progress(console=Console(stderr=True), transient=True) as bar:
            task = bar.add_task("Reading images", total=distinct)
            report = run(images, options, lambda _ref: bar.advance(task))
    else:
        report = run(images, options)
    emit(report, formats, outputs)
    raise SystemExit(report.exit_code)
