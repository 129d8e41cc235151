"""Hostile and broken input: the corpus in tests/hostile/cases.yaml, run through the CLI, and
the output folder's atomicity under failure, SIGKILL and two runs at once.

For every case: the expected exit code, no traceback, a message naming the file (and line);
nothing created or changed outside the output folder; no read of the canary beside the
workspace or of /etc/passwd, /etc/hostname, /etc/shadow; no network access (an audit hook
watches `open` and the socket and urllib events while the case runs).
"""

from __future__ import annotations

import base64
import io
import os
import re
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from harness import HOSTILE, SPEC, fill_workspace, manifest_entries, snapshot
from support import REPO
from typer.testing import CliRunner, Result

from briefgen.ui import console

CANARY = "CANARY-7f3c2a: this file lies outside the workspace and must never be read"
AS_OF = "2026-06-01"
FORBIDDEN_FILES = {Path("/etc/passwd"), Path("/etc/hostname"), Path("/etc/shadow")}
# `validate`'s record cache: the one folder a command writes in the workspace. Its files are
# opened by bare name relative to the folder's descriptor (never through a link), so the
# audit hook sees only the name.
RECORD_CACHE = ".briefgen-cache"
RECORD_CACHE_NAME = re.compile(r"\.?(records\.json|\.gitignore|CACHEDIR\.TAG)(\.\d+\.\w+\.tmp)?")
NETWORK_EVENTS = (
    "socket.connect",
    "socket.getaddrinfo",
    "socket.gethostbyname",
    "socket.gethostbyaddr",
    "urllib.Request",
    "http.client.connect",
)


# -- Generated inputs, too big to commit ----------------------------------------------------

MEETING_HEAD = "id: {id}\ntitle: T\nparties: [TH, US]\ndate: 2024-01-10\nstatus: held\n"


def _record_50mb(path: Path) -> None:
    line = b"# padding padding padding padding padding padding padding padding padding\n"
    with path.open("wb") as handle:
        handle.write(MEETING_HEAD.format(id="huge").encode())
        handle.write(line * (50 * 1024 * 1024 // len(line) + 1))
    with path.open("r+b") as handle:
        handle.truncate(50 * 1024 * 1024)


def _nesting_flow(path: Path) -> None:
    path.write_text("title: " + "[" * 10_000 + "]" * 10_000 + "\n")


def _nesting_block(path: Path) -> None:
    path.write_text("id: deep\nobjectives:\n" + "- " * 10_000 + "x\n")


def _nesting_mappings(path: Path) -> None:
    path.write_text("title: " + "{a: " * 10_000 + "x" + "}" * 10_000 + "\n")


def _text_1mb(path: Path) -> None:
    words = ("lorem ipsum " * 90_000)[:1_000_000]
    path.write_text(MEETING_HEAD.format(id="long").replace("title: T", f"title: {words}"))


def _many_values(path: Path) -> None:
    path.write_text(MEETING_HEAD.format(id="many") + "objectives:\n" + "- x\n" * 300_000)


def _huge_number(path: Path) -> None:
    path.write_text(MEETING_HEAD.format(id="number") + "ordinal: " + "9" * 5000 + "\n")


def _template_3mb(path: Path) -> None:
    path.write_text('{% extends "layouts/brief.html.j2" %}\n{# ' + "x" * 3 * 1024 * 1024 + " #}\n")


def _png(width: int, height: int) -> bytes:
    """A valid grey PNG, without Pillow: big when large, since rows of noise do not compress."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return len(data).to_bytes(4, "big") + body + zlib.crc32(body).to_bytes(4, "big")

    rows = b"".join(b"\0" + os.urandom(width) for _ in range(height))
    header = width.to_bytes(4, "big") + height.to_bytes(4, "big") + bytes([8, 0, 0, 0, 0])
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows, 0))
        + chunk(b"IEND", b"")
    )


def _letterhead_with(png: bytes) -> str:
    data = base64.b64encode(png).decode()
    return (
        f'<div class="letterhead"><img src="data:image/png;base64,{data}" width="10">'
        '<p class="ministry">{{ header.ministry }}</p></div>\n'
    )


GENERATORS: dict[str, Callable[[Path], object]] = {
    "record-50mb": _record_50mb,
    "nesting-flow": _nesting_flow,
    "nesting-block": _nesting_block,
    "nesting-mappings": _nesting_mappings,
    "text-1mb": _text_1mb,
    "many-values": _many_values,
    "huge-number": _huge_number,
    "template-3mb": _template_3mb,
    "theme-big-data-url": lambda p: p.write_text(
        'body { background-image: url("data:image/png;base64,'
        + base64.b64encode(_png(1800, 1800)).decode()
        + '"); }\n'
    ),
    "letterhead-small-data-url": lambda p: p.write_text(_letterhead_with(_png(8, 8))),
}


# -- The manifest ---------------------------------------------------------------------------


@dataclass
class Case:
    name: str
    what: str
    run: str
    exit: int = 1
    where: str | None = None
    expect: list[str] = field(default_factory=list)
    absent: list[str] = field(default_factory=list)
    docx: list[str] = field(default_factory=list)
    files: dict[str, str] = field(default_factory=dict)
    text: dict[str, str] = field(default_factory=dict)
    generate: dict[str, str] = field(default_factory=dict)
    symlink: dict[str, str] = field(default_factory=dict)
    remove: list[str] = field(default_factory=list)
    seconds: float = 30


def load_cases() -> list[Case]:
    return [Case(**entry) for entry in manifest_entries("cases.yaml")]


CASES = load_cases()


def test_manifest_is_sound() -> None:
    names = [case.name for case in CASES]
    assert len(names) >= 50
    assert len(set(names)) == len(names), "case names must be unique"
    for case in CASES:
        assert case.exit in (0, 1), case.name
        assert case.exit == 0 or case.where, f"{case.name}: a failing case must say where"
        for source in case.files.values():
            assert (HOSTILE / "files" / source).is_file(), f"{case.name}: {source} is missing"
        for generator in case.generate.values():
            assert generator in GENERATORS, f"{case.name}: no generator {generator}"


# -- Watching what a run opens -----------------------------------------------------------------


class _Audit:
    """Records file opens and network events while `active`. Audit hooks cannot be removed,
    so one hook is installed for the session and switched on and off. A run does part of its
    work in forked children (render/aside.py), whose hook is a copy of this one: they append
    their events to a file shared with this process, read back at `stop`."""

    def __init__(self) -> None:
        self.active = False
        self.opened: list[Any] = []
        self.network: list[str] = []
        self.pid = os.getpid()
        self.shared = -1
        self.log = ""
        sys.addaudithook(self.hook)

    def hook(self, event: str, args: tuple[Any, ...]) -> None:
        if not self.active:
            return
        if event == "open":
            if isinstance(args[0], int):
                return
            entry = ("open", os.fsdecode(args[0]))
        elif event in NETWORK_EVENTS:
            entry = ("network", f"{event}{args!r}"[:200])
        else:
            return
        if os.getpid() == self.pid:
            (self.opened if entry[0] == "open" else self.network).append(entry[1])
        else:  # a forked child: os.write raises no audit event of its own
            line = "\t".join(entry).replace("\n", " ") + "\n"
            os.write(self.shared, line.encode("utf-8", "surrogateescape"))

    def start(self) -> None:
        descriptor, self.log = tempfile.mkstemp(prefix="briefgen-audit-")
        os.close(descriptor)
        self.shared = os.open(self.log, os.O_WRONLY | os.O_APPEND)
        self.opened, self.network, self.active = [], [], True

    def stop(self) -> None:
        self.active = False
        os.close(self.shared)
        with open(self.log, "rb") as handle:
            for line in handle.read().decode("utf-8", "surrogateescape").splitlines():
                kind, _, value = line.partition("\t")
                (self.opened if kind == "open" else self.network).append(value)
        os.unlink(self.log)


_AUDIT: _Audit | None = None


def audit() -> _Audit:
    global _AUDIT
    if _AUDIT is None:
        _AUDIT = _Audit()
    return _AUDIT


def test_the_watch_covers_forked_children(tmp_path: Path) -> None:
    target = tmp_path / "read-by-a-child.txt"
    target.write_text("x", encoding="utf-8")
    watcher = audit()
    watcher.start()
    try:
        pid = os.fork()
        if pid == 0:
            try:
                target.read_text(encoding="utf-8")
            finally:
                os._exit(0)
        os.waitpid(pid, 0)
    finally:
        watcher.stop()
    assert str(target) in watcher.opened


def forbidden_reads(opened: list[Any], root: Path) -> list[str]:
    """Opened paths that are the canary, a protected system file, or inside the case folder
    but outside the workspace and the output folder."""
    allowed = [(root / "ws").resolve(), (root / "out").resolve()]
    bad = []
    for item in opened:
        if isinstance(item, int):
            continue
        path = Path(os.fsdecode(item))
        if RECORD_CACHE_NAME.fullmatch(str(path)):
            path = root / "ws" / RECORD_CACHE / path
        path = (root / path) if not path.is_absolute() else path
        real = path.resolve()
        inside_case = real.is_relative_to(root.resolve())
        if real in FORBIDDEN_FILES or (
            inside_case and not any(real.is_relative_to(a) for a in allowed)
        ):
            bad.append(f"{path} -> {real}")
    return sorted(set(bad))


# -- Running a case ----------------------------------------------------------------------------


def prepare(case: Case, root: Path) -> None:
    root.mkdir(parents=True)
    shutil.copytree(SPEC, root / "ws")
    (root / "secret.txt").write_text(CANARY + "\n")
    for name in case.remove:
        (root / "ws" / name).unlink()
    fill_workspace(case, root, GENERATORS)


def command_line(case: Case) -> list[str]:
    args = shlex.split(case.run)
    if "--data" not in args:
        args += ["--data", "ws"]
    if args[0] == "make":
        if "--out" not in args:
            args += ["--out", "out"]
        if "--as-of" not in args:
            args += ["--as-of", AS_OF]
    return args


class CaseTimeout(BaseException):
    """Raised by the alarm when a case runs far past its limit (BaseException: not caught)."""


@pytest.fixture
def invoke(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[[list[str]], Result]]:
    from briefgen.cli import app

    for name in ("FORCE_COLOR", "TTY_COMPATIBLE", "TTY_INTERACTIVE", "BRIEFGEN_DATA"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("COLUMNS", "200")
    monkeypatch.setenv("NO_COLOR", "1")
    runner = CliRunner()

    def run(args: list[str]) -> Result:
        console.out_console.cache_clear()
        console.err_console.cache_clear()
        return runner.invoke(app, args)

    yield run
    console.out_console.cache_clear()
    console.err_console.cache_clear()


def document_texts(out: Path) -> dict[str, str]:
    """The text of every output file: PDFs through pypdf, DOCX through python-docx (which
    also proves that each opens)."""
    from docx import Document
    from pypdf import PdfReader

    texts = {}
    for path in sorted(out.iterdir()):
        if path.suffix == ".pdf":
            reader = PdfReader(io.BytesIO(path.read_bytes()))
            texts[path.name] = "\n".join(page.extract_text() or "" for page in reader.pages)
        elif path.suffix == ".docx":
            texts[path.name] = docx_text(Document(str(path)))
    return texts


def docx_text(document: Any) -> str:
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    for section in document.sections:
        parts += [p.text for p in section.header.paragraphs + section.footer.paragraphs]
    return "\n".join(parts)


def check_case(case: Case, root: Path, invoke: Callable[[list[str]], Result]) -> list[str]:
    """Run one case in root; the list of what went wrong (empty when all is well)."""
    problems: list[str] = []
    before = snapshot(root, {root / "out"}, skip={RECORD_CACHE})
    watcher = audit()

    def alarm(*_: Any) -> None:
        raise CaseTimeout

    previous = signal.signal(signal.SIGALRM, alarm)
    signal.setitimer(signal.ITIMER_REAL, case.seconds * 3 + 30)
    started = time.monotonic()
    watcher.start()
    try:
        result = invoke(command_line(case))
    except CaseTimeout:
        return [f"still running after {case.seconds * 3 + 30:.0f} s"]
    finally:
        watcher.stop()
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    elapsed = time.monotonic() - started
    output = result.output

    if result.exit_code != case.exit:
        problems.append(f"exit code {result.exit_code}, expected {case.exit}")
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        problems.append(f"raised {type(result.exception).__name__}: {result.exception}")
    if "Traceback" in output:
        problems.append("a traceback reached the user")
    if elapsed > case.seconds:
        problems.append(f"took {elapsed:.1f} s, more than {case.seconds} s")
    if case.where and case.where not in output:
        problems.append(f"no message naming {case.where!r}")
    problems += [f"no message with {text!r}" for text in case.expect if text not in output]

    files: dict[str, str] = {}
    out = root / "out"
    if case.exit == 0 and case.run.startswith("make"):
        try:
            files = document_texts(out)
        except Exception as exc:  # a file that does not open is what this test is for
            problems.append(f"an output file does not open: {type(exc).__name__}: {exc}")
        if sum(name.endswith(".docx") for name in files) != 3:
            problems.append(f"expected 3 DOCX files in out/, found {sorted(files)}")
        docx_all = "\n".join(t for n, t in files.items() if n.endswith(".docx"))
        problems += [f"the DOCX lacks {text!r}" for text in case.docx if text not in docx_all]
    for text in [*case.absent, CANARY]:
        if text in output:
            problems.append(f"the output shows {text!r}")
        problems += [f"{name} shows {text!r}" for name, t in files.items() if text in t]

    if out.exists() and out.is_dir():
        partial = [p.name for p in out.iterdir() if p.name.startswith(".briefgen-")]
        if partial:
            problems.append(f"temporary files left in out/: {partial}")
    after = snapshot(root, {root / "out"}, skip={RECORD_CACHE})
    changed = sorted(k for k in before.keys() | after.keys() if before.get(k) != after.get(k))
    if changed:
        problems.append(f"files created or changed outside out/: {changed}")
    reads = forbidden_reads(watcher.opened, root)
    if reads:
        problems.append(f"read outside the workspace: {reads}")
    if watcher.network:
        problems.append(f"network access: {watcher.network}")
    shown = output if len(output) < 3000 else output[:1500] + "\n…\n" + output[-1500:]
    if problems:
        problems.append(f"output was:\n{shown}")
    if os.environ.get("BRIEFGEN_HOSTILE_REPORT"):
        with open(os.environ["BRIEFGEN_HOSTILE_REPORT"], "a", encoding="utf-8") as handle:
            handle.write(f"--- {case.name} (exit {result.exit_code})\n{shown}\n")
    return problems


@pytest.mark.slow
@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_hostile_corpus(
    case: Case,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    invoke: Callable[[list[str]], Result],
) -> None:
    """One case of the corpus, through the CLI; one case runs by its id (`-k alias-bomb`)."""
    root = tmp_path / case.name
    prepare(case, root)
    started = time.monotonic()
    with monkeypatch.context() as patch:
        patch.chdir(root)
        problems = check_case(case, root, invoke)
    report = os.environ.get("BRIEFGEN_HOSTILE_REPORT")
    if report:
        with open(report, "a", encoding="utf-8") as handle:
            handle.write(
                f"{case.name}: {time.monotonic() - started:.2f} s {'FAIL' if problems else 'ok'}\n"
            )
    if problems:
        pytest.fail(f"[{case.name}] {case.what}\n  " + "\n  ".join(problems), pytrace=False)


# -- The output folder: failure, SIGKILL, two runs at once ---------------------------------------


def make_args(out: str = "out") -> list[str]:
    return ["make", "--data", "ws", "--counterpart", "US", "--out", out, "--as-of", AS_OF]


def read_outputs(out: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(out.iterdir()) if p.is_file()}


def assert_complete(out: Path) -> None:
    """Every file under a final name opens: no partial file ever carries a final name."""
    from docx import Document
    from pypdf import PdfReader

    for path in out.iterdir():
        if path.name.startswith(".briefgen-"):
            continue
        if path.suffix == ".pdf":
            assert len(PdfReader(io.BytesIO(path.read_bytes())).pages) >= 1, path.name
        elif path.suffix == ".docx":
            Document(str(path))
        else:
            raise AssertionError(f"unexpected file in the output folder: {path.name}")


def test_failed_run_keeps_earlier_outputs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, invoke: Callable[[list[str]], Result]
) -> None:
    shutil.copytree(SPEC, tmp_path / "ws")
    monkeypatch.chdir(tmp_path)
    first = invoke(make_args())
    assert first.exit_code == 0, first.output
    earlier = read_outputs(tmp_path / "out")
    assert len(earlier) == 7

    planned = tmp_path / "ws" / "meetings" / "2026-12-10-th-us-2plus2.yaml"
    planned.write_text(planned.read_text().replace("date: 2026-12-10", "date: 2026-02-30"))
    broken_record = invoke(make_args())
    assert broken_record.exit_code == 1
    assert "ws/meetings/2026-12-10-th-us-2plus2.yaml:4:7: date:" in broken_record.output
    assert read_outputs(tmp_path / "out") == earlier

    planned.write_text(planned.read_text().replace("date: 2026-02-30", "date: 2026-12-10"))
    template = tmp_path / "ws" / "templates" / "default" / "annex.html.j2"
    template.parent.mkdir(parents=True)
    template.write_text(
        '{% extends "layouts/annex.html.j2" %}\n'
        "{% block content %}{{ nothing.here }}{% endblock %}\n"
    )
    # The annex renders last: the brief and talking points are done when it fails.
    broken_template = invoke(make_args())
    assert broken_template.exit_code == 1
    assert "ws/templates/default/annex.html.j2:2:" in broken_template.output
    assert read_outputs(tmp_path / "out") == earlier


def subprocess_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "BRIEFGEN_DATA"}
    env["PYTHONPATH"] = str(REPO) + os.pathsep + env.get("PYTHONPATH", "")
    env["NO_COLOR"] = "1"
    return env


def start_make(cwd: Path, out: str = "out") -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "briefgen", *make_args(out)],
        cwd=cwd,
        env=subprocess_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


@pytest.mark.slow
def test_sigkill_leaves_every_file_whole(tmp_path: Path) -> None:
    shutil.copytree(SPEC, tmp_path / "ws")
    out = tmp_path / "out"
    started = time.monotonic()
    first = start_make(tmp_path)
    _, stderr = first.communicate(timeout=120)
    assert first.returncode == 0, stderr.decode()
    duration = time.monotonic() - started
    earlier = read_outputs(out)
    assert len(earlier) == 7

    # Kill at points spread over a run, the later ones where the files are being written.
    for fraction in (0.4, 0.7, 0.85, 0.95):
        run = start_make(tmp_path)
        time.sleep(duration * fraction)
        run.send_signal(signal.SIGKILL)
        run.wait(timeout=30)
        assert_complete(out)
        # A run killed while writing may leave a hidden temporary beside the files, which
        # a later run clears away once it is stale; the files under final names are whole.
        now = {
            name: data
            for name, data in read_outputs(out).items()
            if not name.startswith(".briefgen-")
        }
        assert set(now) == set(earlier), f"killed at {fraction:.0%}: files lost or added"
        earlier = now


@pytest.mark.slow
def test_two_runs_into_one_folder(tmp_path: Path) -> None:
    shutil.copytree(SPEC, tmp_path / "ws")
    runs = [start_make(tmp_path), start_make(tmp_path)]
    for run in runs:
        _, stderr = run.communicate(timeout=120)
        assert run.returncode == 0, stderr.decode()
    out = tmp_path / "out"
    assert_complete(out)
    assert len(read_outputs(out)) == 7
    assert not [p for p in out.iterdir() if p.name.startswith(".briefgen-")]


def test_long_words_get_break_points_only_in_text() -> None:
    """The PDF's long-word breaking touches text only, and never splits a character cluster."""
    from briefgen.render.longwords import ZWSP, break_long_runs

    url = "data:image/png;base64," + "A" * 400
    flags, zalgo, thai = "🇹🇭" * 150, "Z̸̢͚" * 100, "ก้" * 150
    html = (
        f'<!DOCTYPE html><html><head><style>body {{ background: url("{url}") }}</style></head>'
        f'<body><p title="{"t" * 300}">{"x" * 300}</p><p>{flags}</p><p>{zalgo}</p>'
        f"<p>{thai}</p><p>short words stay as they are</p></body></html>"
    )
    out = break_long_runs(html)
    assert url in out and f'title="{"t" * 300}"' in out
    assert ("x" * 16 + ZWSP) in out and "x" * 17 not in out
    for text in (flags, zalgo, thai):
        assert text in out.replace(ZWSP, "")
    pieces = out.split(ZWSP)
    assert all(not p.startswith(("\u0338", "\u0322", "\u035a", "\u0e49")) for p in pieces)
    assert all(not p.startswith("🇭") for p in pieces)  # never between a flag's two letters
    assert thai in out  # Thai is left to the line breaker
    assert break_long_runs("<p>short</p>") == "<p>short</p>"
