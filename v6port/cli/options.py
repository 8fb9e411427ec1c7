"""Options shared by several commands, and the plumbing of reports to outputs."""

from __future__ import annotations

import io
import sys
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

import click

from v6port.errors import UsageError
from v6port.findings import Report

F = TypeVar("F", bound=Callable[..., Any])


def parse_build_args(values: Sequence[str]) -> dict[str, str]:
    out: dict[str, str] = {}
    for item in values:
        name, eq, value = item.partition("=")
        if not name:
            raise click.BadParameter(f"{item!r}: expected KEY=VALUE", param_hint="--build-arg")
        if not eq:
            # As docker build: a bare name takes its value from the environment.
            import os

            if name not in os.environ:
                continue
            value = os.environ[name]
        out[name] = value
    return out


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


def emit(report: Report, formats: Sequence[str], outputs: Sequence[str]) -> None:
    """Render the report once per format: paired outputs get files, the rest stdout."""
    from v6port import reporters

    formats = list(formats) or ["text"]
    if len(outputs) > len(formats):
        raise UsageError("more --output than --format options: pair each --output with a --format")
    to_stdout = formats[len(outputs) :]
    if len(to_stdout) > 1:
        raise UsageError("only one report can go to stdout: give --output for all but one --format")
    rendered: list[tuple[str, str]] = []
    for fmt, path in zip(formats, outputs, strict=False):
        buffer = io.StringIO()
        reporters.get(fmt)(report, buffer, color=False)
        rendered.append((path, buffer.getvalue()))
    if rendered:
        from v6port.fsutil import atomic_write  # tempfile and shutil: only to write files
    for path, text in rendered:
        try:
            atomic_write(path, text)
        except OSError as exc:
            raise UsageError(f"{path}: cannot write report: {exc.strerror or exc}") from None
    for fmt in to_stdout:
        reporters.get(fmt)(report, sys.stdout, color=None)


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


def read_options(
    platform: str | None, creds: str | None, tls_verify: bool, plain_http: bool, timeout: float
) -> Any:
    from v6port.sources.image import ReadOptions

    return ReadOptions(
        platform=platform,
        creds=creds,
        tls_verify=tls_verify,
        plain_http=plain_http,
        timeout=timeout,
    )
