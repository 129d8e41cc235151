"""The workspace growing: `validate` and `make --counterpart US` on synthetic workspaces of
100 to 100,000 meetings (bench/synth.py, made once into bench/work/); `validate` both reading
every file (`--no-cache`: how its cost grows) and with its record cache written by an earlier
run (the everyday case); `validate` on 10,000, cache written, against a bare
`python -c 'import briefgen.records'` in the same rounds; `make` on one counterpart whose
records carry 10 to 1,000 commitments."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

from common import (
    AS_OF,
    alternated,
    briefgen,
    paired_ratio,
    repeated,
    summary,
    wall,
    warm_up,
    workspace,
)

from measures.growth import growth

SCALE_COUNTERPARTS = 20
MAKE_SIZES = (100, 1_000, 10_000)
VALIDATE_SIZES = (100, 1_000, 10_000, 30_000, 100_000)
COMMITMENT_SIZES = (10, 100, 300, 1_000)
QUICK = {"make": (100,), "validate": (100, 1_000), "commitments": (10, 25)}


def scale_workspace(meetings: int) -> Path:
    from synth import make_workspace

    return workspace(
        f"scale-{meetings}", make=make_workspace, meetings=meetings, counterparts=SCALE_COUNTERPARTS
    )


def measure_scale(runs: int, quick: bool, out: Path) -> dict[str, Any]:
    make_sizes = QUICK["make"] if quick else MAKE_SIZES
    validate_sizes = QUICK["validate"] if quick else VALIDATE_SIZES
    results: dict[str, Any] = {"counterparts": SCALE_COUNTERPARTS, "sizes": {}}
    for size in validate_sizes:
        root = scale_workspace(size)
        # Every file read and checked (--no-cache): the cost that grows with the records.
        validate = briefgen("validate", "--data", str(root), "--as-of", AS_OF, "--no-cache")
        if size <= 10_000:  # warm the disk cache (the largest runs are few and long)
            warm_up(validate)
        # the largest sizes take long: fewer runs
        cpu: list[float] = []
        count = runs if size <= 10_000 else min(runs, 2)
        entry = {"validate": repeated(count, lambda a=validate, c=cpu: wall(a, c))}
        entry["validate"]["cpu"] = summary(cpu)
        # The everyday run: the record cache written by a first run, no record changed since.
        cached = briefgen("validate", "--data", str(root), "--as-of", AS_OF)
        warm_up(cached)
        entry["validate_cached"] = repeated(count, lambda a=cached: wall(a))
        if size in make_sizes:
            make = briefgen("make", "--counterpart", "US", "--data", str(root), "--as-of", AS_OF,
                            "--out", str(out / f"scale-{size}"))  # fmt: skip
            entry["make"] = repeated(runs, lambda a=make: wall(a))
        results["sizes"][str(size)] = entry
    sizes = results["sizes"]
    results["make_ratio"] = (
        sizes[str(make_sizes[-1])]["make"]["median"] / sizes[str(make_sizes[0])]["make"]["median"]
    )
    results["validate_growth"] = growth(
        [(size, sizes[str(size)]["validate"]["median"]) for size in validate_sizes], "meeting"
    )
    results["validate_growth_cpu"] = growth(
        [(size, sizes[str(size)]["validate"]["cpu"]["median"]) for size in validate_sizes],
        "meeting",
    )
    results["validate_cached_growth"] = growth(
        [(size, sizes[str(size)]["validate_cached"]["median"]) for size in validate_sizes],
        "meeting",
    )
    results["validate_against_import"] = validate_against_import(
        runs, validate_sizes[-1] if quick else 10_000
    )
    return results


def validate_against_import(runs: int, size: int) -> dict[str, Any]:
    """`validate` on `size` meetings over a new Python that only imports briefgen.records,
    alternated: what validating costs beyond starting Python and loading the record models."""
    validate = briefgen("validate", "--data", str(scale_workspace(size)), "--as-of", AS_OF)
    bare = [sys.executable, "-c", "import briefgen.records"]
    warm_up(validate)  # the record cache written, as after any earlier run
    warm_up(bare)
    values = alternated(runs, {"validate": lambda: wall(validate), "import": lambda: wall(bare)})
    return {
        "meetings": size,
        "validate": summary(values["validate"]),
        "import_records": summary(values["import"]),
        "ratio": paired_ratio(values["validate"], values["import"]),
    }


def measure_commitments(runs: int, quick: bool, out: Path) -> dict[str, Any]:
    """`make --counterpart US`, cold, as US's records carry more and more commitments."""
    from synth import make_commitments_workspace

    sizes = QUICK["commitments"] if quick else COMMITMENT_SIZES
    results: dict[str, Any] = {"sizes": {}}
    # A pack lists at most 300 commitments unless told otherwise (packlimits.py).
    os.environ["BRIEFGEN_MAX_PACK_COMMITMENTS"] = str(2 * max(sizes) + 100)
    for size in sizes:
        root = workspace(f"commitments-{size}", make=make_commitments_workspace, commitments=size)
        make = briefgen("make", "--counterpart", "US", "--data", str(root), "--as-of", AS_OF,
                        "--out", str(out / f"commitments-{size}"))  # fmt: skip
        warm_up(make)
        cpu: list[float] = []
        results["sizes"][str(size)] = repeated(min(runs, 3), lambda a=make, c=cpu: wall(a, c))
        results["sizes"][str(size)]["cpu"] = summary(cpu)
    # Fitted to CPU seconds too: a busy machine's drift bends the wall-time line.
    for key, of in (
        ("growth", lambda t: t["median"]),
        ("growth_cpu", lambda t: t["cpu"]["median"]),
    ):
        results[key] = growth(
            [(size, of(results["sizes"][str(size)])) for size in sizes], "commitment"
        )
    return results
