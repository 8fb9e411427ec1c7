"""The bodies of the commands that run on every commit, free of click.

Both the click commands and the fast path (``v6port.cli.fast``) call these, so
a command does the same thing whichever parsed its command line. Each returns
the exit code.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

from v6port.cli.common import emit, overrides, read_options

if TYPE_CHECKING:
    from v6port.autofix import Fixer
    from v6port.findings import Report


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
) -> int:
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
        return report.exit_code
    return _after_fix(report, options.fixer, formats, outputs, "-" in paths)


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
) -> int:
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
    return report.exit_code


def _after_fix(
    report: Report,
    fixer: Fixer,
    formats: tuple[str, ...],
    outputs: tuple[str, ...],
    stdin: bool,
) -> int:
    """Show what --fix or --diff did; the exit code."""
    import contextlib

    for message in fixer.messages:
        sys.stderr.write(f"v6port: {message}\n")
    if not fixer.write:
        sys.stdout.write("".join(fixer.diffs))
        for e in report.errors:
            where = f"{e.path}:{e.line}" if e.line else e.path
            sys.stderr.write(f"error: {where}: {e.reason}\n")
        n, k = fixer.fixed, fixer.files
        sys.stderr.write(
            f"Would fix {n} {'finding' if n == 1 else 'findings'} "
            f"in {k} {'file' if k == 1 else 'files'}.\n"
            if n
            else "No fixes to make.\n"
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
