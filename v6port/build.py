"""``v6port build``: lint, build with docker/podman/buildah, verify the image, write the manifest.

The command lines are pure functions (``build_argv``, ``inspect_argv``,
``push_argv``) so that every builder's exact invocation is testable without
that builder. ``run`` is the step runner; it talks to the user only through a
``Ui``. The environment passes through to the builder untouched
(``BUILDAH_ISOLATION``, ``STORAGE_DRIVER``, ``CONTAINERS_STORAGE_CONF``,
``DOCKER_HOST``, ...).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from collections import deque
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, Literal, NamedTuple, Protocol

from v6port.errors import UsageError, V6portError
from v6port.findings import Report

if TYPE_CHECKING:
    from v6port.config import Settings
    from v6port.manifest import Manifest
    from v6port.model import Declaration

Builder = Literal["docker", "podman", "buildah"]
BUILDERS: tuple[Builder, ...] = ("docker", "podman", "buildah")
STEPS = 5
TAIL_LINES = 12
"""How many of the builder's last output lines a failure message quotes."""

Which = Callable[[str], "str | None"]


class BuilderError(V6portError):
    """The builder is missing or failed: exit 2, with its exit code and last lines."""


class BuildSpec(NamedTuple):
    """What the builder is asked to build, as the user wrote it."""

    context: str
    dockerfile: str
    tags: tuple[str, ...] = ()
    build_args: tuple[str, ...] = ()
    """KEY=VALUE, or a bare KEY taken from the environment (as docker build does)."""
    target: str | None = None
    platform: str | None = None
    labels: tuple[str, ...] = ()
    no_cache: bool = False


# -- command lines ---------------------------------------------------------------------------


def find_builder(which: Which = shutil.which) -> tuple[Builder, str] | None:
    """The first of docker, podman, buildah on PATH, with its executable."""
    for name in BUILDERS:
        found = which(name)
        if found:
            return name, found
    return None


def resolve_builder(name: Builder | None, which: Which = shutil.which) -> tuple[Builder, str]:
    if name is None:
        found = find_builder(which)
        if found is None:
            raise BuilderError(
                "no builder found: none of docker, podman, buildah is on PATH; "
                "install one, or pass --builder with one that is"
            )
        return found
    executable = which(name)
    if executable is None:
        raise BuilderError(f"--builder {name}: {name} is not installed or not on PATH")
    return name, executable


def has_buildx(docker: str) -> bool:
    """Whether `docker buildx` is available (the plugin answers `version`)."""
    try:
        done = subprocess.run(
            [docker, "buildx", "version"],
            stdin=subprocess.DEVNULL,
            capture_output=True,
            timeout=30,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return False
    return done.returncode == 0


def build_argv(
    builder: Builder,
    spec: BuildSpec,
    *,
    executable: str | None = None,
    buildx: bool = False,
    iidfile: str | None = None,
) -> list[str]:
    """The exact command line that builds ``spec``.

    docker: ``docker buildx build --load`` when buildx is present (``--load`` puts the
    image in the engine's store, where ``docker image inspect`` reads it back), else
    the classic ``docker build``. podman: ``podman build``. buildah: ``buildah build``.
    All three take the same flags for what v6port passes on.
    """
    exe = executable or builder
    if builder == "docker":
        argv = [exe, "buildx", "build", "--load"] if buildx else [exe, "build"]
    elif builder in ("podman", "buildah"):
        argv = [exe, "build"]
    else:
        raise ValueError(f"unknown builder {builder!r}")
    argv += ["--file", spec.dockerfile]
    for tag in spec.tags:
        argv += ["--tag", tag]
    for arg in spec.build_args:
        argv += ["--build-arg", arg]
    if spec.target:
        argv += ["--target", spec.target]
    if spec.platform:
        argv += ["--platform", spec.platform]
    for label in spec.labels:
        argv += ["--label", label]
    if spec.no_cache:
        argv.append("--no-cache")
    if iidfile:
        argv += ["--iidfile", iidfile]
    argv.append(spec.context)
    return argv


def inspect_argv(builder: Builder, image: str, *, executable: str | None = None) -> list[str]:
    """Read the built image back through the builder that made it."""
    exe = executable or builder
    if builder == "buildah":
        return [exe, "inspect", "--type", "image", "--", image]
    return [exe, "image", "inspect", "--", image]


def push_argv(
    builder: Builder, image: str, *, executable: str | None = None, digestfile: str | None = None
) -> list[str]:
    """Push one tag; podman and buildah write the pushed manifest digest to ``digestfile``."""
    exe = executable or builder
    if builder == "docker":
        return [exe, "push", image]
    argv = [exe, "push"]
    if digestfile:
        argv += ["--digestfile", digestfile]
    return [*argv, image]


_DIGEST_RE = re.compile(r"digest: (sha256:[0-9a-f]{64})")


def parse_push_digest(output: str) -> str | None:
    """The digest ``docker push`` reports (``TAG: digest: sha256:... size: N``)."""
    found = _DIGEST_RE.findall(output)
    return found[-1] if found else None


def failure_message(what: str, code: int, tail: Sequence[str]) -> str:
    """One line saying what failed and how, then the builder's last lines as context."""
    lines = [line for line in tail if line.strip()]
    head = f"`{what}` failed with exit code {code}"
    if lines:
        head += f": {lines[-1].strip()[:300]}"
    if len(lines) > 1 or (lines and len(lines[-1].strip()) > 300):
        head += "\n  last lines of its output:\n" + "\n".join(f"  | {line}" for line in lines)
    return head


# -- running the builder ---------------------------------------------------------------------


def stream(argv: Sequence[str], sink: Callable[[bytes], None]) -> tuple[int, list[str]]:
    """Run ``argv`` (environment inherited), pass each output line to ``sink``.

    Returns the exit code and the last lines. stderr is merged into stdout, so the
    tail holds the builder's error message.
    """
    tail: deque[str] = deque(maxlen=TAIL_LINES)
    try:
        proc = subprocess.Popen(
            list(argv), stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
        )
    except OSError as exc:
        raise BuilderError(f"could not run {argv[0]}: {exc.strerror or exc}") from None
    assert proc.stdout is not None
    try:
        for line in proc.stdout:
            sink(line)
            tail.append(line.decode("utf-8", "replace").rstrip("\r\n"))
        code = proc.wait()
    except BaseException:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
        raise
    finally:
        proc.stdout.close()
    return code, list(tail)


def capture(argv: Sequence[str], what: str) -> bytes:
    """Run a short builder command; its stdout, or a BuilderError."""
    try:
        done = subprocess.run(
            list(argv), stdin=subprocess.DEVNULL, capture_output=True, timeout=300, check=False
        )
    except subprocess.TimeoutExpired:
        raise BuilderError(f"`{what}` did not finish within 300 s") from None
    except OSError as exc:
        raise BuilderError(f"could not run {argv[0]}: {exc.strerror or exc}") from None
    if done.returncode != 0:
        tail = done.stderr.decode("utf-8", "replace").splitlines()[-TAIL_LINES:]
        raise BuilderError(failure_message(what, done.returncode, tail))
    return done.stdout


# -- the steps -------------------------------------------------------------------------------


class Ui(Protocol):
    """Where the runner reports: status lines, the builder's output, reports, results."""

    def start(self, number: int, title: str) -> None: ...
    def finish(self, number: int, ok: bool, detail: str) -> None: ...
    def output(self, line: bytes) -> None: ...
    def report(self, report: Report) -> None: ...
    def result(self, text: str) -> None: ...


class BuildOptions:
    __slots__ = ("builder", "lint", "manifest", "push", "settings", "spec", "which")

    def __init__(
        self,
        spec: BuildSpec,
        settings: Settings,
        builder: Builder | None = None,
        lint: bool = True,
        manifest: str | None = None,
        push: bool = False,
        which: Which = shutil.which,
    ) -> None:
        self.spec = spec
        self.settings = settings
        """Lint settings; their build args and target are the builder's."""
        self.builder = builder
        self.lint = lint
        self.manifest = manifest
        self.push = push
        self.which = which


class BuildResult:
    __slots__ = ("exit_code", "image_id", "manifest", "pushed")

    def __init__(
        self,
        exit_code: int,
        image_id: str | None = None,
        manifest: str | None = None,
        pushed: dict[str, str | None] | None = None,
    ) -> None:
        self.exit_code = exit_code
        self.image_id = image_id
        self.manifest = manifest
        self.pushed: dict[str, str | None] = {} if pushed is None else pushed


def default_manifest_path(dockerfile: str) -> str:
    from v6port.manifest import MANIFEST_NAME

    return os.path.join(os.path.dirname(os.path.abspath(dockerfile)), MANIFEST_NAME)


def run(options: BuildOptions, ui: Ui) -> BuildResult:
    """The five steps; returns the exit code (0 built and verified, 1 lint or verification
    failed). A missing or failing builder raises BuilderError (exit 2)."""
    spec = options.spec
    if options.push and not spec.tags:
        raise UsageError("--push needs at least one --tag: the name to push to")
    if not os.path.isdir(spec.context):
        raise UsageError(f"{spec.context}: build context is not a directory")
    if not os.path.isfile(spec.dockerfile):
        raise UsageError(f"{spec.dockerfile}: no such Dockerfile")
    from v6port.config import parse_build_args

    args = parse_build_args(spec.build_args)
    settings = options.settings._replace(build_args=args, target=spec.target)
    manifest_path = options.manifest or default_manifest_path(spec.dockerfile)
    builder, executable = resolve_builder(options.builder, options.which)

    # 1: the lint gate.
    ui.start(1, f"Lint {spec.dockerfile}")
    if not options.lint:
        ui.finish(1, True, "skipped (--no-lint)")
    else:
        report = lint_gate(spec.dockerfile, settings)
        if report.findings or report.errors:
            ui.report(report)
        if report.exit_code:
            ui.finish(1, False, "lint failed: not building")
            return BuildResult(report.exit_code)
        ui.finish(1, True, _count(report))

    # 2: build.
    with tempfile.TemporaryDirectory(prefix="v6port-build-") as scratch:
        iidfile = os.path.join(scratch, "iid")
        buildx = builder == "docker" and has_buildx(executable)
        argv = build_argv(builder, spec, executable=executable, buildx=buildx, iidfile=iidfile)
        shown = " ".join([builder, *argv[1 : 3 if buildx else 2]])
        ui.start(2, f"Build with {shown}")
        code, tail = stream(argv, ui.output)
        if code != 0:
            ui.finish(2, False, f"{builder} exited with {code}")
            raise BuilderError(failure_message(shown, code, tail))
        image_id = _read_text(iidfile) or (spec.tags[0] if spec.tags else None)
        if not image_id:
            raise BuilderError(f"`{shown}` succeeded but reported no image ID and no tag was given")
        ui.finish(2, True, f"image {_short(image_id)}")

    # 3: read the image back and judge it against the Dockerfile.
    ui.start(3, f"Verify the image ({' '.join(inspect_argv(builder, image_id)[:-2])})")
    subject = spec.tags[0] if spec.tags else _short(image_id)
    image_decl = read_back(builder, executable, image_id, subject)
    dockerfile_manifest, dockerfile_decl = dockerfile_manifest_for(
        spec.dockerfile, args, spec.target, manifest_path
    )
    report, failed = verify(image_decl, dockerfile_decl, settings)
    if report.findings:
        ui.report(report)
    if failed:
        ui.finish(3, False, "the image fails verification")
        return BuildResult(1, image_id)
    ui.finish(3, True, _count(report))

    # 4: the manifest, from the image; it must agree with the Dockerfile's.
    ui.start(4, f"Write {manifest_path}")
    image_manifest, difference = manifest_from_image(image_decl, dockerfile_manifest)
    if difference:
        ui.finish(4, False, "the image's ports differ from the Dockerfile's: manifest not written")
        for line in difference:
            ui.result(f"  {line}")
        return BuildResult(1, image_id)
    from v6port.fsutil import atomic_write

    try:
        atomic_write(manifest_path, image_manifest.to_json())
    except OSError as exc:
        raise UsageError(f"{manifest_path}: cannot write: {exc.strerror or exc}") from None
    ui.finish(4, True, f"{len(image_manifest.ports)} port(s)")

    # 5: push.
    result = BuildResult(0, image_id, manifest_path)
    if not options.push:
        ui.start(5, "Push")
        ui.finish(5, True, "skipped (no --push)")
        return result
    ui.start(5, f"Push with {builder} push")
    for tag in spec.tags:
        result.pushed[tag] = push(builder, executable, tag, ui)
        ui.result(f"pushed {tag}@{result.pushed[tag] or '(digest unknown)'}")
    ui.finish(5, True, f"{len(spec.tags)} tag(s)")
    return result


def _short(image_id: str) -> str:
    """sha256:<12 hex>, as builders show image IDs; anything else as it is."""
    algorithm, colon, hexdigits = image_id.partition(":")
    return f"{algorithm}:{hexdigits[:12]}" if colon and len(hexdigits) > 12 else image_id


def _count(report: Report) -> str:
    n = len(report.findings)
    return "clean" if n == 0 else f"{n} finding{'s' if n != 1 else ''} below --fail-on"


def _read_text(path: str) -> str | None:
    try:
        with open(path, encoding="utf-8") as fh:
            return fh.read().strip() or None
    except OSError:
        return None


def lint_gate(dockerfile: str, settings: Settings) -> Report:
    from v6port.lint import lint_one, read_input

    report = Report()
    try:
        name, data = read_input(dockerfile, None)
    except (OSError, ValueError) as exc:
        raise UsageError(f"{dockerfile}: cannot read: {exc}") from None
    report.checked.append(name)
    lint_one(name, data, settings, report, keep=True)
    return report


def read_back(builder: Builder, executable: str, image: str, subject: str) -> Declaration:
    from v6port.sources.image.inspect_json import parse_inspect
    from v6port.sources.image.manifests import DocumentError
    from v6port.sources.image_config import declaration_from_config

    what = " ".join(inspect_argv(builder, image)[:-2])
    data = capture(inspect_argv(builder, image, executable=executable), what)
    try:
        digest, config = parse_inspect(data)
        return declaration_from_config(subject, config, digest)
    except DocumentError as exc:
        raise BuilderError(f"`{what}` output unusable: {exc.reason}") from None
    except ValueError as exc:
        raise BuilderError(f"{subject}: unusable image config: {exc}") from None


def dockerfile_manifest_for(
    dockerfile: str, args: dict[str, str], target: str | None, manifest_path: str
) -> tuple[Manifest, Declaration]:
    """What ``v6port manifest DOCKERFILE -o MANIFEST`` would write, and its Declaration."""
    from v6port.manifest import manifest_for_source

    return manifest_for_source(dockerfile, args, target, None, manifest_path)


def verify(image: Declaration, dockerfile: Declaration, settings: Settings) -> tuple[Report, bool]:
    """Judge the image with the rules and the Dockerfile cross-check (V6P022).

    Fails on findings at or above fail-on, and on any V6P022 whatever its severity:
    an image that differs from its Dockerfile is not what was reviewed.
    """
    from v6port import engine
    from v6port.sources.image_config import compare_with_dockerfile

    compare_with_dockerfile(image, dockerfile)
    findings = engine.judge(image, settings)
    failed = engine.failing(findings, settings.fail_on) or any(f.code == "V6P022" for f in findings)
    return Report(findings=findings, checked=[image.subject], failed=failed), failed


def manifest_from_image(
    image: Declaration, dockerfile_manifest: Manifest
) -> tuple[Manifest, list[str]]:
    """The image's manifest under the Dockerfile's source, and how its ports differ."""
    from v6port.manifest import diff, from_declaration

    manifest = from_declaration(image, dockerfile_manifest.source)
    return manifest, diff(dockerfile_manifest, manifest).lines()


def push(builder: Builder, executable: str, tag: str, ui: Ui) -> str | None:
    """Push one tag with the builder; the pushed manifest digest."""
    with tempfile.TemporaryDirectory(prefix="v6port-push-") as scratch:
        digestfile = os.path.join(scratch, "digest") if builder != "docker" else None
        argv = push_argv(builder, tag, executable=executable, digestfile=digestfile)
        lines: list[str] = []

        def sink(line: bytes) -> None:
            ui.output(line)
            lines.append(line.decode("utf-8", "replace"))

        code, tail = stream(argv, sink)
        if code != 0:
            raise BuilderError(failure_message(f"{builder} push {tag}", code, tail))
        if digestfile:
            return _read_text(digestfile)
        return parse_push_digest("".join(lines))


# -- user interfaces -------------------------------------------------------------------------


class PlainUi:
    """Status lines as plain text: for logs and CI."""

    def __init__(self, status: Any, out: Any) -> None:
        self.status = status
        self.out = out

    def start(self, number: int, title: str) -> None:
        self.status.write(f"v6port build [{number}/{STEPS}] {title}\n")
        self.status.flush()

    def finish(self, number: int, ok: bool, detail: str) -> None:
        mark = "ok" if ok else "FAILED"
        self.status.write(f"v6port build [{number}/{STEPS}] {mark}: {detail}\n")
        self.status.flush()

    def output(self, line: bytes) -> None:
        buffer = getattr(self.status, "buffer", None)
        if buffer is not None:
            self.status.flush()
            buffer.write(line)
            buffer.flush()
        else:
            self.status.write(line.decode("utf-8", "replace"))

    def report(self, report: Report) -> None:
        from v6port.reporters import get

        get("text")(report, self.out)
        self.out.flush()

    def result(self, text: str) -> None:
        self.out.write(text + "\n")
        self.out.flush()


class RichUi(PlainUi):
    """Status lines styled with rich, for a terminal."""

    def __init__(self, status: Any, out: Any) -> None:
        super().__init__(status, out)
        from rich.console import Console

        self.console = Console(file=status, highlight=False)

    def start(self, number: int, title: str) -> None:
        from rich.markup import escape

        self.console.print(
            f"[bold cyan]({number}/{STEPS})[/] [bold]{escape(title)}[/]", soft_wrap=True
        )

    def finish(self, number: int, ok: bool, detail: str) -> None:
        from rich.markup import escape

        mark = "[green]✔[/]" if ok else "[bold red]✘[/]"
        self.console.print(f"{mark} [dim]({number}/{STEPS})[/] {escape(detail)}", soft_wrap=True)
