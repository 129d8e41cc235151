"""Where a cold pack's CPU time goes: each step of `make --counterpart US` in turn, in one new
process and without `make`'s forks, as CPU seconds (which a busy machine stretches less than
wall time) and as a share of the whole.

    python bench/where.py [en|th]

The steps: importing the record models, the CLI, the pipeline (Jinja, python-docx, pikepdf),
WeasyPrint; loading the records; composing; fitting the brief to one page (its layouts
counted); laying out and writing each other document; each DOCX; putting the pack together.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH.parent))
steps: list[tuple[str, float, float]] = []
_last = [time.process_time(), time.perf_counter()]


def step(name: str) -> None:
    cpu, wall = time.process_time(), time.perf_counter()
    steps.append((name, cpu - _last[0], wall - _last[1]))
    _last[:] = [cpu, wall]


def main() -> None:
    lang = sys.argv[1] if len(sys.argv) > 1 else "en"
    import briefgen.records  # noqa: F401

    step("import the record models")
    import briefgen.cli  # noqa: F401

    step("import the CLI (typer, rich)")
    from briefgen import build as b

    step("import the pipeline (Jinja, python-docx, pikepdf)")
    from briefgen.render.engine import import_weasyprint

    import_weasyprint()
    step("import WeasyPrint")
    from datetime import date

    from briefgen.render.combine import pack_pdf
    from briefgen.render.pack import Rendered

    options = b.MakeOptions(
        counterpart="US", data=BENCH.parent / "seeds", out=Path("unused"),
        as_of=date(2026, 1, 1), lang=lang,
    )  # fmt: skip
    prepared = b.prepare(options)
    step("load the records, gather the facts")
    composed = b.compose(prepared, options)
    step("compose the three documents")
    renderer = prepared.renderer
    layouts = [0]
    lay_out = renderer.pdf

    def counted(*args: object) -> object:
        layouts[0] += 1
        return lay_out(*args)  # type: ignore[arg-type]

    renderer.pdf = counted  # type: ignore[method-assign]
    _, brief = b.fit_one_page(composed.brief, renderer)
    step("brief: fit to one page (the process's first layouts)")
    renderer.pdf = lay_out  # type: ignore[method-assign]
    written = [brief.written()]
    step("brief: write the PDF")
    htmls = [(brief.html, b.BRIEF)]
    for kind, content in ((b.TALKING_POINTS, composed.talking_points), (b.ANNEX, composed.annex)):
        html = renderer.html(kind, content.header, content)
        pdf = renderer.pdf(html, content.header)
        step(f"{kind.key}: lay out")
        written.append(Rendered(kind, html, pdf).written())
        step(f"{kind.key}: write the PDF")
        htmls.append((html, kind))
    for html, kind in htmls:
        renderer.docx(html, kind)
        step(f"{kind.key}: DOCX")
    pack_pdf(written, composed.headers[b.BRIEF.key], prepared.loc, ())
    step("the pack, from the three PDFs")
    total_cpu, total_wall = sum(s[1] for s in steps), sum(s[2] for s in steps)
    print(f"brief layouts while fitting: {layouts[0]}")
    for name, cpu, wall in steps:
        print(f"{name:52s} {cpu:6.3f} s CPU {100 * cpu / total_cpu:5.1f} %  {wall:6.3f} s wall")
    label = "all (after starting Python)"
    print(f"{label:52s} {total_cpu:6.3f} s CPU {'':8s} {total_wall:6.3f} s wall")


if __name__ == "__main__":
    main()
