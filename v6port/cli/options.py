"""Click options shared by several commands."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypeVar

import click

from v6port.config import FAIL_ON_LEVELS

F = TypeVar("F", bound=Callable[..., Any])


def build_options(f: F) -> F:
    f = click.option("--target", metavar="STAGE", help="Build this stage instead of the last one.")(
        f
    )
    f = click.option(
        "--build-arg",
        "build_args",
        multiple=True,
        metavar="KEY=VALUE",
        help="Set a build argument, as docker build does (repeatable).",
    )(f)
    return f


def report_options(formats: Sequence[str]) -> Callable[[F], F]:
    def decorate(f: F) -> F:
        f = click.option(
            "--output",
            "-o",
            "outputs",
            multiple=True,
            metavar="FILE",
            help="Write a report to FILE. The n-th --output takes the n-th --format.",
        )(f)
        f = click.option(
            "--format",
            "-f",
            "formats",
            multiple=True,
            type=click.Choice(list(formats)),
            help="Report format (repeatable; default: text).",
        )(f)
        return f

    return decorate


def image_options(f: F) -> F:
    """Options for reading images: the same names as skopeo where they exist."""
    f = click.option(
        "--timeout",
        type=click.FloatRange(min=0.1),
        default=30.0,
        show_default=True,
        help="Seconds each registry request may take.",
    )(f)
    f = click.option("--plain-http", is_flag=True, help="Talk HTTP, not HTTPS, to the registry.")(f)
    f = click.option(
        "--tls-verify",
        type=click.BOOL,
        default=True,
        show_default=True,
        help="Verify the registry's TLS certificate.",
    )(f)
    f = click.option(
        "--creds",
        metavar="USER:PASS",
        envvar="V6PORT_CREDS",
        show_envvar=True,
        help="Registry credentials (never printed).",
    )(f)
    f = click.option(
        "--platform", metavar="OS/ARCH", help="Platform to pick from a multi-platform image."
    )(f)
    return f


def rule_options(f: F) -> F:
    """Which rules run and which severity fails the run, and where configuration comes from."""
    f = click.option("--no-config", is_flag=True, help="Ignore .v6port.toml and pyproject.toml.")(f)
    f = click.option(
        "--config",
        "config_file",
        type=click.Path(dir_okay=False),
        help="Use this configuration file.",
    )(f)
    f = click.option(
        "--fail-on",
        type=click.Choice(FAIL_ON_LEVELS),
        help="Exit 1 when a finding is at or above this severity (default: warning).",
    )(f)
    f = click.option("--ignore", metavar="CODES", help="Skip these rules (comma-separated).")(f)
    f = click.option(
        "--select", metavar="CODES", help="Only these rules (comma-separated codes or prefixes)."
    )(f)
    return f
