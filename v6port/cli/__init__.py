"""The command line: a thin layer over the library.

``main`` is the console script. Everyday lint runs (a pre-commit hook, a CI
step) are parsed by ``v6port.cli.fast`` without importing click, which would
cost more start-up than the lint itself; everything else, and anything the
fast path is unsure of, goes through click (``v6port.cli.app``).
"""

from __future__ import annotations

import signal
import sys
from collections.abc import Sequence
from typing import Any


class Terminated(BaseException):
    """SIGTERM, raised so that atomic writes clean up on the way out."""


def _on_sigterm(signum: int, frame: Any) -> None:
    raise Terminated()


def main(argv: Sequence[str] | None = None) -> None:
    from v6port.errors import V6portError

    signal.signal(signal.SIGTERM, _on_sigterm)
    try:
        sys.exit(_run(argv))
    except V6portError as exc:
        sys.stderr.write(f"v6port: error: {exc}\n")
        sys.exit(2)
    except KeyboardInterrupt:
        sys.stderr.write("v6port: interrupted\n")
        sys.exit(130)
    except Terminated:
        sys.stderr.write("v6port: terminated\n")
        sys.exit(143)
    except BrokenPipeError:
        sys.exit(1)


def _run(argv: Sequence[str] | None) -> int:
    if argv is None and sys.platform == "win32":
        # Windows shells leave `*.Dockerfile` to the program: click expands it, given
        # the command line as None.
        from v6port.cli import app

        return app.run(None)
    from v6port.cli import fast

    args = sys.argv[1:] if argv is None else list(argv)
    quick = fast.parse(args)
    if quick is not None:
        command, params = quick
        return command(**params)
    from v6port.cli import app

    return app.run(args)


def __getattr__(name: str) -> Any:
    # `from v6port.cli import cli` (the click group), for tests and embedding,
    # without making every start-up import click.
    if name == "cli":
        from v6port.cli.app import cli

        return cli
    raise AttributeError(f"module 'v6port.cli' has no attribute {name!r}")
