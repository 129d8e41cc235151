"""The benchmark runs, in its quick mode, and reports every measure. No timing is asserted:
the benchmark checks its targets itself (PASS/FAIL) in a full run on a known machine."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from support import REPO

ROOT = REPO


@pytest.mark.slow
def test_quick_benchmark_reports_every_measure(tmp_path: Path) -> None:
    results_file = tmp_path / "results.json"
    run = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "run.py"), "--quick", "--out", str(results_file)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0, run.stderr
    results = json.loads(results_file.read_text(encoding="utf-8"))
    assert results["mode"] == "quick"
    assert set(results["machine"]) >= {"arch", "cpus", "python", "date"}
    assert results["help_cold"]["median"] > 0
    assert set(results["pack_cold"]) == {"en", "th"}
    assert results["peak_rss_mb"] > 0
    for document in ("brief", "talking-points", "annex"):
        assert set(results["documents"][document]) == {"compose", "html", "pdf", "docx"}
    assert set(results["scale"]["sizes"]["100"]) == {"validate", "make"}
    assert results["scale"]["make_ratio"] > 0
    assert results["batch"]["packs"] == results["batch"]["counterparts"] == 4
    assert results["batch"]["packs_per_second"] > 0
    if results["soffice"]["available"]:
        assert results["soffice"]["ratio"] > 0
    floor = results["floor"]
    assert floor["weasyprint_import_cold"]["median"] > 0
    assert floor["us_documents"] > 0 and floor["made_up_pack_documents"] > 0
    names = {target["name"] for target in results["targets"]}
    assert names == {"help", "pack", "batch", "validate", "scale", "soffice", "memory"}
    assert "PASS" in run.stdout or "FAIL" in run.stdout
    assert not (ROOT / "bench" / "results.json").exists() or (
        json.loads((ROOT / "bench" / "results.json").read_text())["mode"] == "full"
    )
