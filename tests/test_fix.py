"""`v6port lint --fix` and `--diff`: certain rewrites only, every other byte kept."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from helpers import lint_text

from v6port.autofix import Fixer, fix_passes
from v6port.cli import cli
from v6port.config import Settings
from v6port.findings import Edit, Fix, Report
from v6port.fix import apply_fixes, apply_to_bytes, quote_value, unified_diff
from v6port.reporters import get as reporter

ROOT = Path(__file__).resolve().parents[1]
DOCS_EXAMPLE = ROOT / "examples" / "vantage6-docs" / "Dockerfile"
SCHEMA = ROOT / "tests" / "fixtures" / "sarif-schema-2.1.0.json"


def fixed(text: str | bytes) -> bytes:
    data = text.encode() if isinstance(text, str) else text
    return fix_passes("Dockerfile", data, Settings())[0]


def fixes_for(text: str, code: str) -> list[Fix | None]:
    return [f.fix for f in lint_text(text) if f.code == code]


def run(*args: str, input: str | bytes | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), input=input, catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


# Each fixable rule: the bytes before and after.


@pytest.mark.parametrize(
    ("before", "after"),
    [
        # V6P004: the spaced form, as vantage6's documentation writes it.
        ('LABEL p8888 = "com"\n', 'LABEL p8888="com"\n'),
        ('LABEL p8888   =   "com"   \n', 'LABEL p8888="com"   \n'),
        ("LABEL p8888 = com\n", 'LABEL p8888="com"\n'),
        ("LABEL p8888 =com\n", 'LABEL p8888="com"\n'),
        # V6P004: whitespace around the value.
        ('LABEL p8888=" com "\n', 'LABEL p8888="com"\n'),
        ("LABEL a=b p8888=' com' c=d\n", 'LABEL a=b p8888="com" c=d\n'),
        ('LABEL p8888 " com "\n', 'LABEL p8888="com"\n'),
        # V6P005: the legacy form, same stored value.
        ("LABEL p8888 com\n", 'LABEL p8888="com"\n'),
        ("LABEL p8888 'c\"o$m'\n", 'LABEL p8888="c\\"o\\$m"\n'),
        ("LABEL p8888 c\\m\n", 'LABEL p8888="cm"\n'),
        # V6P009: the key the node looks up.
        ('LABEL P8888="com"\n', 'LABEL p8888="com"\n'),
        ('LABEL p08888="com"\n', 'LABEL p8888="com"\n'),
        ('LABEL " p8888"="com"\n', 'LABEL p8888="com"\n'),
        # V6P009 then V6P004, in two passes.
        ('LABEL P8888 = "com"\n', 'LABEL p8888="com"\n'),
    ],
)
def test_label_fixes(before: str, after: str) -> None:
    head = "FROM scratch\nEXPOSE 8888\n"
    assert fixed(head + before) == (head + after).encode()
    assert not [f for f in lint_text(head + after) if f.code in {"V6P004", "V6P005", "V6P009"}]


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("EXPOSE 8888/TCP\n", "EXPOSE 8888/tcp\n"),
        ("EXPOSE 80 8888/Tcp 9/UDP  \n", "EXPOSE 80 8888/tcp 9/udp  \n"),
        ("EXPOSE 8000-8001/SCTP\n", "EXPOSE 8000-8001/sctp\n"),
        ("EXPOSE 8888/TCP\nEXPOSE 8888/TCP\n", "EXPOSE 8888/tcp\nEXPOSE 8888/tcp\n"),
    ],
)
def test_protocol_casing_fix(before: str, after: str) -> None:
    assert fixed("FROM scratch\n" + before) == ("FROM scratch\n" + after).encode()


def test_backtick_escape_quotes_with_backticks() -> None:
    text = "# escape=`\nFROM scratch\nEXPOSE 1\nLABEL p1 'a`b\"c\\d'\n"
    assert fixed(text) == b'# escape=`\nFROM scratch\nEXPOSE 1\nLABEL p1="a``b`"c\\d"\n'
    assert [f.code for f in lint_text(fixed(text)) if f.fix or f.code == "V6P005"] == []


def test_quote_value_round_trips_through_the_expander() -> None:
    from v6port.sources.dockerfile.expand import expand

    for escape in ("\\", "`"):
        for value in ['a"b', "$x ${y}", "back\\slash`tick", "  spaced  ", "'"]:
            quoted = quote_value(value, escape)
            assert quoted is not None
            assert expand(quoted, {}, escape).result == value
    assert quote_value("a\nb", "\\") is None


# Not certain: the finding stays, with no fix.


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ('ARG N=com\nLABEL p8888 = "$N"\n', "V6P004"),  # a variable in the value
        ('LABEL p8888 = "com" p8889 = "data"\n', "V6P004"),  # two labels meant?
        ('LABEL p8888 = \\\n  "com"\n', "V6P004"),  # a continuation
        ('LABEL p8888="= com"\n', "V6P004"),  # a quoted "=": intent unclear
        ("LABEL p8888 com p8889 data\n", "V6P005"),  # more than one word
        ("LABEL p8888 \\\n com\n", "V6P005"),
        ('ARG P=P\nLABEL ${P}8888="com"\n', "V6P009"),  # a variable in the key
        ('LABEL P8888="a" p08888="b"\n', "V6P009"),  # two candidates
        ('LABEL P8888="a" \\\n  x=y\n', "V6P009"),
    ],
)
def test_uncertain_rewrites_get_no_fix(text: str, code: str) -> None:
    found = fixes_for("FROM scratch\nEXPOSE 8888 8889\n" + text, code)
    assert found, f"expected a {code} finding"
    assert all(f is None for f in found)


@pytest.mark.parametrize(
    "expose",
    ['EXPOSE "8888/TCP"\n', "ARG P=TCP\nEXPOSE 8888/$P\n", "EXPOSE 1 \\\n  8888/TCP\n"],
)
def test_protocol_casing_without_a_literal_word_gets_no_fix(expose: str) -> None:
    found = fixes_for("FROM scratch\n" + expose, "V6P015")
    assert found and all(f is None for f in found)


# Applying edits.


def test_overlapping_fixes_first_wins() -> None:
    first = Fix("a", (Edit(1, 2, 5, "X"),))
    second = Fix("b", (Edit(1, 4, 6, "Y"),))
    third = Fix("c", (Edit(1, 6, 7, "Z"),))
    applied = apply_fixes("0123456789", [first, second, third])
    assert applied.text == "0X4Z6789"
    assert applied.fixes == 2


def test_out_of_range_edits_are_dropped() -> None:
    bad = [Fix("a", (Edit(3, 1, 2, "x"),)), Fix("b", (Edit(1, 1, 9, "x"),))]
    assert apply_fixes("abc\r\n", bad).fixes == 0


def test_crlf_bom_trailing_space_and_no_final_newline_are_kept() -> None:
    data = '\ufeffFROM scratch \r\nEXPOSE 8888/TCP\t\r\n\r\nLABEL p8888 = "com"'.encode()
    assert (
        fixed(data) == '\ufeffFROM scratch \r\nEXPOSE 8888/tcp\t\r\n\r\nLABEL p8888="com"'.encode()
    )


def test_fix_is_idempotent_on_the_docs_example() -> None:
    once = fixed(DOCS_EXAMPLE.read_bytes())
    assert once != DOCS_EXAMPLE.read_bytes()
    assert fixed(once) == once
    assert lint_text(once) == []


def test_apply_to_bytes_without_fixes_returns_the_same_bytes() -> None:
    data = b"\xef\xbb\xbfFROM x\r\n"
    assert apply_to_bytes(data, []) == (data, 0)


# The command line.


def test_fix_turns_the_docs_example_into_a_clean_dockerfile(tmp_path: Path) -> None:
    target = tmp_path / "Dockerfile"
    shutil.copy(DOCS_EXAMPLE, target)
    code, out, _ = run("lint", "--fix", str(target))
    assert code == 0, out
    assert "Fixed 2 findings. All checks passed" in out
    text = target.read_text()
    assert 'LABEL p8888="com"\n' in text and 'LABEL p8889="data"\n' in text
    code, out, _ = run("lint", str(target))
    assert code == 0, out
    before = target.read_bytes()
    assert run("lint", "--fix", str(target))[0] == 0
    assert target.read_bytes() == before


def test_report_after_fix_shows_what_remains(tmp_path: Path) -> None:
    target = tmp_path / "Dockerfile"
    target.write_text('FROM scratch\nEXPOSE 8888/TCP 9999\nLABEL p8888 = "com"\n')
    code, out, _ = run("lint", "--fix", "--format", "json", str(target))
    assert code == 1
    assert {f["rule"] for f in json.loads(out)["findings"]} == {"V6P001"}
    code, out, _ = run("lint", str(target))
    assert "Found 1 warning" in out or "Found 1 error" in out
    assert "fixable" not in out


def test_diff_prints_and_writes_nothing(tmp_path: Path) -> None:
    target = tmp_path / "Dockerfile"
    shutil.copy(DOCS_EXAMPLE, target)
    before = target.read_bytes()
    code, out, err = run("lint", "--diff", str(target))
    assert code == 1
    assert target.read_bytes() == before
    assert f"--- {target}\n+++ {target}\n" in out
    assert '-LABEL p8888 = "com"\n+LABEL p8888="com"\n' in out
    assert "Would fix 2 findings in 1 file." in err
    run("lint", "--fix", str(target))
    code, out, err = run("lint", "--diff", str(target))
    assert (code, out) == (0, "")


def test_diff_marks_a_missing_final_newline() -> None:
    diff = unified_diff("D", b"FROM x\nEXPOSE 1/TCP", b"FROM x\nEXPOSE 1/tcp")
    assert diff.endswith(
        "-EXPOSE 1/TCP\n\\ No newline at end of file\n+EXPOSE 1/tcp\n\\ No newline at end of file\n"
    )


def test_diff_applies_with_patch(tmp_path: Path) -> None:
    patch = shutil.which("patch")
    if patch is None:
        pytest.skip("no patch(1)")
    import subprocess

    target = tmp_path / "Dockerfile"
    data = b'FROM scratch\r\nEXPOSE 8888/TCP\r\nLABEL p8888 = "com"'
    target.write_bytes(data)
    out = unified_diff("Dockerfile", data, fixed(data))
    subprocess.run([patch, "-s", "Dockerfile"], input=out.encode(), cwd=tmp_path, check=True)
    assert target.read_bytes() == fixed(data)


def test_stdin_fix_prints_the_fixed_dockerfile() -> None:
    code, out, err = run("lint", "--fix", "-", input='FROM scratch\nEXPOSE 1/TCP\nLABEL p1 "a"\n')
    assert out == 'FROM scratch\nEXPOSE 1/tcp\nLABEL p1="a"\n'
    assert "Fixed 2 findings" in err
    assert code == 0


def test_a_file_changed_on_disk_is_left_alone(tmp_path: Path) -> None:
    target = tmp_path / "Dockerfile"
    original = b'FROM scratch\nEXPOSE 8888\nLABEL p8888 = "com"\n'
    target.write_bytes(original)
    edited = original + b"# edited meanwhile\n"
    target.write_bytes(edited)  # after v6port read `original`
    fixer = Fixer(write=True)
    report = Report()
    kept = fixer.process(str(target), str(target), original, Settings(), report)
    assert kept == original
    assert target.read_bytes() == edited
    assert fixer.fixed == 0
    assert fixer.messages == [f"{target}: changed on disk since it was read; left alone"]


def test_changed_on_disk_message_from_the_cli(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import v6port.autofix as autofix

    target = tmp_path / "Dockerfile"
    target.write_text('FROM scratch\nEXPOSE 8888\nLABEL p8888 = "com"\n')
    real = autofix.fix_passes

    def meanwhile(*args: Any, **kwargs: Any) -> tuple[bytes, int]:
        out = real(*args, **kwargs)
        target.write_text("FROM scratch\n# someone else\n")
        return out

    monkeypatch.setattr(autofix, "fix_passes", meanwhile)
    code, _, err = run("lint", "--fix", str(target))
    assert "changed on disk since it was read; left alone" in err
    assert target.read_text() == "FROM scratch\n# someone else\n"
    assert code == 1  # the findings of what was read remain


def test_fix_keeps_the_file_mode_and_follows_symlinks(tmp_path: Path) -> None:
    real = tmp_path / "real.Dockerfile"
    real.write_text("FROM scratch\nEXPOSE 1/TCP\nLABEL p1=a\n")
    os.chmod(real, 0o640)
    link = tmp_path / "Dockerfile"
    link.symlink_to(real.name)
    assert run("lint", "--fix", str(link))[0] == 0
    assert link.is_symlink()
    assert real.read_text() == "FROM scratch\nEXPOSE 1/tcp\nLABEL p1=a\n"
    assert real.stat().st_mode & 0o777 == 0o640
    assert not [p for p in tmp_path.iterdir() if "v6port-tmp" in p.name]


def test_pragmas_keep_their_findings_unfixed(tmp_path: Path) -> None:
    text = "FROM scratch\n# v6port: ignore=V6P015\nEXPOSE 1/TCP\nLABEL p1=a\n"
    assert fixed(text) == text.encode()


# Reports.


def test_text_marks_fixable_findings(tmp_path: Path) -> None:
    target = tmp_path / "Dockerfile"
    shutil.copy(DOCS_EXAMPLE, target)
    _, out, _ = run("lint", str(target))
    assert "[*]" in out and "2 fixable with --fix" in out


def test_sarif_offers_fixes_and_validates(tmp_path: Path) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    validator = jsonschema.Draft4Validator(json.loads(SCHEMA.read_text()))
    findings = lint_text('FROM scratch\nEXPOSE 8888/TCP 1\nLABEL p8888 = "com" \nLABEL P1=x\n')
    report = Report(findings=findings, checked=["Dockerfile"])
    import io

    buffer = io.StringIO()
    reporter("sarif")(report, buffer, color=False)
    log = json.loads(buffer.getvalue())
    assert not list(validator.iter_errors(log))
    results = log["runs"][0]["results"]
    with_fixes = {r["ruleId"]: r["fixes"] for r in results if "fixes" in r}
    assert set(with_fixes) == {"V6P004", "V6P009", "V6P015"}
    (change,) = with_fixes["V6P004"][0]["artifactChanges"]
    assert change["replacements"] == [
        {
            "deletedRegion": {"startLine": 3, "startColumn": 12, "endLine": 3, "endColumn": 20},
            "insertedContent": {"text": '="com"'},
        }
    ]
    assert all("fixes" not in r for r in results if r["ruleId"] not in with_fixes)
