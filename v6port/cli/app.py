"""The click command group: every command, its help, and click's own errors.

Subcommands live in their own modules and are imported only when invoked, so
that `v6port lint` never pays for what `check` or `build` import.
"""

from __future__ import annotations

import importlib
from collections.abc import Sequence
from typing import Any

import click

from v6port import __version__

# command name -> (module, attribute, one-line help shown by --help)
COMMANDS: dict[str, tuple[str, str, str]] = {
    "lint": (
        "v6port.cli.lint",
        "lint",
        "Lint Dockerfiles: every EXPOSE needs a well-formed p<port> label.",
    ),
    "rules": ("v6port.cli.rules", "rules", "List the rule catalog."),
    "explain": ("v6port.cli.rules", "explain", "Print the documentation of one rule."),
    "check": ("v6port.cli.check", "check", "Check built images: what the node will see."),
    "manifest": (
        "v6port.cli.manifest",
        "manifest",
        "Write or check the port manifest (v6-ports.json).",
    ),
    "schema": ("v6port.cli.manifest", "schema", "Print the JSON Schema of the port manifest."),
    "build": ("v6port.cli.build", "build", "Lint, build, verify an image; write its manifest."),
    "init": ("v6port.cli.init", "init", "Start a new vantage6 algorithm from a template."),
}


class InputProblem(click.ClickException):
    """A V6portError on its way out: one line on stderr, exit 2."""

    exit_code = 2

    def show(self, file: Any = None) -> None:
        click.echo(f"v6port: error: {self.message}", err=True)


class LazyGroup(click.Group):
    def invoke(self, ctx: click.Context) -> Any:
        from v6port.errors import V6portError

        try:
            return super().invoke(ctx)
        except V6portError as exc:
            raise InputProblem(str(exc)) from None

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name not in COMMANDS:
            return None
        module, attr, _ = COMMANDS[name]
        command: click.Command = getattr(importlib.import_module(module), attr)
        return command

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = [(name, COMMANDS[name][2]) for name in self.list_commands(ctx)]
        with formatter.section("Commands"):
            formatter.write_dl(rows)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="v6port")
def cli() -> None:
    """v6port: check that vantage6 algorithm images declare their ports so the node finds them."""


def run(args: Sequence[str] | None) -> int:
    """Run a command line through click; the exit code (commands exit by SystemExit).

    None: sys.argv, which click also expands (wildcards) on Windows.
    """
    try:
        cli.main(
            args=None if args is None else list(args), prog_name="v6port", standalone_mode=False
        )
    except click.exceptions.Exit as exc:
        return exc.exit_code
    except click.ClickException as exc:
        exc.show()
        return 2
    except click.exceptions.Abort:
        raise KeyboardInterrupt from None
    return 0
