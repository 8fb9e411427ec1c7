"""``v6port lint``: find Dockerfiles, evaluate them, judge them, collect one report."""

from __future__ import annotations

import os
import stat
import sys
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, Any

from v6port import config
from v6port.errors import UsageError
from v6port.findings import Finding, InputError, Report

if TYPE_CHECKING:
    from v6port.autofix import Fixer
    from v6port.model import Declaration

SKIP_DIRS = frozenset({".git", "node_modules", ".hg", ".svn", ".tox", ".venv", "__pycache__"})


def is_dockerfile_name(name: str) -> bool:
    return (
        name in ("Dockerfile", "Containerfile")
        or name.endswith(".Dockerfile")
        or name.startswith("Dockerfile.")
        or name.endswith(".Containerfile")
        or name.startswith("Containerfile.")
    )


def discover(paths: Sequence[str], errors: list[InputError]) -> Iterator[str]:
    """Files as given, and Dockerfiles found below directories, in a stable order."""
    for given in paths:
        if given == "-" or not os.path.isdir(given):
            yield given
            continue

        for root, dirs, files in os.walk(given, onerror=_walk_error(errors, given)):
            dirs[:] = sorted(d for d in dirs if d not in SKIP_DIRS)
            for name in sorted(files):
                if is_dockerfile_name(name):
                    yield os.path.join(root, name)


def _walk_error(errors: list[InputError], given: str) -> Callable[[OSError], None]:
    def report(exc: OSError) -> None:
        where = str(exc.filename or given)
        errors.append(InputError(where, f"cannot read directory: {exc.strerror}"))

    return report


class LintOptions:
    __slots__ = (
        "config_file",
        "fixer",
        "jobs",
        "keep_sources",
        "no_config",
        "overrides",
        "read_options",
        "resolve_base",
        "stdin_filename",
    )

    def __init__(
        self,
        overrides: config.Overrides,
        config_file: str | None = None,
        no_config: bool = False,
        stdin_filename: str | None = None,
        keep_sources: bool = False,
        resolve_base: bool = False,
        read_options: Any = None,
        jobs: int = 1,
        fixer: Fixer | None = None,
    ) -> None:
        self.overrides = overrides
        self.config_file = config_file
        self.no_config = no_config
        self.stdin_filename = stdin_filename
        self.keep_sources = keep_sources
        self.resolve_base = resolve_base
        self.read_options = read_options
        self.jobs = jobs
        """Worker processes for large batches (``--jobs``); 0: one per usable CPU."""
        self.fixer = fixer
        """Set for --fix and --diff: inputs are fixed before the report is made."""


def settings_for(path: str, options: LintOptions) -> config.Settings:
    return config.merge(_configured(path, options, None), options.overrides)


def _configured(
    path: str, options: LintOptions, memo: dict[str, config.Settings | None] | None
) -> config.Settings | None:
    """The configuration file's settings for ``path``; ``memo`` remembers folders in a run."""
    if options.no_config:
        return None
    if options.config_file:
        return _explicit(options.config_file)
    return config.nearest(os.path.dirname(os.path.abspath(path)), {} if memo is None else memo)


_explicit_cache: dict[str, config.Settings] = {}


def _explicit(path: str) -> config.Settings:
    if path not in _explicit_cache:
        if not os.path.isfile(path):
            raise UsageError(f"{path}: configuration file not found")
        from pathlib import Path

        _explicit_cache[path] = config.load_file(Path(path))
    return _explicit_cache[path]


def read_input(path: str, stdin_name: str | None) -> tuple[str, bytes]:
    """Returns (display name, bytes). Raises OSError, or ValueError with the reason."""
    from v6port.sources.dockerfile import MAX_FILE_BYTES

    if path == "-":
        data = sys.stdin.buffer.read(MAX_FILE_BYTES + 1)
        name = stdin_name or "-"
    else:
        name = path
        # O_NONBLOCK: a FIFO or device named Dockerfile must not hang the run.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        try:
            info = os.fstat(fd)
            if not stat.S_ISREG(info.st_mode):
                raise ValueError("not a regular file")
            data = _read_at_most(fd, MAX_FILE_BYTES + 1, info.st_size + 1)
        finally:
            os.close(fd)
    if len(data) > MAX_FILE_BYTES:
        raise ValueError(
            f"file is larger than {MAX_FILE_BYTES // (1024 * 1024)} MiB: not a Dockerfile"
        )
    return name, data


def _read_at_most(fd: int, limit: int, first: int) -> bytes:
    """Up to ``limit`` bytes, asking for ``first`` (the file's size + 1) at once.

    Not ``read(limit)``: that allocates ``limit`` bytes (1 MiB) for every file, which
    cost more than linting a small Dockerfile.
    """
    chunks: list[bytes] = []
    got = 0
    want = first
    while got < limit:
        asked = min(want, limit - got)
        chunk = os.read(fd, asked)
        chunks.append(chunk)
        got += len(chunk)
        if len(chunk) < asked:
            break  # a regular file reads short only at its end
        want = 65536  # the file grew after fstat
    return b"".join(chunks)


def lint_one(
    name: str,
    data: bytes,
    settings: config.Settings,
    report: Report,
    keep: bool,
    resolve_base: Callable[[str], Declaration] | None = None,
) -> None:
    from v6port import engine, pragmas
    from v6port.rules import catalog
    from v6port.sources.dockerfile import load
    from v6port.sources.dockerfile.evaluate import TargetNotFound

    try:
        loaded = load(name, data, settings.build_args, settings.target, only_evaluated=True)
    except TargetNotFound as exc:
        report.errors.append(InputError(name, str(exc)))
        return
    if resolve_base is not None and loaded.declaration.base_images:
        from v6port.errors import V6portError
        from v6port.sources.image_config import inherit_base

        try:
            inherit_base(loaded.declaration, resolve_base(loaded.declaration.base_images[0]))
        except V6portError as exc:
            report.errors.append(InputError(name, f"cannot resolve the base image: {exc}"))
            return
    findings = engine.judge(loaded.declaration, settings)
    if loaded.dockerfile is not None:
        marks = pragmas.collect(loaded.dockerfile, set(catalog()))
        for line, code in marks.unknown:
            report.errors.append(
                InputError(name, f"unknown rule code {code!r} in a v6port pragma", line)
            )
        findings = [f for f in findings if not marks.ignores(f.code, f.line)]
    report.findings.extend(findings)
    if engine.failing(findings, settings.fail_on):
        report.failed = True
    if keep and loaded.text is not None:
        report.sources[name] = loaded.text.split("\n")


def base_resolver(read_options: Any) -> Callable[[str], Declaration]:
    """Read base images from their registry, each once per run."""
    from functools import cache

    @cache
    def resolve(reference: str) -> Declaration:
        from v6port.sources.image import read_image
        from v6port.sources.image_config import declaration_from_config

        image = read_image(reference, read_options)
        return declaration_from_config(reference, image.config, image.digest)

    return resolve


MIN_FILES_PER_JOB = 200
"""Below this, a worker process costs more than it saves (docs/performance.md)."""
MAX_AUTO_JOBS = 8
"""``jobs=0`` uses at most this many workers: beyond, a batch gains little and costs memory."""


def usable_cpus() -> int:
    """The CPUs this process may run on (its affinity, as a container's cpuset sets it)."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0)) or 1
    return os.cpu_count() or 1


def run(paths: Sequence[str], options: LintOptions) -> Report:
    report = Report()
    files = list(discover(paths or ["Dockerfile"], report.errors))
    wanted = options.jobs or min(usable_cpus(), MAX_AUTO_JOBS)
    jobs = min(wanted, len(files) // MIN_FILES_PER_JOB)
    if jobs > 1 and options.fixer is None and "-" not in files:
        for part in _in_processes(files, options, jobs):
            report.findings.extend(part.findings)
            report.errors.extend(part.errors)
            report.checked.extend(part.checked)
            report.sources.update(part.sources)
            report.failed = report.failed or part.failed
    else:
        lint_files(files, options, report)
    return report


def _in_processes(files: list[str], options: LintOptions, jobs: int) -> list[Report]:
    """Contiguous slices in worker processes, so that the merged report keeps file order."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    size = -(-len(files) // jobs)
    chunks = [files[i : i + size] for i in range(0, len(files), size)]
    # Fork is cheapest, but the Go runtime behind BuildKit's parser does not survive a
    # fork once it has started (a forked worker spins forever): then spawn.
    go_started = "dockerfile" in sys.modules
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context(
        "fork" if "fork" in methods and not go_started else "spawn"
    )
    with ProcessPoolExecutor(len(chunks), mp_context=context) as pool:
        return list(pool.map(_lint_chunk, chunks, [options] * len(chunks)))


def _lint_chunk(files: list[str], options: LintOptions) -> Report:
    report = Report()
    lint_files(files, options, report)
    return report


def lint_files(files: Sequence[str], options: LintOptions, report: Report) -> None:
    resolver = base_resolver(options.read_options) if options.resolve_base else None
    folders: dict[str, config.Settings | None] = {}
    merged: dict[int, tuple[config.Settings | None, config.Settings]] = {}
    for path in files:
        try:
            name, data = read_input(path, options.stdin_filename)
        except FileNotFoundError:
            report.errors.append(InputError(path, "no such file"))
            continue
        except IsADirectoryError:
            report.errors.append(InputError(path, "is a directory"))
            continue
        except OSError as exc:
            report.errors.append(InputError(path, f"cannot read: {exc.strerror or exc}"))
            continue
        except ValueError as exc:
            report.errors.append(InputError(path, str(exc)))
            continue
        report.checked.append(name)
        where = path if path != "-" else (options.stdin_filename or "Dockerfile")
        base = _configured(where, options, folders)
        if id(base) not in merged:  # merge once per configuration, not once per file
            merged[id(base)] = (base, config.merge(base, options.overrides))
        settings = merged[id(base)][1]
        if options.fixer is not None:
            data = options.fixer.process(path, name, data, settings, report, resolver)
        lint_one(name, data, settings, report, options.keep_sources, resolver)


__all__ = ["Finding", "LintOptions", "discover", "run"]
