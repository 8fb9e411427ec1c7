from __future__ import annotations

import sys

import click


@click.command()
def rules() -> None:
    """List the rule catalog."""
    from rich.console import Console
    from rich.table import Table

    from v6port.rules import catalog

    table = Table(title="v6port rules")
    table.add_column("code", style="bold")
    table.add_column("name")
    table.add_column("severity")
    table.add_column("what it catches")
    for rule in catalog().values():
        table.add_row(rule.code, rule.name, rule.severity.label, rule.summary)
    Console(highlight=False).print(table)


@click.command()
@click.argument("code")
def explain(code: str) -> None:
    """Print the documentation of one rule, e.g. `v6port explain V6P004`."""
    from v6port.errors import UsageError
    from v6port.rules import catalog

    rule = catalog().get(code.strip().upper())
    if rule is None:
        raise UsageError(f"unknown rule code {code!r} (see `v6port rules`)")
    text = rule_markdown(rule.code)
    if sys.stdout.isatty():
        from rich.console import Console
        from rich.markdown import Markdown

        Console().print(Markdown(text))
    else:
        sys.stdout.write(text)


def rule_markdown(code: str) -> str:
    """The rule's page, as docs/rules/<CODE>.md holds it."""
    from v6port.rules import catalog

    rule = catalog()[code]
    return (
        f"# {rule.code} {rule.name}\n\n"
        f"Severity: {rule.severity.label}. {rule.summary}.\n\n"
        f"{rule.doc}\n"
    )
