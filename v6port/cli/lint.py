from __future__ import annotations

from typing import TYPE_CHECKING

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

if TYPE_CHECKING:
    from v6port.autofix import Fixer
    from v6port.findings import Report


@click.command()
@click.argument("paths", nargs=-1, type=click.Path())
@build_options
@report_options(["text", "json", "sarif", "github", "gitlab", "junit"])
@rule_options
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(1, 64),
    default=1,
    show_default=True,
    help="Worker processes for large batches (used from 200 files per worker).",
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
def lint(
    paths: tuple[str, ...],
    build_args: tuple[str, ...],
    target: str | None,
    formats: tuple[str, ...],
    outputs: tuple[str, ...],
    select: str | None,
    ignore: str | None,
    fail_on: str | None,
    config_file: str | None,
    no_config: bool,
    jobs: int,
    stdin_filename: str | None,
    resolve_base: bool,
    platform: str | None,
    creds: str | None,
    tls_verify: bool,
    plain_http: bool,
    timeout: float,
    fix: bool,
    diff: bool,
) -> None:
    """Lint Dockerfiles: every EXPOSE needs a matching, well-formed p<port> label.

    PATHS are Dockerfiles or folders (searched for Dockerfile, Containerfile,
    *.Dockerfile and Dockerfile.*); "-" reads stdin. Default: ./Dockerfile.
    """
    from v6port.lint import LintOptions, run

    if fix or diff:
        from v6port.autofix import Fixer

    cli_says = overrides(select, ignore, fail_on, build_args, target)
    options = LintOptions(
        overrides=cli_says,
        config_file=config_file,
        no_config=no_config,
        stdin_filename=stdin_filename,
        jobs=jobs,
        keep_sources="text" in (formats or ("text",)),
        resolve_base=resolve_base,
        read_options=read_options(platform, creds, tls_verify, plain_http, timeout)
        if resolve_base
        else None,
        fixer=Fixer(write=not diff) if fix or diff else None,
    )
    report = run(list(paths), options)
    if options.fixer is None:
        emit(report, formats, outputs)
        raise SystemExit(report.exit_code)
    raise SystemExit(_after_fix(report, options.fixer, formats, outputs, "-" in paths))


def _after_fix(
    report: Report,
    fixer: Fixer,
    formats: tuple[str, ...],
    outputs: tuple[str, ...],
    stdin: bool,
) -> int:
    """Show what --fix or --diff did; the exit code."""
    import contextlib
    import sys

    for message in fixer.messages:
        click.echo(f"v6port: {message}", err=True)
    if not fixer.write:
        sys.stdout.write("".join(fixer.diffs))
        for e in report.errors:
            where = f"{e.path}:{e.line}" if e.line else e.path
            click.echo(f"error: {where}: {e.reason}", err=True)
        n, k = fixer.fixed, fixer.files
        click.echo(
            f"Would fix {n} {'finding' if n == 1 else 'findings'} "
            f"in {k} {'file' if k == 1 else 'files'}."
            if n
            else "No fixes to make.",
            err=True,
        )
        return 2 if report.errors else (1 if fixer.diffs else 0)
    report.fixed = fixer.fixed
    if stdin:
        # The fixed Dockerfile owns stdout (nothing, if stdin could not be read);
        # the report goes to stderr.
        if fixer.stdout is not None:
            sys.stdout.flush()
            sys.stdout.buffer.write(fixer.stdout)
            sys.stdout.buffer.flush()
        with contextlib.redirect_stdout(sys.stderr):
            emit(report, formats, outputs)
    else:
        emit(report, formats, outputs)
    return report.exit_code
