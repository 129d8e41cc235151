"""briefgen's benchmark: prints a table, writes bench/results.json, checks the targets.

    python bench/run.py            # every measure, medians of repeated runs (a few minutes)
    python bench/run.py --quick    # every measure once, smallest sizes: does it all work?

Measures (seconds are wall-clock medians; "cold" is a new Python process each run):

1. `briefgen --help`, cold;
2. `briefgen make --counterpart US` on the bundled seeds, cold, whole pack, English and Thai,
   with the peak memory (RSS) of the process;
3. per document, in one warm process: compose, render HTML, lay out and write the PDF
   (the brief's PDF includes fitting it to one page), write the DOCX;
4. scale: synthetic workspaces of 100, 1,000 and 10,000 meetings (bench/synth.py, made once
   into bench/work/), timing `validate` and `make --counterpart US`, cold;
5. batch: `make --all` over a synthetic workspace of 100 counterparts, in packs per second;
6. where LibreOffice is installed: `soffice --headless --convert-to pdf` on each of the pack's
   three DOCX files (a new soffice for each, as DOCX-template tools run it) against
   briefgen's PDF route for the same three documents (lay out the HTML and write the PDF, in
   the running process, as `make` does): the ratio is soffice's time over briefgen's. Both
   sides cold for the three documents together are reported too (one soffice for the three
   files; one new Python process for briefgen's route, bench/pdf_route.py);
7. peak memory of a whole pack: `make` runs its work in up to three processes at once (the
   talking points and annex, and the DOCX files, are made by forked children), so the
   memory of the whole process tree is sampled every 5 ms in extra runs of the cold `make`
   (not the timed ones): the peak of the sum of their RSS (pages shared after the fork
   counted in each process: an upper bound) and of their PSS (shared pages split between
   them). The target is held to the RSS sum;
8. the renderer alone: `import weasyprint` in a new process, and the pack's three documents
   laid out and written once each in a warm process, for the US pack and up to five made-up
   packs of the batch; from them, the least time a cold pack can take on this machine (import +
   documents shared perfectly among the CPUs) and the most packs per second a batch can make
   (CPUs / a made-up pack's documents), whatever is built around WeasyPrint.

--quick runs each measure once on the smallest sizes (scale: 100 meetings; batch: 4
counterparts) and writes its results to a temporary file unless --out is given, never to
bench/results.json. The targets are checked in both modes and printed PASS or FAIL; only a
full run is meant to be held to them (they are set for a 2-core machine).
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
WORK = BENCH / "work"
SEEDS = ROOT / "seeds"
AS_OF = "2026-01-01"
SCALE_SIZES = (100, 1_000, 10_000)
SCALE_COUNTERPARTS = 20
BATCH_COUNTERPARTS = 100
BATCH_MEETINGS = 500
BATCH_RUNS = 3  # each full run makes 100 packs

sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(BENCH))

# name, what, unit, target (a function of the results that gives the value), comparison, limit
TARGETS: list[tuple[str, str, Callable[[dict[str, Any]], float], str, float]] = [
    ("help", "`briefgen --help`, cold (s)", lambda r: r["help_cold"]["median"], "<=", 0.3),
    (
        "pack",
        "whole pack, cold, slower of en/th (s)",
        lambda r: max(r["pack_cold"]["en"]["median"], r["pack_cold"]["th"]["median"]),
        "<=",
        1.5,
    ),
    ("batch", "`make --all` (packs/s)", lambda r: r["batch"]["packs_per_second"], ">=", 2.0),
    (
        "validate",
        "`validate` on 10,000 meetings (s)",
        lambda r: r["scale"]["sizes"][str(SCALE_SIZES[-1])]["validate"]["median"],
        "<=",
        5.0,
    ),
    (
        "scale",
        "`make` on 10,000 over `make` on 100 (x)",
        lambda r: r["scale"]["make_ratio"],
        "<=",
        2.0,
    ),
    (
        "soffice",
        "soffice time over briefgen's PDF route (x)",
        lambda r: r["soffice"]["ratio"],
        ">=",
        5.0,
    ),
    (
        "memory",
        "peak RSS of a whole pack, all its processes (MB)",
        lambda r: r["peak_rss_mb"],
        "<=",
        300.0,
    ),
]


# -- running things ---------------------------------------------------------------------------


def environment() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    env.pop("BRIEFGEN_DATA", None)
    env["COLUMNS"] = "200"
    return env


def run_measured(args: list[str], cwd: Path = ROOT) -> tuple[float, float]:
    """(wall seconds, peak RSS in MB) of one new process, its peak from wait4's rusage. It
    runs in this checkout (`python -m` puts the working folder before PYTHONPATH, so the
    briefgen measured would otherwise be whichever one the caller's folder holds)."""
    started = time.perf_counter()
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        process = subprocess.Popen(args, cwd=cwd, env=environment(), stdout=out, stderr=err)
        _, status, usage = os.wait4(process.pid, 0)
        elapsed = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        check_exit(process, args, err)
    return elapsed, usage.ru_maxrss / 1024  # KB on Linux


def check_exit(process: subprocess.Popen[bytes], args: list[str], err: Any) -> None:
    """Raise with the process's stderr (`err`, a file) when it did not exit with 0."""
    if process.returncode != 0:
        err.seek(0)
        message = err.read().decode(errors="replace")
        raise RuntimeError(f"{' '.join(args)} failed ({process.returncode}):\n{message}")


def tree_memory(args: list[str], cwd: Path = ROOT) -> tuple[float, float]:
    """(peak RSS, peak PSS) in MB of one new process and its descendants together, sampled
    from /proc every 5 ms while it runs."""
    peak_rss = peak_pss = 0.0
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
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
                pss += int(fields.get("Pss", "0 kB").split()[0])
            peak_rss, peak_pss = max(peak_rss, rss / 1024), max(peak_pss, pss / 1024)
            time.sleep(0.005)
        check_exit(process, args, err)
    return peak_rss, peak_pss


def _tree(pid: int) -> list[int]:
    found, pending = [], [pid]
    while pending:
        current = pending.pop()
        found.append(current)
        try:
            tasks = Path(f"/proc/{current}/task").iterdir()
            for task in tasks:
                pending += [int(c) for c in (task / "children").read_text().split()]
        except OSError:
            continue
    return found


def briefgen(*args: str) -> list[str]:
    return [sys.executable, "-m", "briefgen", *args]


def repeated(runs: int, measure: Callable[[], float]) -> dict[str, Any]:
    values = [measure() for _ in range(runs)]
    return {"median": statistics.median(values), "runs": [round(v, 4) for v in values]}


# -- the measures -----------------------------------------------------------------------------


def measure_help(runs: int) -> dict[str, Any]:
    run_measured(briefgen("--help"))  # byte-compile once, as an installed package is
    return repeated(runs, lambda: run_measured(briefgen("--help"))[0])


def measure_pack_cold(runs: int, out: Path) -> tuple[dict[str, Any], float, dict[str, float]]:
    """Timings per language; the peak RSS of all the pack's processes together; memory."""
    results: dict[str, Any] = {}
    peak = 0.0
    memory = {"tree_rss_mb": 0.0, "tree_pss_mb": 0.0, "largest_process_rss_mb": 0.0}
    for lang in ("en", "th"):
        args = briefgen(
            "make",
            "--counterpart",
            "US",
            "--data",
            str(SEEDS),
            "--as-of",
            AS_OF,
            "--lang",
            lang,
            "--out",
            str(out / f"pack-{lang}"),
        )
        run_measured(args)  # warm the disk cache and the byte-code, not the process
        times = []
        for _ in range(runs):
            elapsed, rss = run_measured(args)
            times.append(elapsed)
            memory["largest_process_rss_mb"] = max(memory["largest_process_rss_mb"], rss)
        results[lang] = {"median": statistics.median(times), "runs": [round(t, 4) for t in times]}
        for _ in range(min(runs, 2)):  # sampled, so not timed
            tree_rss, tree_pss = tree_memory(args)
            memory["tree_rss_mb"] = max(memory["tree_rss_mb"], tree_rss)
            memory["tree_pss_mb"] = max(memory["tree_pss_mb"], tree_pss)
    peak = max(memory["tree_rss_mb"], memory["largest_process_rss_mb"])
    return results, peak, memory


def measure_documents(runs: int) -> dict[str, Any]:
    """Per document, in this process, warm: compose, HTML, PDF (layout and write), DOCX."""
    from datetime import date

    from briefgen import build as b
    from briefgen.compose.annex import compose_annex
    from briefgen.compose.brief import compose_brief
    from briefgen.compose.talking_points import compose_talking_points

    options = b.MakeOptions(
        counterpart="US", data=SEEDS, out=WORK / "unused", as_of=date.fromisoformat(AS_OF)
    )
    composers = {
        "brief": (b.BRIEF, compose_brief),
        "talking-points": (b.TALKING_POINTS, compose_talking_points),
        "annex": (b.ANNEX, compose_annex),
    }
    timings: dict[str, dict[str, list[float]]] = {
        key: {"compose": [], "html": [], "pdf": [], "docx": []} for key in composers
    }

    def timed(store: list[float], work: Callable[[], Any]) -> Any:
        started = time.perf_counter()
        result = work()
        store.append(time.perf_counter() - started)
        return result

    prepared = b.prepare(options)
    composed = b.compose(prepared, options)
    renderer = prepared.renderer
    for attempt in range(runs + 1):  # the first round warms up, and is not counted
        for key, (kind, composer) in composers.items():
            spent = {name: [] for name in ("compose", "html", "pdf", "docx")}
            header = composed.headers[kind.key]
            content = timed(
                spent["compose"], lambda c=composer, h=header: c(prepared.facts, prepared.loc, h)
            )
            if key == "brief":  # the PDF of the brief: fitting it to one page, then writing
                fitted, rendered = timed(
                    spent["pdf"], lambda c=content: b.fit_one_page(c, renderer)
                )
                html = timed(spent["html"], lambda f=fitted, k=kind: renderer.html(k, f.header, f))
                timed(spent["pdf"], rendered.pdf.write)
            else:
                html = timed(spent["html"], lambda c=content, k=kind: renderer.html(k, c.header, c))
                pdf = timed(spent["pdf"], lambda h=html, c=content: renderer.pdf(h, c.header))
                timed(spent["pdf"], pdf.write)
            timed(spent["docx"], lambda h=html, k=kind: renderer.docx(h, k))
            if attempt:
                for name, values in spent.items():
                    timings[key][name].append(sum(values))
    return {
        key: {name: statistics.median(values) for name, values in stages.items()}
        for key, stages in timings.items()
    }


def measure_scale(runs: int, sizes: tuple[int, ...], out: Path) -> dict[str, Any]:
    from synth import make_workspace

    results: dict[str, Any] = {"counterparts": SCALE_COUNTERPARTS, "sizes": {}}
    for size in sizes:
        root = workspace(
            f"scale-{size}", meetings=size, counterparts=SCALE_COUNTERPARTS, make=make_workspace
        )
        validate = briefgen("validate", "--data", str(root), "--as-of", AS_OF)
        make = briefgen(
            "make",
            "--counterpart",
            "US",
            "--data",
            str(root),
            "--as-of",
            AS_OF,
            "--out",
            str(out / f"scale-{size}"),
        )
        run_measured(validate)  # warm the disk cache
        results["sizes"][str(size)] = {
            "validate": repeated(runs, lambda a=validate: run_measured(a)[0]),
            "make": repeated(runs, lambda a=make: run_measured(a)[0]),
        }
    smallest, largest = results["sizes"][str(sizes[0])], results["sizes"][str(sizes[-1])]
    results["make_ratio"] = largest["make"]["median"] / smallest["make"]["median"]
    return results


def measure_batch(runs: int, packs: int, out: Path) -> dict[str, Any]:
    """`make --all` over a workspace where `packs` counterparts have a planned meeting: US
    (the seeds' records) and packs - 1 made-up ones, with 5 meetings each on average."""
    root = batch_workspace(packs)
    args = briefgen(
        "make", "--all", "--data", str(root), "--as-of", AS_OF, "--out", str(out / "batch")
    )
    timing = repeated(min(runs, BATCH_RUNS), lambda: run_measured(args)[0])
    made = len(list((out / "batch").glob("*_briefing-pack.pdf")))
    return {
        "counterparts": packs,
        "packs": made,
        "workers": os.cpu_count(),
        "seconds": timing,
        "packs_per_second": made / timing["median"],
    }


def batch_workspace(packs: int) -> Path:
    """The synthetic workspace of measure_batch, made once."""
    from synth import SEED_COUNTERPARTS, make_workspace

    counterparts = packs + SEED_COUNTERPARTS - 1  # TH and KH have no pack
    meetings = max(BATCH_MEETINGS * packs // BATCH_COUNTERPARTS, 2 * packs + 8)
    return workspace(
        f"batch-{packs}", meetings=meetings, counterparts=counterparts, make=make_workspace
    )


def measure_soffice(runs: int, out: Path) -> dict[str, Any]:
    """The pack's three documents (US, English) made PDF both ways.

    The target compares the routes document by document, as a tool meets them: a
    DOCX-template tool has the document and runs `soffice --convert-to pdf` on it (a new
    soffice each time); briefgen has the HTML in its running process and lays it out and
    writes the PDF there. Also reported: both sides cold for the three documents together
    (one soffice for the three files; one new Python process for briefgen's route).
    """
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        return {"available": False}
    docx = sorted((out / "pack-en").glob("*.docx"))
    html_dir = out / "html"
    write_html(html_dir)
    profile = (out / "lo-profile").as_uri()
    pdf_out = out / "soffice-pdf"

    def convert(*files: Path) -> list[str]:
        return [soffice, f"-env:UserInstallation={profile}", "--headless", "--convert-to",
                "pdf", "--outdir", str(pdf_out), *map(str, files)]  # fmt: skip

    run_measured(convert(*docx))  # the first start makes LibreOffice's profile: not counted
    per_document = {
        path.name: repeated(runs, lambda p=path: run_measured(convert(p))[0]) for path in docx
    }
    route = route_timings(runs, html_dir)
    together = repeated(runs, lambda: run_measured(convert(*docx))[0])
    cold_route = [sys.executable, str(BENCH / "pdf_route.py"), str(html_dir), str(out / "route")]
    route_cold = repeated(runs, lambda: run_measured(cold_route)[0])
    version = subprocess.run([soffice, "--version"], capture_output=True, text=True).stdout
    soffice_total = sum(timing["median"] for timing in per_document.values())
    briefgen_total = sum(timing["median"] for timing in route.values())
    return {
        "available": True,
        "version": version.strip(),
        "per_document": {
            "soffice": per_document,
            "briefgen": route,
            "soffice_total": soffice_total,
            "briefgen_total": briefgen_total,
        },
        "ratio": soffice_total / briefgen_total,
        "cold_together": {
            "soffice": together,
            "briefgen": route_cold,
            "ratio": together["median"] / route_cold["median"],
        },
    }


_route_renderer: Any = None


def pdf_route_in_process(html_dir: Path, key: str) -> float:
    """Seconds to lay out one document's HTML and write its PDF, in this (warm) process."""
    global _route_renderer
    from briefgen.profiles import load_profile
    from briefgen.render.pack import PackRenderer

    if _route_renderer is None:
        profile = load_profile("default", SEEDS)
        _route_renderer = PackRenderer(profile, "en", SEEDS, profile.pdf_variant)
        for name in ("brief", "talking-points", "annex"):  # fonts loaded, as in `make`
            _route_renderer.pdf((html_dir / f"{name}.html").read_text("utf-8"), None).write()
    html = (html_dir / f"{key}.html").read_text(encoding="utf-8")
    started = time.perf_counter()
    _route_renderer.pdf(html, None).write()
    return time.perf_counter() - started


def measure_floor(runs: int, batch_packs: int, out: Path) -> dict[str, Any]:
    """What the renderer alone takes here, however a pack is made around it: WeasyPrint
    imported in a new process, and the pack's three documents laid out and written once
    each in a warm process (no records, no fitting to a page, no DOCX), for the US pack and
    for up to five made-up packs of the batch. From them, bounds no pipeline built on
    WeasyPrint can pass on this machine: a cold pack takes at least the import plus the US
    documents shared perfectly among the CPUs; a batch makes at most CPUs / a made-up
    pack's documents packs per second."""
    cpus = os.cpu_count() or 1
    load = [sys.executable, "-c", "import weasyprint"]
    run_measured(load)
    imported = repeated(runs, lambda: run_measured(load)[0])
    us_dir = out / "html"
    if not (us_dir / "brief.html").is_file():
        write_html(us_dir)
    us = _documents_seconds(runs, us_dir)
    root = batch_workspace(batch_packs)
    made_up = []
    for number in range(1, min(5, batch_packs - 1) + 1):
        folder = out / f"floor-S{number:03d}"
        write_html(folder, counterpart=f"S{number:03d}", data=root)
        made_up.append(_documents_seconds(runs, folder))
    per_made_up_pack = statistics.median(made_up)
    return {
        "cpus": cpus,
        "weasyprint_import_cold": imported,
        "us_documents": us,
        "made_up_pack_documents": per_made_up_pack,
        "pack_floor": imported["median"] + us / cpus,
        "batch_ceiling_packs_per_second": cpus / per_made_up_pack,
    }


def _documents_seconds(runs: int, html_dir: Path) -> float:
    """Seconds to lay out and write the three documents in html_dir, medians summed."""
    return sum(timing["median"] for timing in route_timings(runs, html_dir).values())


_route_timings: dict[Path, dict[str, dict[str, Any]]] = {}


def route_timings(runs: int, html_dir: Path) -> dict[str, dict[str, Any]]:
    """Each document's time on briefgen's PDF route, repeated, for the HTML in html_dir:
    measured once, whichever measure asks first (soffice's and the floor share the US
    pack's)."""
    if html_dir not in _route_timings:
        _route_timings[html_dir] = {
            key: repeated(runs, lambda k=key: pdf_route_in_process(html_dir, k))
            for key in ("brief", "talking-points", "annex")
        }
    return _route_timings[html_dir]


def write_html(folder: Path, counterpart: str = "US", data: Path = SEEDS) -> None:
    """The HTML of a pack's three documents (English), for pdf_route.py and the floor."""
    from datetime import date

    from briefgen import build as b

    options = b.MakeOptions(
        counterpart=counterpart, data=data, out=folder, as_of=date.fromisoformat(AS_OF)
    )
    prepared = b.prepare(options)
    composed = b.compose(prepared, options)
    rendered = b.render_pack(prepared, composed)
    folder.mkdir(parents=True, exist_ok=True)
    for document in rendered.documents:
        (folder / f"{document.kind.key}.html").write_text(document.html, encoding="utf-8")
    (folder / "workspace").write_text(str(data), encoding="utf-8")


def workspace(name: str, *, meetings: int, counterparts: int, make: Callable[..., Path]) -> Path:
    """A synthetic workspace in bench/work/, made once (the same arguments write the same
    files; a stamp file says which arguments made it)."""
    root = WORK / name
    stamp = root / ".synth"
    wanted = f"{meetings} {counterparts}"
    if not stamp.is_file() or stamp.read_text() != wanted:
        make(root, meetings=meetings, counterparts=counterparts)
        stamp.write_text(wanted)
    return root


# -- reporting -------------------------------------------------------------------------------


def machine() -> dict[str, Any]:
    import weasyprint

    return {
        "arch": platform.machine(),
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "system": f"{platform.system()} {platform.release()}",
        "processor": _cpu_model(),
        "weasyprint": weasyprint.__version__,
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
        try:
            value = float(value_of(results))
        except (KeyError, TypeError, ZeroDivisionError):
            checked.append(
                {
                    "name": name,
                    "what": what,
                    "target": f"{comparison} {limit}",
                    "value": None,
                    "pass": None,
                }
            )
            continue
        passed = value <= limit if comparison == "<=" else value >= limit
        checked.append(
            {
                "name": name,
                "what": what,
                "target": f"{comparison} {limit}",
                "value": round(value, 3),
                "pass": passed,
            }
        )
    return checked


def print_report(results: dict[str, Any]) -> None:
    rows: list[tuple[str, str]] = [
        (
            "machine",
            "{arch}, {cpus} CPUs ({processor}), Python {python}, {date}".format(
                **results["machine"]
            ),
        ),
        ("briefgen --help, cold", seconds(results["help_cold"]["median"])),
    ]
    for lang, timing in results["pack_cold"].items():
        rows.append((f"make --counterpart US, cold, {lang}", seconds(timing["median"])))
    for key, stages in results["documents"].items():
        rows.append(
            (
                f"{key}: compose / html / pdf / docx",
                " / ".join(seconds(stages[s]) for s in ("compose", "html", "pdf", "docx")),
            )
        )
    for size, timing in results["scale"]["sizes"].items():
        rows.append(
            (
                f"{int(size):,} meetings: validate / make",
                f"{seconds(timing['validate']['median'])} / {seconds(timing['make']['median'])}",
            )
        )
    rows.append(
        (
            "make 10,000 / make 100"
            if len(results["scale"]["sizes"]) > 1
            else "make largest / smallest",
            f"{results['scale']['make_ratio']:.2f}x",
        )
    )
    batch = results["batch"]
    rows.append(
        (
            f"make --all, {batch['packs']} packs",
            f"{seconds(batch['seconds']['median'])}, {batch['packs_per_second']:.2f} packs/s",
        )
    )
    office = results["soffice"]
    if office.get("available"):
        each = office["per_document"]
        rows.append(("soffice --convert-to pdf, 3 DOCX one by one", seconds(each["soffice_total"])))
        rows.append(("briefgen PDF route, same 3 documents", seconds(each["briefgen_total"])))
        rows.append(("soffice / briefgen, per document", f"{office['ratio']:.1f}x"))
        cold = office["cold_together"]
        rows.append((
            "cold, 3 together: soffice / briefgen",
            f"{seconds(cold['soffice']['median'])} / {seconds(cold['briefgen']['median'])}"
            f" = {cold['ratio']:.1f}x",
        ))  # fmt: skip
    else:
        rows.append(("soffice", "not installed"))
    floor = results["floor"]
    rows.append(
        (
            "WeasyPrint alone: import, cold / US documents",
            f"{seconds(floor['weasyprint_import_cold']['median'])} / "
            f"{seconds(floor['us_documents'])}",
        )
    )
    rows.append(
        (
            "  so a cold pack takes at least",
            f"{seconds(floor['pack_floor'])} (import + documents / {floor['cpus']} CPUs)",
        )
    )
    rows.append(
        (
            "  and a batch makes at most",
            f"{floor['batch_ceiling_packs_per_second']:.2f} packs/s "
            f"({seconds(floor['made_up_pack_documents'])} of documents per made-up pack)",
        )
    )
    memory = results.get("memory", {})
    rows.append(
        (
            "peak memory of a whole pack: RSS / PSS",
            f"{results['peak_rss_mb']:.0f} MB / {memory.get('tree_pss_mb', 0):.0f} MB "
            f"(largest process {memory.get('largest_process_rss_mb', 0):.0f} MB)",
        )
    )
    width = max(len(label) for label, _ in rows)
    for label, value in rows:
        print(f"{label.ljust(width)}  {value}")
    print()
    for target in results["targets"]:
        verdict = {True: "PASS", False: "FAIL", None: "----"}[target["pass"]]
        print(f"{verdict}  {target['what']}: {target['value']} (target {target['target']})")


def seconds(value: float) -> str:
    return f"{value:.3f} s" if value < 10 else f"{value:.1f} s"


# -- main -------------------------------------------------------------------------------------


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
    if args.out is not None:
        destination = args.out
    elif args.quick:
        destination = Path(tempfile.gettempdir()) / "briefgen-bench-quick.json"
    else:
        destination = BENCH / "results.json"
    WORK.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="briefgen-bench-") as scratch:
        out = Path(scratch)
        results: dict[str, Any] = {"mode": "quick" if args.quick else "full", "repeat": runs}
        results["machine"] = machine()
        steps: list[tuple[str, Callable[[], Any]]] = [
            ("help", lambda: results.__setitem__("help_cold", measure_help(runs))),
            (
                "pack",
                lambda: results.update(
                    zip(
                        ("pack_cold", "peak_rss_mb", "memory"),
                        measure_pack_cold(runs, out),
                        strict=True,
                    )
                ),
            ),
            ("documents", lambda: results.__setitem__("documents", measure_documents(runs))),
            (
                "scale",
                lambda: results.__setitem__(
                    "scale",
                    measure_scale(runs, SCALE_SIZES[:1] if args.quick else SCALE_SIZES, out),
                ),
            ),
            (
                "batch",
                lambda: results.__setitem__(
                    "batch", measure_batch(runs, 4 if args.quick else BATCH_COUNTERPARTS, out)
                ),
            ),
            ("soffice", lambda: results.__setitem__("soffice", measure_soffice(runs, out))),
            (
                "floor",
                lambda: results.__setitem__(
                    "floor",
                    measure_floor(runs, 4 if args.quick else BATCH_COUNTERPARTS, out),
                ),
            ),
        ]
        for name, step in steps:
            began = time.perf_counter()
            step()
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
