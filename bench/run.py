"""briefgen's benchmark: prints a table, writes bench/results.json, checks the targets.

    python bench/run.py            # every measure, medians of repeated runs (many minutes)
    python bench/run.py --quick    # every measure once, smallest sizes: does it all work?

Seconds are wall-clock medians, each quoted with its spread (min–max; quartiles from four
runs); "cold" is a new process each run. The measures, one module each under bench/measures/:

- pack.py: `briefgen --help`, cold; the Thai pack of US, cold; the memory of a whole pack;
- peer.py: `briefgen make -c US`, cold, in rounds alternating with the route a desk takes
  without briefgen on the same records (docxtpl fills three Word templates, then one
  `soffice --convert-to pdf` converts them): both times, and the ratios briefgen / peer route
  and soffice step / briefgen, round by round;
- documents.py: per document, in a warm process: compose, HTML, PDF, DOCX;
- scale.py: `validate` on 100 to 100,000 meetings and `make` on 100 to 10,000, with how each
  grows; `validate` on 10,000 over a bare `import briefgen.records`; `make` on one
  counterpart with 10 to 1,000 commitments;
- batch.py: `make --all` over 20 counterparts, in packs per second and per pack over the cold
  pack of the same run;
- soffice.py: `soffice` against briefgen's PDF route, per document and cold for three;
- floor.py: what WeasyPrint alone needs, so the least a cold pack and the most a batch can do.

--quick runs each measure once on the smallest sizes (no 100,000-meeting workspace) and
writes its results to a temporary file unless --out is given, never to bench/results.json.
The targets are checked in both modes and printed PASS or FAIL; only a full run is meant to be
held to them (they are set for a 2-core machine).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import BENCH, WORK, settings  # noqa: E402
from measures.batch import BATCH_COUNTERPARTS, measure_batch  # noqa: E402
from measures.documents import measure_documents  # noqa: E402
from measures.floor import measure_floor  # noqa: E402
from measures.pack import measure_help, measure_memory, measure_thai_pack  # noqa: E402
from measures.peer import measure_pack_and_peer  # noqa: E402
from measures.scale import measure_commitments, measure_scale  # noqa: E402
from measures.soffice import measure_soffice  # noqa: E402
from report import check_targets, machine, print_report  # noqa: E402

QUICK_BATCH = 4


def steps(
    runs: int, quick: bool, out: Path, results: dict[str, Any]
) -> list[tuple[str, Callable[[], Any]]]:
    """The measures in order, each storing its results under its name. The peer rounds come
    first: the batch's ratio needs their cold pack, and soffice's measure the pack's DOCX."""
    packs = QUICK_BATCH if quick else BATCH_COUNTERPARTS
    return [
        ("help_cold", lambda: measure_help(runs)),
        ("peer", lambda: measure_pack_and_peer(runs, out)),
        ("pack_th", lambda: measure_thai_pack(runs, out)),
        ("memory", lambda: measure_memory(runs, out)),
        ("documents", lambda: measure_documents(runs)),
        ("batch", lambda: measure_batch(runs, packs, out, results["peer"]["briefgen"]["median"])),
        ("scale", lambda: measure_scale(runs, quick, out)),
        ("commitments", lambda: measure_commitments(runs, quick, out)),
        ("soffice", lambda: measure_soffice(runs, out)),
        ("floor", lambda: measure_floor(runs, packs, out)),
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="briefgen's benchmark")
    parser.add_argument(
        "--quick",
        action="store_true",
        help="every measure once, smallest sizes; results to a temporary file",
    )
    parser.add_argument("--repeat", type=int, default=5, help="runs per measure (default 5)")
    parser.add_argument("--out", type=Path, help="where to write the results JSON")
    args = parser.parse_args(argv)
    runs = 1 if args.quick else max(1, args.repeat)
    settings["quick"] = args.quick
    if args.out is not None:
        destination = args.out
    elif args.quick:
        destination = Path(tempfile.gettempdir()) / "briefgen-bench-quick.json"
    else:
        destination = BENCH / "results.json"
    WORK.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    results: dict[str, Any] = {"mode": "quick" if args.quick else "full", "repeat": runs}
    results["machine"] = machine()
    with tempfile.TemporaryDirectory(prefix="briefgen-bench-") as scratch:
        for name, step in steps(runs, args.quick, Path(scratch), results):
            began = time.perf_counter()
            results[name] = step()
            print(f"[{name}: {time.perf_counter() - began:.1f} s]", file=sys.stderr, flush=True)
    results["targets"] = check_targets(results)
    results["seconds"] = round(time.perf_counter() - started, 1)
    destination.parent.mkdir(parents=True, exist_ok=True)
    if destination.is_file():  # keys that another script writes (bench/serve.py) are kept
        previous = json.loads(destination.read_text(encoding="utf-8"))
        results.update({k: v for k, v in previous.items() if k == "serve" and k not in results})
    destination.write_text(
        json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    print_report(results)
    print(f"\nresults: {destination}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
