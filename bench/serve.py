"""`briefgen serve`'s speed: what an officer waits for once the server is running.

    python bench/serve.py            # medians of 9 runs each; written under "serve" in
                                     # bench/results.json, the other keys kept
    python bench/serve.py --quick    # each once, on a 1,000-meeting workspace; to a temp file

Measures (wall-clock, through the app's HTTP interface in this process, with the token):

1. a warm pack: POST /api/packs for US on the bundled seeds, once the server has warmed up
   as `briefgen serve` does as it starts (serve.first_brief: WeasyPrint, the profile and the
   records loaded, a brief fitted, the layout workers started, render/workers.py) and one
   pack has been made; in turns with it, the same pack
   made by briefgen.build called directly (warm_pack_build_only), so that what the server
   adds shows apart from what the machine takes at that moment;
2. the brief preview after an edit: an update recorded on a US commitment (POST to the API,
   timed apart), then GET /counterparts/US/brief.png, the brief as it now stands;
3. the dashboard (GET /) of the 10,000-meeting scale workspace (bench/synth.py), the
   workspace loaded by a first request (timed apart) and unchanged since.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
SEEDS = ROOT / "seeds"
AS_OF = date(2026, 1, 1)
TOKEN = "bench-token"
SCALE_MEETINGS = 10_000
SCALE_COUNTERPARTS = 20
MEETING = "2024-02-28-th-us-2plus2"

sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(BENCH))

TARGETS = {"warm_pack": 0.5, "preview_after_edit": 0.4, "dashboard_10000": 0.5}


def client(data: Path, out: Path) -> Any:
    from starlette.testclient import TestClient

    from briefgen.serve.app import create_app
    from briefgen.serve.state import Settings

    settings = Settings(data=data, out=out, token=TOKEN, as_of=AS_OF)
    return TestClient(
        create_app(settings),
        base_url="http://127.0.0.1:8000",
        headers={"Authorization": f"Token {TOKEN}"},
    )


def timed(runs: int, action: Callable[[int], Any]) -> dict[str, Any]:
    times = []
    for run in range(runs):
        began = time.perf_counter()
        action(run)
        times.append(time.perf_counter() - began)
    return {"median": statistics.median(times), "runs": [round(t, 4) for t in times]}


US = {"counterpart": "US"}


def direct_pack(data: Path, out: Path) -> None:
    from briefgen.build import MakeOptions, build
    from briefgen.store import load_workspace

    workspace = load_workspace(data)
    build(MakeOptions(counterpart="US", data=data, out=out, as_of=AS_OF), workspace=workspace)


def merged(single_runs: list[dict[str, Any]]) -> dict[str, Any]:
    times = [run["median"] for run in single_runs]
    return {"median": statistics.median(times), "runs": [round(t, 4) for t in times]}


def ok(response: Any, status: int = 200) -> Any:
    if response.status_code != status:
        raise SystemExit(f"{response.request.url}: {response.status_code} {response.text[:500]}")
    return response


def measure(runs: int, scale_meetings: int, scratch: Path) -> dict[str, Any]:
    from common import workspace
    from synth import make_workspace

    results: dict[str, Any] = {}
    seeds = scratch / "seeds"
    shutil.copytree(SEEDS, seeds)
    with client(seeds, scratch / "out") as app:
        from briefgen.serve import first_brief

        first_brief(app.app)  # what `briefgen serve` does before it says it is ready
        ok(app.post("/api/packs", json={"counterpart": "US"}))  # the first: pikepdf, files
        # The same pack made by briefgen.build directly, in turns with the server's: what the
        # pipeline itself takes on this machine at this moment, so the server's share shows.
        direct, served = [], []
        for _ in range(runs):
            served.append(timed(1, lambda _: ok(app.post("/api/packs", json=US))))
            direct.append(timed(1, lambda _: direct_pack(seeds, scratch / "out-direct")))
        results["warm_pack"] = merged(served)
        results["warm_pack_build_only"] = merged(direct)
        ok(app.get("/counterparts/US/brief.png"))
        edits: list[float] = []

        def edit_then_preview(run: int) -> None:
            day = (AS_OF - timedelta(days=30 - run)).isoformat()
            began = time.perf_counter()
            update = {"date": day, "status": "in-progress", "note": f"bench run {run}"}
            ok(app.post(f"/api/meetings/{MEETING}/commitments/1/updates", json=update), 201)
            edits.append(time.perf_counter() - began)

        def preview(run: int) -> None:
            ok(app.get("/counterparts/US/brief.png"))

        previews = []
        for run in range(runs):
            edit_then_preview(run)
            previews.append(timed(1, preview))
        results["preview_after_edit"] = merged(previews)
        results["record_edit"] = {"median": statistics.median(edits)}
    big = workspace(
        f"scale-{scale_meetings}",
        meetings=scale_meetings,
        counterparts=SCALE_COUNTERPARTS,
        make=make_workspace,
    )
    with client(big, scratch / "out-scale") as app:
        first = timed(1, lambda _: ok(app.get("/")))
        key = f"dashboard_{scale_meetings}"
        results[f"{key}_first"] = first
        results[key] = timed(runs, lambda _: ok(app.get("/")))
        results[f"{key}_other_sort"] = timed(1, lambda _: ok(app.get("/?sort=late&dir=desc")))
    results["targets"] = [
        {
            "name": name,
            "value": round(results[name]["median"], 3),
            "target": limit,
            "pass": results[name]["median"] <= limit,
        }
        for name, limit in TARGETS.items()
        if name in results
    ]
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="briefgen serve's benchmark")
    parser.add_argument("--quick", action="store_true", help="each once, 1,000 meetings")
    parser.add_argument("--repeat", type=int, default=9)
    parser.add_argument("--out", type=Path, help="results JSON [default: bench/results.json]")
    args = parser.parse_args(argv)
    runs = 1 if args.quick else max(1, args.repeat)
    meetings = 1_000 if args.quick else SCALE_MEETINGS
    destination = args.out or (
        Path(tempfile.gettempdir()) / "briefgen-serve-quick.json"
        if args.quick
        else BENCH / "results.json"
    )
    with tempfile.TemporaryDirectory(prefix="briefgen-bench-serve-") as scratch:
        results = measure(runs, meetings, Path(scratch))
    results["mode"] = "quick" if args.quick else "full"
    results["repeat"] = runs
    saved = json.loads(destination.read_text(encoding="utf-8")) if destination.is_file() else {}
    saved["serve"] = results  # every other key of the file as it was
    destination.write_text(json.dumps(saved, indent=2, ensure_ascii=False) + "\n", "utf-8")
    for target in results["targets"]:
        verdict = "PASS" if target["pass"] else "FAIL"
        print(f"{verdict}  serve {target['name']}: {target['value']} s (target {target['target']})")
    print(f"results: {destination}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
