"""The benchmark's targets, the machine it ran on, and the table it prints."""

from __future__ import annotations

import datetime
import os
import platform
from collections.abc import Callable
from pathlib import Path
from typing import Any

from common import seconds, spread

# name, what, the value from the results, comparison, limit. The pack is held to ratios
# against the route a desk uses without briefgen, measured in the same rounds (issue 20).
TARGETS: list[tuple[str, str, Callable[[dict[str, Any]], float], str, float]] = [
    ("help", "`briefgen --help`, cold (s)", lambda r: r["help_cold"]["median"], "<=", 0.3),
    (
        "soffice_step",
        "peer's soffice step over briefgen's cold pack (x)",
        lambda r: r["peer"]["soffice_over_briefgen"]["median"],
        ">=",
        1.25,
    ),
    (
        "peer_route",
        "briefgen's cold pack over docxtpl + soffice (x)",
        lambda r: r["peer"]["briefgen_over_peer"]["median"],
        "<",
        1.0,
    ),
    (
        "batch",
        "`make --all`, 20 counterparts (packs/s)",
        lambda r: r["batch"]["packs_per_second"],
        ">=",
        6.0,
    ),  # fmt: skip
    (
        "validate",
        "`validate` on 10,000 meetings (s)",
        lambda r: r["scale"]["validate_against_import"]["validate"]["median"],
        "<=",
        1.0,
    ),
    (
        "scale",
        "`make` on 10,000 meetings over `make` on 100 (x)",
        lambda r: r["scale"]["make_ratio"],
        "<=",
        2.0,
    ),  # fmt: skip
    (
        "soffice_document",
        "soffice over briefgen's PDF route, per document (x)",
        lambda r: r["soffice"]["ratio"],
        ">=",
        5.0,
    ),  # fmt: skip
    (
        "memory",
        "peak RSS of a whole pack, all its processes (MB)",
        lambda r: r["memory"]["peak_rss_mb"],
        "<=",
        300.0,
    ),  # fmt: skip
]

COMPARE: dict[str, Callable[[float, float], bool]] = {
    "<=": lambda a, b: a <= b,
    "<": lambda a, b: a < b,
    ">=": lambda a, b: a >= b,
}


def machine() -> dict[str, Any]:
    import weasyprint

    return {
        "arch": platform.machine(),
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "system": f"{platform.system()} {platform.release()}",
        "processor": _cpu_model(),
        "weasyprint": weasyprint.__version__,
        "load_average": [round(x, 2) for x in os.getloadavg()],
        "date": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
    }


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor()


def check_targets(results: dict[str, Any]) -> list[dict[str, Any]]:
    checked = []
    for name, what, value_of, comparison, limit in TARGETS:
        entry: dict[str, Any] = {"name": name, "what": what, "target": f"{comparison} {limit}"}
        try:
            value = float(value_of(results))
        except (KeyError, TypeError, ZeroDivisionError):
            checked.append({**entry, "value": None, "pass": None})
            continue
        checked.append(
            {**entry, "value": round(value, 3), "pass": COMPARE[comparison](value, limit)}
        )
    return checked


def rows(results: dict[str, Any]) -> list[tuple[str, str]]:
    shown = [
        (
            "machine",
            "{arch}, {cpus} CPUs ({processor}), Python {python}, load {load_average}, "
            "{date}".format(**results["machine"]),
        ),  # fmt: skip
        ("briefgen --help, cold", spread(results["help_cold"])),
    ]
    peer = results["peer"]
    shown.append(("make -c US, cold, en", spread(peer["briefgen"])))
    shown.append(("make -c US, cold, th", spread(results["pack_th"])))
    if peer.get("available"):
        shown += [
            ("peer: docxtpl fills 3 templates, cold", spread(peer["peer"]["docxtpl"])),
            ("peer: soffice converts the 3 DOCX", spread(peer["peer"]["soffice"])),
            ("peer route, whole", spread(peer["peer"]["total"])),
            ("briefgen / peer route", _ratio(peer["briefgen_over_peer"])),
            ("soffice step / briefgen", _ratio(peer["soffice_over_briefgen"])),
            ("peer shows of briefgen's content", f"{peer['peer']['content_coverage']:.0%}"),
            (
                "CPU: briefgen / docxtpl / soffice",
                " / ".join(spread(peer["cpu"][k]) for k in ("briefgen", "docxtpl", "soffice")),
            ),  # fmt: skip
        ]
    for key, stages in results["documents"].items():
        stage_times = " / ".join(seconds(stages[s]) for s in ("compose", "html", "pdf", "docx"))
        shown.append((f"{key}: compose / html / pdf / docx", stage_times))
    scale = results["scale"]
    for size, timing in scale["sizes"].items():
        made = f" / make {spread(timing['make'])}" if "make" in timing else ""
        cached = (
            f" (cache written: {spread(timing['validate_cached'])})"
            if "validate_cached" in timing
            else ""
        )
        shown.append(
            (f"{int(size):,} meetings", f"validate {spread(timing['validate'])}{cached}{made}")
        )
    shown.append(("make largest / smallest", f"{scale['make_ratio']:.2f}x"))
    against = scale["validate_against_import"]
    shown.append((f"validate {against['meetings']:,} / import briefgen.records",
                  f"{spread(against['validate'])} / {spread(against['import_records'])} = "
                  f"{_ratio(against['ratio'])}"))  # fmt: skip
    shown.append(("validate grows", scale["validate_growth"]["verdict"]))
    shown.append(("  in CPU seconds", scale["validate_growth_cpu"]["verdict"]))
    if "validate_cached_growth" in scale:
        shown.append(("  with its cache written", scale["validate_cached_growth"]["verdict"]))
    commitments = results["commitments"]
    for size, timing in commitments["sizes"].items():
        shown.append((f"make -c US, {int(size):,} more commitments", spread(timing)))
    shown.append(("make grows", commitments["growth"]["verdict"]))
    shown.append(("  in CPU seconds", commitments["growth_cpu"]["verdict"]))
    batch = results["batch"]
    shown.append((f"make --all, {batch['packs']} packs",
                  f"{spread(batch['seconds'])}, {batch['packs_per_second']:.2f} packs/s, "
                  f"per pack {batch['per_pack_over_cold_pack']:.2f}x the cold pack"))  # fmt: skip
    shown += _soffice_rows(results["soffice"]) + _floor_rows(results)
    return shown


def _ratio(timing: dict[str, Any]) -> str:
    return f"{timing['median']:.2f}x ({timing['min']:.2f}–{timing['max']:.2f})"


def _soffice_rows(office: dict[str, Any]) -> list[tuple[str, str]]:
    if not office.get("available"):
        return [("soffice", "not installed")]
    each, cold = office["per_document"], office["cold_together"]
    return [
        ("soffice, briefgen's 3 DOCX one by one", seconds(each["soffice_total"])),
        ("briefgen PDF route, same 3 documents", seconds(each["briefgen_total"])),
        ("soffice / briefgen, per document", f"{office['ratio']:.1f}x"),
        (
            "cold, 3 together: soffice / briefgen route",
            f"{seconds(cold['soffice']['median'])} / {seconds(cold['briefgen']['median'])}"
            f" = {cold['ratio']:.1f}x",
        ),  # fmt: skip
    ]


def _floor_rows(results: dict[str, Any]) -> list[tuple[str, str]]:
    floor, memory = results["floor"], results["memory"]
    return [
        ("WeasyPrint alone: import, cold / US documents",
         f"{spread(floor['weasyprint_import_cold'])} / {seconds(floor['us_documents'])}"),
        ("  so a cold pack takes at least",
         f"{seconds(floor['pack_floor'])} (import + documents / {floor['cpus']} CPUs)"),
        ("  and a batch makes at most",
         f"{floor['batch_ceiling_packs_per_second']:.2f} packs/s "
         f"({seconds(floor['made_up_pack_documents'])} of documents per made-up pack)"),
        ("peak memory of a whole pack: RSS / PSS",
         f"{memory['peak_rss_mb']:.0f} MB / {memory['tree_pss_mb']:.0f} MB "
         f"(largest process {memory['largest_process_rss_mb']:.0f} MB)"),
    ]  # fmt: skip


def print_report(results: dict[str, Any]) -> None:
    shown = rows(results)
    width = max(len(label) for label, _ in shown)
    for label, value in shown:
        print(f"{label.ljust(width)}  {value}")
    print()
    for target in results["targets"]:
        verdict = {True: "PASS", False: "FAIL", None: "----"}[target["pass"]]
        print(f"{verdict}  {target['what']}: {target['value']} (target {target['target']})")
