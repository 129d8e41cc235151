"""bench/serve.py runs, in its quick mode, and reports every measure (no timing asserted)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from support import REPO

ROOT = REPO


@pytest.mark.slow
def test_quick_serve_benchmark_reports_every_measure(tmp_path: Path) -> None:
    results_file = tmp_path / "results.json"
    results_file.write_text('{"help_cold": {"median": 0.1}}', encoding="utf-8")
    run = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "serve.py"), "--quick", "--out", str(results_file)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert run.returncode == 0, run.stderr
    results = json.loads(results_file.read_text(encoding="utf-8"))
    assert results["help_cold"] == {"median": 0.1}  # other keys are kept
    serve = results["serve"]
    for measure in ("warm_pack", "warm_pack_build_only", "preview_after_edit", "dashboard_1000"):
        assert serve[measure]["median"] > 0
    assert {t["name"] for t in serve["targets"]} == {"warm_pack", "preview_after_edit"}
