"""``v6port check``: read built images, judge what the node will see, collect one report."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from v6port.config import Settings
from v6port.findings import InputError, Report
from v6port.sources.image import DEFAULT_JOBS


class CheckOptions:
    __slots__ = ("dockerfile", "jobs", "read_options", "settings")

    def __init__(
        self,
        settings: Settings,
        read_options: Any,
        jobs: int = DEFAULT_JOBS,
        dockerfile: str | None = None,
    ) -> None:
        self.settings = settings
        self.read_options = read_options
        self.jobs = jobs
        self.dockerfile = dockerfile


def run(
    references: Sequence[str],
    options: CheckOptions,
    on_read: Callable[[str], None] | None = None,
) -> Report:
    from v6port import engine
    from v6port.errors import V6portError
    from v6port.sources.image import read_images
    from v6port.sources.image_config import compare_with_dockerfile, declaration_from_config

    report = Report()
    dockerfile_decl = _dockerfile(options) if options.dockerfile else None
    results = read_images(list(references), options.read_options, options.jobs, on_read)
    for reference, result in zip(references, results, strict=True):
        if isinstance(result, V6portError):
            report.errors.append(InputError(reference, _reason(str(result), reference)))
            continue
        try:
            decl = declaration_from_config(reference, result.config, result.digest)
        except ValueError as exc:
            report.errors.append(InputError(reference, f"unusable image config: {exc}"))
            continue
        if dockerfile_decl is not None:
            compare_with_dockerfile(decl, dockerfile_decl)
        report.checked.append(reference)
        findings = engine.judge(decl, options.settings)
        report.findings.extend(findings)
        if engine.failing(findings, options.settings.fail_on):
            report.failed = True
    return report


def _reason(message: str, reference: str) -> str:
    # Errors already name the image; the report's path field does too.
    prefix = f"{reference}: "
    return message[len(prefix) :] if message.startswith(prefix) else message


def _dockerfile(options: CheckOptions) -> Any:
    from v6port.errors import V6portError
    from v6port.sources.dockerfile import load
    from v6port.sources.dockerfile.evaluate import TargetNotFound

    path = options.dockerfile
    assert path is not None
    try:
        with open(path, "rb") as fh:
            data = fh.read()
    except OSError as exc:
        raise V6portError(f"{path}: cannot read: {exc.strerror or exc}") from None
    try:
        loaded = load(path, data, options.settings.build_args, options.settings.target)
    except TargetNotFound as exc:
        raise V6portError(f"{path}: {exc}") from None
    if loaded.declaration.parse_problems:
        problem = loaded.declaration.parse_problems[0]
        line = problem.span.line if problem.span else "?"
        raise V6portError(f"{path}:{line}: not a valid Dockerfile: {problem.message}")
    return loaded.declaration
