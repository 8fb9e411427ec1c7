"""``v6port init``: the click layer over v6port.init."""

from __future__ import annotations

import click


@click.command()
@click.argument("directory", type=click.Path(file_okay=False))
@click.option(
    "--language",
    type=click.Choice(["python", "r"]),
    default="python",
    show_default=True,
    help="Template: python (python:3.12-slim) or r (r-base:4.4.1).",
)
@click.option(
    "--port",
    "ports",
    multiple=True,
    metavar="LABEL=PORT",
    help="A port the algorithm listens on and its label (repeatable; default: com=8888).",
)
@click.option("--base-image", metavar="IMAGE", help="FROM this image instead of the default.")
@click.option("--force", is_flag=True, help="Write into a non-empty DIRECTORY (overwrites).")
def init(
    directory: str, language: str, ports: tuple[str, ...], base_image: str | None, force: bool
) -> None:
    """Start a new vantage6 algorithm in DIRECTORY from a template.

    Writes a Dockerfile with EXPOSE and LABEL p<port>="<label>" pairs, an
    algorithm stub, .pre-commit-config.yaml with v6port's hooks, a CI workflow
    (.github/workflows/v6port.yml) and the manifest v6-ports.json to commit.
    Every --port is validated before anything is written.
    """
    from v6port.init import init as render_and_write

    written = render_and_write(directory, language, ports, base_image, force)  # type: ignore[arg-type]
    for path in written:
        click.echo(f"wrote {path}")
    click.echo(f"next: cd {directory} && v6port build . --tag <name> && git add . && git commit")
