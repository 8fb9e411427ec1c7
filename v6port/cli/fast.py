"""Parse the everyday ``v6port lint`` and ``check`` command lines without click.

A pre-commit hook or a CI step runs ``v6port lint`` with a few plain options,
and importing click (with the typing, inspect and enum machinery it pulls in)
costs more start-up than linting a Dockerfile. So this module reads exactly
those command lines and hands them to the same command body as click does
(``v6port.cli.run``). It is deliberately incomplete: help, ``--version``, an
option it does not know, a value click would reject or convert -- anything it
is not sure of -- returns None, and click parses the line and reports
errors. tests/cli/test_fast.py checks that whatever this parser accepts, click
parses to the same parameters.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from typing import Any, NamedTuple

from v6port.config import FAIL_ON_LEVELS
from v6port.reporters import FORMATS


class Option(NamedTuple):
    dest: str
    """The click parameter name."""
    kind: str
    """One of: flag (takes no value), value (the last one wins), multiple (each one kept)."""
    convert: Callable[[str], Any] | None = None
    """Turns the text into click's value; raises ValueError where click would fail."""


class Command(NamedTuple):
    name: str
    options: dict[str, Option]
    defaults: dict[str, Any]
    positional: str
    """The parameter that gets the arguments (``nargs=-1``)."""
    run: str
    """The body in ``v6port.cli.run``."""
    required: bool = False
    """Whether click requires at least one argument."""
    convert: Callable[[str], Any] | None = None
    """Checks each argument as click's type would (raises ValueError where click fails)."""


def _choice(*choices: str) -> Callable[[str], str]:
    def convert(text: str) -> str:
        if text not in choices:
            raise ValueError(text)
        return text

    return convert


def _int_range(low: int, high: int) -> Callable[[str], int]:
    def convert(text: str) -> int:
        # click converts with int(); keep to plain decimal digits, the rest goes to click.
        if not text.isascii() or not text.isdigit() or not low <= int(text) <= high:
            raise ValueError(text)
        return int(text)

    return convert


def _float_from(low: float) -> Callable[[str], float]:
    def convert(text: str) -> float:
        whole, dot, fraction = text.partition(".")
        plain = whole.isdigit() and (not dot or fraction.isdigit())
        if not text.isascii() or not plain or float(text) < low:
            raise ValueError(text)
        return float(text)

    return convert


def _boolean(text: str) -> bool:
    # click.BOOL takes many spellings; the two canonical ones are enough here.
    if text not in ("true", "false"):
        raise ValueError(text)
    return text == "true"


def _path(text: str) -> str:
    # click.Path() refuses an existing path it cannot read (readable=True).
    if not os.access(text, os.R_OK) and os.path.exists(text):
        raise ValueError(text)
    return text


def _file(text: str) -> str:
    # click.Path(dir_okay=False) also refuses an existing folder.
    if os.path.isdir(text):
        raise ValueError(text)
    return _path(text)


def _options(*entries: tuple[tuple[str, ...], Option]) -> dict[str, Option]:
    return {name: option for names, option in entries for name in names}


# What lint and check share: the rule and report options.
_RULES_AND_REPORTS = (
    (("--format", "-f"), Option("formats", "multiple", _choice(*FORMATS))),
    (("--output", "-o"), Option("outputs", "multiple")),
    (("--select",), Option("select", "value")),
    (("--ignore",), Option("ignore", "value")),
    (("--fail-on",), Option("fail_on", "value", _choice(*FAIL_ON_LEVELS))),
    (("--config",), Option("config_file", "value", _file)),
    (("--no-config",), Option("no_config", "flag")),
    (("--build-arg",), Option("build_args", "multiple")),
    (("--target",), Option("target", "value")),
)
_DEFAULTS = {
    "build_args": (),
    "target": None,
    "formats": (),
    "outputs": (),
    "select": None,
    "ignore": None,
    "fail_on": None,
    "config_file": None,
    "no_config": False,
    "platform": None,
    "tls_verify": True,
    "plain_http": False,
    "timeout": 30.0,
}

LINT = Command(
    name="lint",
    options=_options(
        *_RULES_AND_REPORTS,
        (("--stdin-filename",), Option("stdin_filename", "value")),
        (("--jobs", "-j"), Option("jobs", "value", _int_range(0, 64))),
        (("--fix",), Option("fix", "flag")),
        (("--diff",), Option("diff", "flag")),
    ),
    defaults={
        **_DEFAULTS,
        "jobs": 0,
        "stdin_filename": None,
        "resolve_base": False,
        "fix": False,
        "diff": False,
    },
    positional="paths",
    run="lint",
    convert=_path,
)

CHECK = Command(
    name="check",
    options=_options(
        *_RULES_AND_REPORTS,
        (("--jobs", "-j"), Option("jobs", "value", _int_range(1, 64))),
        (("--dockerfile",), Option("dockerfile", "value", _file)),
        (("--plain-http",), Option("plain_http", "flag")),
        (("--tls-verify",), Option("tls_verify", "value", _boolean)),
        (("--timeout",), Option("timeout", "value", _float_from(0.1))),
    ),
    # sources.image.DEFAULT_JOBS, not imported: lint would load the image readers.
    # tests/cli/test_fast.py holds the two to click's default.
    defaults={**_DEFAULTS, "jobs": 16, "dockerfile": None},
    positional="images",
    run="check",
    required=True,
)

COMMANDS = {LINT.name: LINT, CHECK.name: CHECK}


def parse(argv: Sequence[str]) -> tuple[Callable[..., int], dict[str, Any]] | None:
    """The command body and its parameters, or None: let click parse this line."""
    if not argv or argv[0] not in COMMANDS:
        return None
    command = COMMANDS[argv[0]]
    params = parse_params(command, argv[1:])
    if params is None:
        return None
    from v6port.cli import run

    body: Callable[..., int] = getattr(run, command.run)
    return body, params


def parse_params(command: Command, args: Sequence[str]) -> dict[str, Any] | None:
    """What click would pass to the command for ``args``, or None if unsure."""
    params: dict[str, Any] = dict(command.defaults)
    # click reads an option's envvar only when the option is not given; the only
    # one, --creds, is not on the fast path, so read it as click would.
    params["creds"] = os.environ.get("V6PORT_CREDS") or None
    multiple: dict[str, list[Any]] = {}
    positional: list[str] = []
    i = 0
    while i < len(args):
        token = args[i]
        i += 1
        if token == "--":
            positional.extend(args[i:])
            break
        if not token.startswith("-") or token == "-":
            positional.append(token)
            continue
        name, eq, value = token.partition("=") if token.startswith("--") else (token, "", "")
        option = command.options.get(name)
        if option is None:
            return None
        if option.kind == "flag":
            if eq:
                return None
            params[option.dest] = True
            continue
        if not eq:
            if i == len(args):
                return None
            value = args[i]
            i += 1
        if option.convert is not None:
            try:
                value = option.convert(value)
            except ValueError:
                return None
        if option.kind == "multiple":
            multiple.setdefault(option.dest, []).append(value)
        else:
            params[option.dest] = value
    for dest, values in multiple.items():
        params[dest] = tuple(values)
    if command.required and not positional:
        return None
    if command.convert is not None:
        try:
            positional = [command.convert(arg) for arg in positional]
        except ValueError:
            return None
    params[command.positional] = tuple(positional)
    return params
