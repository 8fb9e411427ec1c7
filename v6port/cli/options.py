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
        type=click.Choice(["error", "warning", "info", "never"]),
        help="Exit 1 when a finding is at or above this severity (default: warning).",
    )(f)
    f = click.option("--ignore", metavar="CODES", help="Skip these rules (comma-separated).")(f)
    f = click.option(
        "--select", metavar="CODES", help="Only these rules (comma-separated codes or prefixes)."
    )(f)
    return f


def overrides(
    select: str | None,
    ignore: str | None,
    fail_on: str | None,
    build_args: Sequence[str],
    target: str | None,
) -> Any:
    """What the command line says, as config.Overrides (None or empty: not given)."""
    from v6port import config
    from v6port.rules import resolve_codes

    return config.Overrides(
        select=frozenset(resolve_codes(select.split(","), "--select")) if select else None,
        ignore=frozenset(resolve_codes(ignore.split(","), "--ignore")) if ignore else frozenset(),
        fail_on=config.parse_fail_on(fail_on) if fail_on else None,
        fail_on_given=fail_on is not None,
        build_args=config.parse_build_args(build_args),
        target=target,
    )
