"""What the commands share, free of click so that the fast path can use it too.

Turning option values into library objects, and reports into outputs.
"""

from __future__ import annotations

import io
import sys
from collections.abc import Sequence
from typing import Any

from v6port.errors import UsageError
from v6port.findings import Report


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
