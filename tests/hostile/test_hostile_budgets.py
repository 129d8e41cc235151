"""Hostile input, round two: the run's budgets (tests/hostile/budgets.yaml), and the pack's
atomicity on a full disk, a folder in the way and SIGTERM.

Each case runs as its own `python -m briefgen` process, so that what it costs can be
measured: wall time, the memory its processes hold together (polled from /proc), the files
left in its private $TMPDIR. One case runs by its id:
`pytest tests/test_hostile_budgets.py -k logo-png-bomb-30000`.
"""

from __future__ import annotations

import functools
import os
import shutil
import signal
import subprocess
import sys
import time
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from harness import SPEC, fill_workspace, manifest_entries, snapshot
from support import REPO

AS_OF = "2026-06-01"
MEETING = "meetings/2024-02-28-th-us-2plus2.yaml"
MAX_RSS_BYTES = 1024**3
HARD_SECONDS = 60

pytestmark = pytest.mark.slow


# -- Generated inputs ---------------------------------------------------------------------


@functools.cache
def _png_of_zeros(side: int) -> bytes:
    """A grey PNG of side x side black pixels: tiny on disk, side² bytes decoded."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return len(data).to_bytes(4, "big") + body + zlib.crc32(body).to_bytes(4, "big")

    packer = zlib.compressobj(9)
    row = b"\0" * (side + 1)
    rows = b"".join(packer.compress(row) for _ in range(side)) + packer.flush()
    header = side.to_bytes(4, "big") * 2 + bytes([8, 0, 0, 0, 0])
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", rows) + chunk(b"IEND", b"")
    )


def _nested_use(path: Path) -> None:
    """Ten <use> of the level below on each of nine levels: 10**9 rectangles if expanded."""
    lines = [
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"'
        ' width="40" height="40"><defs><rect id="l0" width="1" height="1"/>'
    ]
    for level in range(1, 10):
        uses = "".join(f'<use xlink:href="#l{level - 1}" x="{i}"/>' for i in range(10))
        lines.append(f'<g id="l{level}">{uses}</g>')
    lines.append('</defs><use xlink:href="#l9"/></svg>')
    path.write_text("\n".join(lines))


def _commitments(count: int, length: int) -> Callable[[Path], None]:
    def generate(path: Path) -> None:
        head = path.read_text(encoding="utf-8").split("commitments:")[0]
        items = []
        for number in range(count):
            text = f"Commitment {number} to review the joint work plan. " * (length // 40 + 1)
            items.append(f'  - by: US\n    text: "{text[:length].strip()}"\n    status: open\n')
        path.write_text(head + "commitments:\n" + "".join(items), encoding="utf-8")

    return generate


GENERATORS: dict[str, Callable[[Path], None]] = {
    "png-13000": lambda p: p.write_bytes(_png_of_zeros(13_000)),
    "png-30000": lambda p: p.write_bytes(_png_of_zeros(30_000)),
    "svg-nested-use": _nested_use,
    "commitments-2000": _commitments(2_000, 60),
    "commitments-10000": _commitments(10_000, 60),
    "commitments-100-long": _commitments(100, 19_000),
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
    files: dict[str, str] = field(default_factory=dict)
    text: dict[str, str] = field(default_factory=dict)
    generate: dict[str, str] = field(default_factory=dict)
    symlink: dict[str, str] = field(default_factory=dict)
    mkdir: list[str] = field(default_factory=list)
    env: dict[str, str] = field(default_factory=dict)
    seconds: float = HARD_SECONDS


def load_cases() -> list[Case]:
    return [Case(**entry) for entry in manifest_entries("budgets.yaml")]


CASES = load_cases()


def test_manifest_is_sound() -> None:
    names = [case.name for case in CASES]
    assert len(set(names)) == len(names), "case names must be unique"
    for case in CASES:
        assert case.exit in (0, 1), case.name
        assert case.exit == 0 or case.where, f"{case.name}: a failing case must say where"
        assert case.seconds <= HARD_SECONDS, case.name
        for generator in case.generate.values():
            assert generator in GENERATORS, f"{case.name}: no generator {generator}"


def prepare(case: Case, root: Path) -> None:
    root.mkdir(parents=True)
    shutil.copytree(SPEC, root / "ws")
    for name in case.mkdir:
        (root / name).mkdir(parents=True)
    fill_workspace(case, root, GENERATORS)


def command_line(case: Case) -> list[str]:
    args = case.run.split()
    args += ["--data", "ws"]
    if args[0] == "make":
        args += ["--out", "out", "--as-of", AS_OF]
    return [sys.executable, "-m", "briefgen", *args]


# -- Measuring a run ------------------------------------------------------------------------


def process_tree_rss(pid: int) -> int:
    """Resident memory of pid and all its descendants, in bytes (0 once it is gone)."""
    total, pending = 0, [pid]
    while pending:
        current = pending.pop()
        try:
            with open(f"/proc/{current}/status", encoding="ascii") as status:
                for line in status:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1]) * 1024
            for task in os.listdir(f"/proc/{current}/task"):
                with open(f"/proc/{current}/task/{task}/children", encoding="ascii") as kids:
                    pending += [int(k) for k in kids.read().split()]
        except (OSError, ValueError):
            continue
    return total


@dataclass
class Run:
    code: int
    output: str
    seconds: float
    peak_rss: int


def run_measured(args: list[str], cwd: Path, env: dict[str, str], limit: float) -> Run:
    started = time.monotonic()
    process = subprocess.Popen(
        args, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    )
    peak = 0
    try:
        while process.poll() is None:
            peak = max(peak, process_tree_rss(process.pid))
            if time.monotonic() - started > limit:
                process.kill()
                break
            time.sleep(0.05)
        output, _ = process.communicate(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
    elapsed = time.monotonic() - started
    return Run(process.wait(), output.decode("utf-8", "replace"), elapsed, peak)


def subprocess_env(tmpdir: Path, extra: dict[str, str] | None = None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("BRIEFGEN_")}
    env["PYTHONPATH"] = str(REPO) + os.pathsep + env.get("PYTHONPATH", "")
    env.update({"NO_COLOR": "1", "COLUMNS": "200", "TMPDIR": str(tmpdir)})
    env.update(extra or {})
    return env


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_budget_case(case: Case, tmp_path: Path) -> None:
    root, tmpdir = tmp_path / "case", tmp_path / "tmp"
    tmpdir.mkdir()
    prepare(case, root)
    before = snapshot(root, {root / "out"})
    run = run_measured(
        command_line(case), root, subprocess_env(tmpdir, case.env), HARD_SECONDS + 30
    )
    if os.environ.get("BRIEFGEN_HOSTILE_REPORT"):
        with open(os.environ["BRIEFGEN_HOSTILE_REPORT"], "a", encoding="utf-8") as report:
            report.write(
                f"{case.name}: exit {run.code}, {run.seconds:.1f} s, "
                f"{run.peak_rss / 1024**2:.0f} MB\n"
            )
    problems = []
    if run.code != case.exit:
        problems.append(f"exit code {run.code}, expected {case.exit}")
    if "Traceback" in run.output:
        problems.append("a traceback reached the user")
    if run.seconds > case.seconds:
        problems.append(f"took {run.seconds:.1f} s, more than {case.seconds} s")
    if run.peak_rss >= MAX_RSS_BYTES:
        problems.append(f"its processes held {run.peak_rss / 1024**2:.0f} MB together")
    if case.where and case.where not in run.output:
        problems.append(f"no message naming {case.where!r}")
    problems += [f"no message with {text!r}" for text in case.expect if text not in run.output]
    problems += [f"the output shows {text!r}" for text in case.absent if text in run.output]
    left = sorted(p.name for p in tmpdir.iterdir())
    if left:
        problems.append(f"temporary files left in $TMPDIR: {left}")
    out = root / "out"
    if out.is_dir():
        partial = [p.name for p in out.iterdir() if p.name.startswith(".briefgen-")]
        if partial:
            problems.append(f"temporary files left in out/: {partial}")
        if case.exit == 0 and case.run.startswith("make") and len(list(out.iterdir())) != 7:
            problems.append(f"expected the 7 files of a pack, found {sorted(os.listdir(out))}")
    after = snapshot(root, {root / "out"})
    changed = sorted(k for k in before.keys() | after.keys() if before.get(k) != after.get(k))
    if changed:
        problems.append(f"files created or changed outside out/: {changed}")
    if problems:
        shown = run.output if len(run.output) < 3000 else run.output[-3000:]
        pytest.fail("\n".join([*problems, "output was:", shown]), pytrace=False)


# -- The pack: whole or not at all ------------------------------------------------------------


def make_args(out: Path) -> list[str]:
    return [
        sys.executable,
        "-m",
        "briefgen",
        "make",
        "-c",
        "US",
        "--data",
        "ws",
        "--out",
        str(out),
        "--as-of",
        AS_OF,
    ]


def read_pack(out: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(out.iterdir()) if p.is_file()}


def first_pack(root: Path, out: Path, env: dict[str, str], *extra: str) -> dict[str, bytes]:
    done = subprocess.run([*make_args(out), *extra], cwd=root, env=env, capture_output=True)
    assert done.returncode == 0, done.stderr.decode()
    pack = read_pack(out)
    assert len(pack) == 7
    return pack


def test_a_folder_in_the_way_changes_no_file(tmp_path: Path) -> None:
    shutil.copytree(SPEC, tmp_path / "ws")
    env = subprocess_env(tmp_path)
    out = tmp_path / "out"
    earlier = first_pack(tmp_path, out, env, "--draft")
    last = sorted(earlier)[-1]  # not the first file written: the others come before it
    (out / last).unlink()
    (out / last).mkdir()
    (out / last / "keep.txt").write_text("a folder where a file of the pack goes")
    done = subprocess.run(make_args(out), cwd=tmp_path, env=env, capture_output=True)
    message = done.stdout.decode() + done.stderr.decode()
    assert done.returncode == 1, message
    assert f"{out / last} is a folder; move it away" in message
    assert "Traceback" not in message
    now = read_pack(out)
    assert now == {name: data for name, data in earlier.items() if name != last}
    assert not [p for p in out.iterdir() if p.name.startswith(".briefgen-")]


@pytest.fixture
def small_disk(tmp_path: Path) -> Any:
    """A 4 MB tmpfs (root only): room for a pack (its DOCX files carry their fonts) and its
    temporaries; the test fills what is left."""
    mount = tmp_path / "disk"
    mount.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", str(mount)], capture_output=True
    )
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.decode().strip()}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], capture_output=True)


def test_a_full_disk_leaves_the_earlier_pack_whole(tmp_path: Path, small_disk: Path) -> None:
    shutil.copytree(SPEC, tmp_path / "ws")
    env = subprocess_env(tmp_path)
    out = small_disk / "out"
    earlier = first_pack(tmp_path, out, env, "--draft")
    # Fill the disk but for a little: the next pack's temporaries cannot all be written.
    filler = small_disk / "filler"
    free = shutil.disk_usage(small_disk).free
    filler.write_bytes(b"\0" * max(free - 60 * 1024, 0))
    done = subprocess.run(make_args(out), cwd=tmp_path, env=env, capture_output=True)
    message = done.stdout.decode() + done.stderr.decode()
    assert done.returncode == 1, message
    assert "the earlier files are unchanged" in message
    assert "Traceback" not in message
    assert read_pack(out) == earlier  # the draft pack, whole
    assert not [p for p in out.iterdir() if p.name.startswith(".briefgen-")]
    filler.unlink()
    now = first_pack(tmp_path, out, env)  # with room again: the whole new pack
    assert all(now[name] != earlier[name] for name in now if name.endswith(".pdf"))


def test_sigterm_leaves_no_font_folder(tmp_path: Path) -> None:
    shutil.copytree(SPEC, tmp_path / "ws")
    tmpdir = tmp_path / "tmp"
    tmpdir.mkdir()
    env = subprocess_env(tmpdir)
    out = tmp_path / "out"
    started = time.monotonic()
    first_pack(tmp_path, out, env)
    duration = time.monotonic() - started
    assert not list(tmpdir.iterdir())
    earlier = read_pack(out)
    for fraction in (0.5, 0.7, 0.85):
        run = subprocess.Popen(make_args(out), cwd=tmp_path, env=env, stderr=subprocess.PIPE)
        time.sleep(duration * fraction)
        run.send_signal(signal.SIGTERM)
        _, stderr = run.communicate(timeout=60)
        assert "Traceback" not in stderr.decode()
        assert not list(tmpdir.iterdir()), f"SIGTERM at {fraction:.0%} left {os.listdir(tmpdir)}"
        now = read_pack(out)
        assert set(now) == set(earlier)
        earlier = now
