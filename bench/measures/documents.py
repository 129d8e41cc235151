"""Per document, in one warm process: compose, render the HTML, lay out and write the PDF
(the brief's includes fitting it to one page), write the DOCX."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from typing import Any

from common import AS_OF, SEEDS, WORK

STAGES = ("compose", "html", "pdf", "docx")


def measure_documents(runs: int) -> dict[str, Any]:
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
        key: {stage: [] for stage in STAGES} for key in composers
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
            spent: dict[str, list[float]] = {stage: [] for stage in STAGES}
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
                for stage, values in spent.items():
                    timings[key][stage].append(sum(values))
    return {
        key: {stage: statistics.median(values) for stage, values in stages.items()}
        for key, stages in timings.items()
    }
