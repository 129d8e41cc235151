"""Making a pack: load -> validate -> compose -> render -> write, in that order.

build() reads top to bottom. Nothing is written until every document has rendered, and each
file is then replaced atomically, so a failed run leaves the earlier pack as it was.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any

from briefgen.compose.annex import compose_annex
from briefgen.compose.brief import compose_brief, drop_steps, trim
from briefgen.compose.common import make_header
from briefgen.compose.context import Brief
from briefgen.compose.facts import PackFacts, gather_facts
from briefgen.compose.localize import Localizer
from briefgen.compose.talking_points import compose_talking_points
from briefgen.errors import RenderError
from briefgen.outputs import WrittenFile, write_files
from briefgen.profiles import check_name, load_profile
from briefgen.render.combine import PACK_FILE_NAME, pack_pdf
from briefgen.render.pack import ANNEX, BRIEF, DOCUMENTS, TALKING_POINTS, PackRenderer, Rendered
from briefgen.store import find_counterpart, load_workspace

Progress = Callable[[str], None]


@dataclass(frozen=True)
class MakeOptions:
    counterpart: str
    data: Path
    out: Path
    as_of: date
    meeting: str | None = None
    lang: str | None = None
    ministry: str = "default"
    classification: str | None = None
    draft: bool = False
    pdf_variant: str | None = None


@dataclass
class BuildResult:
    files: list[WrittenFile]
    warnings: list[str] = field(default_factory=list)
    omitted: list[str] = field(default_factory=list)


def build(options: MakeOptions, progress: Progress = lambda _: None) -> BuildResult:
    progress("Loading records")
    workspace = load_workspace(options.data)
    profile = load_profile(options.ministry, options.data)
    counterpart = find_counterpart(workspace, options.counterpart)
    if options.meeting is not None:
        check_name("meeting id", options.meeting.lower())
    lang = options.lang or profile.language
    loc = Localizer(lang, profile)
    facts = gather_facts(workspace, profile.home, counterpart, options.meeting, options.as_of)

    progress("Composing")
    renderer = PackRenderer(profile, lang, options.data, options.pdf_variant or profile.pdf_variant)
    headers = {
        kind.key: make_header(
            facts,
            loc,
            kind.title(loc._),
            logo=renderer.logo(),
            marking=options.classification or profile.classification,
            draft=options.draft,
        )
        for kind in DOCUMENTS
    }
    brief = compose_brief(facts, loc, headers[BRIEF.key])
    talking_points = compose_talking_points(facts, loc, headers[TALKING_POINTS.key])
    annex = compose_annex(facts, loc, headers[ANNEX.key])

    progress("Rendering the background brief")
    fitted, rendered_brief = fit_one_page(brief, renderer)
    progress("Rendering the talking points")
    rendered = [rendered_brief, render(renderer, TALKING_POINTS, talking_points)]
    progress("Rendering the commitments annex")
    rendered.append(render(renderer, ANNEX, annex))

    progress("Writing")
    outputs: dict[str, bytes] = {}
    pages: dict[str, str] = {}
    for document in rendered:
        stem = output_stem(facts, document.kind.file_name, lang)
        outputs[f"{stem}.pdf"] = document.pdf.write()
        pages[f"{stem}.pdf"] = str(document.pdf.page_count)
        outputs[f"{stem}.docx"] = renderer.docx(document.html, document.kind)
    pack = pack_pdf(rendered, headers[BRIEF.key], loc)
    pack_name = f"{output_stem(facts, PACK_FILE_NAME, lang)}.pdf"
    outputs[pack_name], pages[pack_name] = pack.write(), str(pack.page_count)
    files = [
        replace(written, pages=pages.get(written.path.name, ""))
        for written in write_files(options.out, outputs)
    ]
    warnings = [*(str(w) for w in workspace.warnings), *loc.warnings(), *renderer.policy.refusals]
    return BuildResult(files=files, warnings=warnings, omitted=fitted.omitted)


def render(renderer: PackRenderer, kind: Any, content: Any) -> Rendered:
    html = renderer.html(kind, content.header, content)
    return Rendered(kind, html, renderer.pdf(html, content.header))


def fit_one_page(brief: Brief, renderer: PackRenderer) -> tuple[Brief, Rendered]:
    """The brief with the fewest items dropped that still fits one page."""
    steps = drop_steps(brief)
    attempts: dict[int, tuple[Brief, Rendered]] = {}

    def attempt(count: int) -> bool:
        trimmed = trim(brief, steps[:count])
        attempts[count] = (trimmed, render(renderer, BRIEF, trimmed))
        return attempts[count][1].pdf.page_count <= 1

    if attempt(0):
        return attempts[0]
    if not attempt(len(steps)):
        raise RenderError(
            "the background brief does not fit on one page even with every optional item "
            "left out; shorten the objectives or the profile's margins and font size"
        )
    low, high = 0, len(steps)  # low overflows, high fits
    while high - low > 1:
        middle = (low + high) // 2
        if attempt(middle):
            high = middle
        else:
            low = middle
    return attempts[high]


def output_stem(facts: PackFacts, document: str, lang: str) -> str:
    """2026-12-10_US_background-brief, with a language suffix for packs not in English."""
    suffix = "" if lang == "en" else f"_{lang}"
    return f"{facts.date_prefix}_{facts.counterpart.code}_{document}{suffix}"

