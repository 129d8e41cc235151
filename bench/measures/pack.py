"""Cold start and a whole cold pack: `briefgen --help`; `make --counterpart US` in Thai (the
English pack is timed beside the peer route, measures/peer.py); the memory of a whole pack."""

from __future__ import annotations

import tempfile
import time
from pathlib import Path
from typing import Any

from common import (
    AS_OF,
    ROOT,
    SEEDS,
    briefgen,
    check_exit,
    environment,
    repeated,
    summary,
    wall,
    warm_up,
)


def pack_args(lang: str, out: Path) -> list[str]:
    return briefgen("make", "--counterpart", "US", "--data", str(SEEDS), "--as-of", AS_OF,
                    "--lang", lang, "--out", str(out / f"pack-{lang}"))  # fmt: skip


def measure_help(runs: int) -> dict[str, Any]:
    warm_up(briefgen("--help"))  # byte-compile once, as an installed package is
    return repeated(runs, lambda: wall(briefgen("--help")))


def measure_thai_pack(runs: int, out: Path) -> dict[str, Any]:
    args = pack_args("th", out)
    warm_up(args)
    return summary([wall(args) for _ in range(runs)])


def measure_memory(runs: int, out: Path) -> dict[str, float]:
    """`make` runs its work in up to three processes at once (the talking points and annex,
    and the DOCX files, are made by forked children), so the memory of the whole process tree
    is sampled every 5 ms in runs of their own (not timed): the peak of the sum of their RSS
    (pages shared after the fork counted in each: an upper bound) and of their PSS (shared
    pages split between them), and the largest single process's RSS."""
    memory = {"tree_rss_mb": 0.0, "tree_pss_mb": 0.0, "largest_process_rss_mb": 0.0}
    for lang in ("en", "th"):
        for _ in range(min(runs, 2)):
            sampled = tree_memory(pack_args(lang, out))
            for key, value in sampled.items():
                memory[key] = max(memory[key], value)
    memory["peak_rss_mb"] = max(memory["tree_rss_mb"], memory["largest_process_rss_mb"])
    return memory


def tree_memory(args: list[str], cwd: Path = ROOT) -> dict[str, float]:
    """Peak RSS and PSS in MB of one new process and its descendants together, and the
    largest RSS of any one of them, sampled from /proc every 5 ms while it runs."""
    peak_rss = peak_pss = largest = 0.0
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        import subprocess

        process = subprocess.Popen(args, cwd=cwd, env=environment(), stdout=out, stderr=err)
        while process.poll() is None:
            rss = pss = 0
            for pid in _tree(process.pid):
                try:
                    rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
                except OSError:
                    continue
                fields = dict(line.split(":", 1) for line in rollup.splitlines()[1:])
                rss += int(fields.get("Rss", "0 kB").split()[0])
                largest = max(largest, int(fields.get("Rss", "0 kB").split()[0]) / 1024)
                pss += int(fields.get("Pss", "0 kB").split()[0])
            peak_rss, peak_pss = max(peak_rss, rss / 1024), max(peak_pss, pss / 1024)
            time.sleep(0.005)
        check_exit(process, args, err)
    return {"tree_rss_mb": peak_rss, "tree_pss_mb": peak_pss, "largest_process_rss_mb": largest}


def _tree(pid: int) -> list[int]:
    found, pending = [], [pid]
    while pending:
        current = pending.pop()
        found.append(current)
        try:
            for task in Path(f"/proc/{current}/task").iterdir():
                pending += [int(c) for c in (task / "children").read_text().split()]
        except OSError:
            continue
    return found
