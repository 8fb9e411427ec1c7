"""``v6port build``: the click layer over v6port.build."""

from __future__ import annotations

import os
import sys

import click

from v6port.cli.options import build_options
from v6port.config import FAIL_ON_LEVELS


@click.command()
@click.argument("context", type=click.Path(file_okay=False))
@click.option(
    "--file",
    "-f",
    "dockerfile",
    type=click.Path(dir_okay=False),
    help="The Dockerfile (default: CONTEXT/Dockerfile).",
)
@click.option("--tag", "-t", "tags", multiple=True, metavar="NAME", help="Tag (repeatable).")
@build_options
@click.option("--platform", metavar="OS/ARCH", help="Passed to the builder.")
@click.option(
    "--label",
    "labels",
    multiple=True,
    metavar="KEY=VALUE",
    help="Passed to the builder; it overrides the Dockerfile, and verification reports it.",
)
@click.option(
    "--builder",
    type=click.Choice(["docker", "podman", "buildah"]),
    help="Builder to call (default: the first of docker, podman, buildah on PATH).",
)
@click.option("--no-cache", is_flag=True, help="Passed to the builder: do not reuse cached layers.")
@click.option("--no-lint", is_flag=True, help="Skip the lint gate (step 1).")
@click.option(
    "--fail-on",
    type=click.Choice(FAIL_ON_LEVELS),
    default="error",
    show_default=True,
    help="Stop at lint, or fail verification, on findings at or above this severity.",
)
@click.option(
    "--manifest",
    "manifest_path",
    type=click.Path(dir_okay=False),
    help="Where to write the manifest (default: v6-ports.json beside the Dockerfile).",
)
@click.option("--push", is_flag=True, help="Push every --tag with the same builder.")
@click.option(
    "--config", "config_file", type=click.Path(dir_okay=False), help="Use this configuration file."
)
@click.option("--no-config", is_flag=True, help="Ignore .v6port.toml and pyproject.toml.")
def build(
    context: str,
    dockerfile: str | None,
    tags: tuple[str, ...],
    build_args: tuple[str, ...],
    target: str | None,
    platform: str | None,
    labels: tuple[str, ...],
    builder: str | None,
    no_cache: bool,
    no_lint: bool,
    fail_on: str,
    manifest_path: str | None,
    push: bool,
    config_file: str | None,
    no_config: bool,
) -> None:
    """Build CONTEXT with a lint gate, verify the image, and write its manifest.

    Steps: 1 lint the Dockerfile with the same build args and target; 2 build with
    docker, podman or buildah (its output streamed); 3 read the image back with
    the builder's inspect and judge it against the Dockerfile; 4 write the
    manifest; 5 with --push, push and print the digest. Exit 0 built and verified,
    1 lint or verification failed, 2 the builder is missing or failed.
    """
    from v6port import config
    from v6port.build import BuildOptions, BuildSpec, PlainUi, RichUi, run
    from v6port.lint import LintOptions, settings_for

    path = dockerfile or os.path.join(context, "Dockerfile")
    overrides = config.Overrides(
        fail_on=config.parse_fail_on(fail_on), fail_on_given=True, target=target
    )
    settings = settings_for(
        path, LintOptions(overrides=overrides, config_file=config_file, no_config=no_config)
    )
    spec = BuildSpec(
        context=context,
        dockerfile=path,
        tags=tags,
        build_args=build_args,
        target=target,
        platform=platform,
        labels=labels,
        no_cache=no_cache,
    )
    options = BuildOptions(
        spec=spec,
        settings=settings,
        builder=builder,  # type: ignore[arg-type]
        lint=not no_lint,
        manifest=manifest_path,
        push=push,
    )
    ui = RichUi(sys.stderr, sys.stdout) if sys.stderr.isatty() else PlainUi(sys.stderr, sys.stdout)
    result = run(options, ui)
    raise SystemExit(result.exit_code)
