from __future__ import annotations

import os
import sys
from typing import Any

import click

from v6port.cli.common import read_options
from v6port.cli.options import build_options, image_options
from v6port.manifest import MANIFEST_NAME, manifest_for_source


@click.command()
@click.argument("sources", nargs=-1, metavar="SOURCE")
@build_options
@image_options
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False),
    help="Write the manifest to FILE, atomically.",
)
@click.option(
    "--check",
    "check_file",
    type=click.Path(dir_okay=False),
    help="Exit 1 if FILE differs from what SOURCE gives.",
)
@click.option(
    "--check-committed",
    is_flag=True,
    help=f"Check each Dockerfile SOURCE against the {MANIFEST_NAME} beside it (pre-commit).",
)
@click.option(
    "--format", "fmt", type=click.Choice(["json", "k8s"]), default="json", show_default=True
)
@click.option("--strict", is_flag=True, help="Also fail (exit 1) on lint errors.")
def manifest(
    sources: tuple[str, ...],
    build_args: tuple[str, ...],
    target: str | None,
    platform: str | None,
    creds: str | None,
    tls_verify: bool,
    plain_http: bool,
    timeout: float,
    output: str | None,
    check_file: str | None,
    check_committed: bool,
    fmt: str,
    strict: bool,
) -> None:
    """Write the port manifest of SOURCE (a Dockerfile or an image reference), or check one.

    The manifest lists what the final image exposes: port, protocol and the
    label the node will see. `--check FILE` is the CI gate: exit 1, with a
    diff, when FILE is out of date (V6P019).
    """
    from v6port import config
    from v6port.errors import UsageError

    args = config.parse_build_args(build_args)
    opts = read_options(platform, creds, tls_verify, plain_http, timeout)
    if check_committed:
        if output or check_file:
            raise UsageError("--check-committed cannot be combined with --output or --check")
        raise SystemExit(_check_committed(sources, args, target, strict))
    if len(sources) != 1:
        raise UsageError("give exactly one SOURCE: a Dockerfile path or an image reference")
    source = sources[0]
    anchor = check_file or output
    current, decl = manifest_for_source(source, args, target, opts, anchor)
    if strict and _lint_fails(decl):
        raise SystemExit(1)
    if check_file:
        raise SystemExit(_compare(check_file, current, source))
    if fmt == "k8s":
        from v6port.manifest.k8s import render

        text = render(current, source)
    else:
        text = current.to_json()
    if output:
        from v6port.fsutil import atomic_write

        try:
            atomic_write(output, text)
        except OSError as exc:
            raise UsageError(f"{output}: cannot write: {exc.strerror or exc}") from None
    else:
        sys.stdout.write(text)


def _lint_fails(decl: Any) -> bool:
    from v6port import engine
    from v6port.config import Settings
    from v6port.findings import Report, Severity
    from v6port.reporters import get

    findings = [f for f in engine.judge(decl, Settings()) if f.severity >= Severity.ERROR]
    if findings:
        get("text")(Report(findings=findings, checked=[decl.subject]), sys.stderr)
    return bool(findings)


def _compare(check_file: str, current: Any, source: str) -> int:
    from v6port.manifest import diff, load_manifest

    committed = load_manifest(check_file)
    difference = diff(committed, current)
    if not difference:
        sys.stdout.write(f"{check_file}: up to date with {source}\n")
        return 0
    sys.stdout.write(
        f"{check_file}: V6P019 [error] manifest-out-of-date: it no longer matches {source}\n"
    )
    for line in difference.lines():
        sys.stdout.write(f"  {line}\n")
    sys.stdout.write(f"  regenerate it: v6port manifest {source} -o {check_file}\n")
    return 1


def _check_committed(
    sources: tuple[str, ...], build_args: dict[str, str], target: str | None, strict: bool
) -> int:
    from v6port.errors import V6portError

    worst = 0
    for source in sources:
        beside = os.path.join(os.path.dirname(source), MANIFEST_NAME)
        if not os.path.isfile(beside):
            continue
        try:
            current, decl = manifest_for_source(source, build_args, target, None, beside)
            if strict and _lint_fails(decl):
                worst = max(worst, 1)
            worst = max(worst, _compare(beside, current, source))
        except V6portError as exc:
            sys.stderr.write(f"v6port: error: {exc}\n")
            worst = 2
    return worst


@click.command()
def schema() -> None:
    """Print the JSON Schema (draft 2020-12) of the port manifest."""
    from v6port.manifest import schema_text

    sys.stdout.write(schema_text())
