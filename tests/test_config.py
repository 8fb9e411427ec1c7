"""Configuration: discovery of .v6port.toml and [tool.v6port], and its keys."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import lint_text

from v6port import config
from v6port.errors import UsageError
from v6port.findings import Severity


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def discover(directory: Path) -> config.Settings | None:
    return config.discover(directory)


def test_dotfile_beats_pyproject_in_the_same_folder(tmp_path: Path) -> None:
    write(tmp_path / ".v6port.toml", 'target = "dot"\n')
    write(tmp_path / "pyproject.toml", '[tool.v6port]\ntarget = "py"\n')
    found = discover(tmp_path)
    assert found is not None
    assert found.target == "dot"


def test_nearest_wins(tmp_path: Path) -> None:
    write(tmp_path / ".v6port.toml", 'target = "outer"\n')
    write(tmp_path / "sub" / "pyproject.toml", '[tool.v6port]\ntarget = "inner"\n')
    found = discover(tmp_path / "sub" / "deeper")
    assert found is not None
    assert found.target == "inner"
    assert found.root == (tmp_path / "sub").resolve()


def test_pyproject_without_the_table_is_skipped(tmp_path: Path) -> None:
    write(tmp_path / ".v6port.toml", 'target = "outer"\n')
    write(tmp_path / "sub" / "pyproject.toml", '[project]\nname = "x"\n')
    found = discover(tmp_path / "sub")
    assert found is not None
    assert found.target == "outer"


def test_no_configuration(tmp_path: Path) -> None:
    assert discover(tmp_path / "a") is None


def test_all_keys(tmp_path: Path) -> None:
    path = write(
        tmp_path / ".v6port.toml",
        """
select = ["V6P0"]
ignore = ["V6P013"]
fail-on = "error"
target = "final"
[severity]
V6P007 = "error"
[build-args]
PORT = 8888
[per-file-ignores]
"legacy/*" = ["V6P005"]
""",
    )
    s = config.load_file(path)
    assert s.select is not None and "V6P001" in s.select and "V6P013" in s.select
    assert s.ignore == frozenset({"V6P013"})
    assert s.fail_on is Severity.ERROR
    assert s.target == "final"
    assert s.severity_of("V6P007", Severity.WARNING) is Severity.ERROR
    assert s.build_args == {"PORT": "8888"}
    assert not s.enabled("V6P013", str(tmp_path / "Dockerfile"))
    assert not s.enabled("V6P005", str(tmp_path / "legacy" / "Dockerfile"))
    assert s.enabled("V6P005", str(tmp_path / "Dockerfile"))


def test_fail_on_never(tmp_path: Path) -> None:
    s = config.load_file(write(tmp_path / ".v6port.toml", 'fail-on = "never"\n'))
    assert s.fail_on is None


def test_settings_change_the_findings(tmp_path: Path) -> None:
    s = config.load_file(
        write(
            tmp_path / ".v6port.toml",
            'ignore = ["V6P013"]\n[severity]\nV6P001 = "info"\n[build-args]\nPORT = "80"\n',
        )
    )
    found = lint_text("FROM a\nARG PORT\nEXPOSE $PORT\n", settings=s)
    assert [(f.code, f.severity, "80/tcp" in f.message) for f in found] == [
        ("V6P001", Severity.INFO, True)
    ]
    assert lint_text("FROM a\n", settings=s) == []


@pytest.mark.parametrize(
    ("text", "named"),
    [
        pytest.param('selct = ["V6P001"]\n', "'selct'", id="unknown key"),
        pytest.param('ignore = ["V6P999"]\n', "'V6P999'", id="unknown code in ignore"),
        pytest.param('select = ["X1"]\n', "'X1'", id="unknown code in select"),
        pytest.param('[severity]\nV6P998 = "error"\n', "'V6P998'", id="unknown code in severity"),
        pytest.param('[severity]\nV6P001 = "fatal"\n', "'fatal'", id="unknown severity"),
        pytest.param('fail-on = "sometimes"\n', "'sometimes'", id="unknown fail-on"),
        pytest.param('[per-file-ignores]\n"*" = ["V6P997"]\n', "'V6P997'", id="per-file code"),
        pytest.param("ignore = 3\n", "ignore", id="wrong type"),
        pytest.param("select = [\n", "invalid TOML", id="invalid toml"),
    ],
)
def test_bad_configuration_is_a_usage_error_naming_it(
    tmp_path: Path, text: str, named: str
) -> None:
    path = write(tmp_path / ".v6port.toml", text)
    with pytest.raises(UsageError) as info:
        config.load_file(path)
    assert named in str(info.value)
    assert ".v6port.toml" in str(info.value)


def test_bad_pyproject_table_names_the_table(tmp_path: Path) -> None:
    write(tmp_path / "pyproject.toml", '[tool.v6port]\ncolour = "yes"\n')
    with pytest.raises(UsageError, match=r"\[tool.v6port\].*'colour'"):
        discover(tmp_path)


def test_command_line_overrides_win() -> None:
    base = config.Settings(ignore=frozenset({"V6P001"}), target="a", build_args={"A": "1"})
    cli = config.Overrides(
        ignore=frozenset({"V6P002"}),
        target="b",
        build_args={"B": "2"},
        fail_on=None,
        fail_on_given=True,
    )
    merged = config.merge(base, cli)
    assert merged.ignore == frozenset({"V6P001", "V6P002"})
    assert merged.target == "b"
    assert merged.build_args == {"A": "1", "B": "2"}
    assert merged.fail_on is None
