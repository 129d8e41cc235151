"""Making a pack: load -> validate -> compose -> render -> write, in that order.

build() reads top to bottom. Nothing is written until every document has rendered, and each
file is then replaced atomically, so a failed run leaves the earlier pack as it was.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date
from functools import cached_property
from pathlib import Path
from typing import Any

from briefgen.budget import doing, run_budget
from briefgen.compose.annex import compose_annex
from briefgen.compose.brief import compose_brief
from briefgen.compose.common import make_header
from briefgen.compose.context import Annex, Brief, Header, TalkingPoints
from briefgen.compose.facts import PackFacts, gather_facts
from briefgen.compose.localize import Localizer
from briefgen.compose.talking_points import compose_talking_points
from briefgen.documents import (
    ANNEX,
    BRIEF,
    DOCUMENTS,
    PACK_FILE_NAME,
    TALKING_POINTS,
    DocumentKind,
    output_stem,
)
from briefgen.errors import RenderError
from briefgen.meetingchecks import chosen_meeting_note
from briefgen.outputs import WrittenFile, write_pack
from briefgen.packlimits import bound_facts
from briefgen.profiles import Profile, load_profile
from briefgen.records import Meeting, Workspace
from briefgen.render.aside import Inbox
from briefgen.render.combine import pack_pdf
from briefgen.render.early import EarlyLayouts, LayoutJob
from briefgen.render.fit import fit_one_page
from briefgen.render.pack import PackRenderer, Rendered, Work, Written
from briefgen.store import find_counterpart, load_workspace
from briefgen.textvalue import check_meeting_id

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
    meeting: Meeting | None = None  # the meeting the pack is for; None for a general brief

    def notes(self) -> list[str]:
        """What a pack's maker should know: warnings, and what the brief left out to fit."""
        notes = list(self.warnings)
        if self.omitted:
            left_out = ", ".join(self.omitted)
            notes.append(
                f"the background brief left out {left_out} to fit one page; "
                "the talking points and the annex still have them"
            )
        return notes


@dataclass
class Prepared:
    """A loaded, checked workspace, and everything chosen for one pack."""

    workspace: Workspace
    profile: Profile
    lang: str
    loc: Localizer
    facts: PackFacts
    data: Path
    pdf_variant: str | None

    @cached_property
    def renderer(self) -> PackRenderer:
        """The profile's renderer in the pack's language, made when the pack is first laid
        out: composing needs none."""
        return PackRenderer(self.profile, self.lang, self.data, self.pdf_variant)

    notes: list[str] = field(default_factory=list)  # which meeting, when there were several
    shortened: list[str] = field(default_factory=list)  # texts cut to fit a pack


@dataclass
class Composed:
    headers: dict[str, Header]
    brief: Brief
    talking_points: TalkingPoints
    annex: Annex
    marking: tuple[str, bool] = ("none", False)  # classification level, draft: for metadata


@dataclass
class RenderedPack:
    documents: list[Written]
    brief: Brief  # as fitted to one page
    outputs: dict[str, bytes]  # file name -> contents
    pages: dict[str, str]  # PDF file name -> page count


def build(
    options: MakeOptions,
    progress: Progress = lambda _: None,
    workspace: Workspace | None = None,  # already loaded from options.data (batch mode)
    prepared: Prepared | None = None,  # already prepared from these options (mail)
    early: EarlyLayouts | None = None,  # the layouts a cold `make` started (render/early.py)
) -> BuildResult:
    check_output_folder(options.out)  # before anything is read, let alone laid out
    with run_budget():  # wall time and memory for the whole pack (budget.py)
        progress("Loading records")
        prepared = prepared or prepare(options, workspace)
        progress("Composing")
        composed = compose(prepared, options)
        rendered = render_pack(prepared, composed, progress, early)
    progress("Writing")
    files = [
        replace(written, pages=rendered.pages.get(written.path.name, ""))
        for written in write_pack(options.out, rendered.outputs)
    ]
    return BuildResult(
        files=files,
        warnings=warnings(prepared),
        omitted=rendered.brief.omitted,
        meeting=prepared.facts.meeting,
    )


def prepare(options: MakeOptions, workspace: Workspace | None = None) -> Prepared:
    """Load and validate the profile and the records; choose the counterpart and meeting.
    Everything that can refuse the pack is checked here, before any layout starts."""
    profile = load_profile(options.ministry, options.data)  # a bad name: no records read
    if options.meeting is not None:
        check_meeting_id(options.meeting)
    if workspace is None:  # only the records this pack can draw on (see load_workspace)
        naming = [options.counterpart, *([options.meeting] if options.meeting else [])]
        workspace = load_workspace(options.data, naming=naming)
    counterpart = find_counterpart(workspace, options.counterpart, profile.home)
    lang = options.lang or profile.language
    loc = Localizer(lang, profile, workspace)
    facts = gather_facts(workspace, profile.home, counterpart, options.meeting, options.as_of)
    facts, shortened = bound_facts(facts)  # a pack's size is bounded (packlimits.py)
    variant = options.pdf_variant or profile.pdf_variant
    chosen = (
        None
        if options.meeting
        else chosen_meeting_note(workspace, profile.home, facts.meeting, counterpart.code)
    )
    return Prepared(
        workspace,
        profile,
        lang,
        loc,
        facts,
        options.data,
        variant,
        [chosen] if chosen else [],
        shortened,
    )


def compose(prepared: Prepared, options: MakeOptions) -> Composed:
    """Decide what each document says, as finished, localised text."""
    facts, loc = prepared.facts, prepared.loc
    logo = prepared.profile.logo_file()  # drawn unless the renderer's policy refuses it
    level = options.classification or prepared.profile.classification
    headers = {
        kind.key: make_header(
            facts,
            loc,
            kind.title(loc._),
            logo=logo.as_uri() if logo else None,
            marking=level,
            draft=options.draft,
        )
        for kind in DOCUMENTS
    }
    return Composed(
        headers=headers,
        brief=compose_brief(facts, loc, headers[BRIEF.key]),
        talking_points=compose_talking_points(facts, loc, headers[TALKING_POINTS.key]),
        annex=compose_annex(facts, loc, headers[ANNEX.key]),
        marking=(level, options.draft),
    )


def render_pack(
    prepared: Prepared,
    composed: Composed,
    progress: Progress = lambda _: None,
    early: EarlyLayouts | None = None,
) -> RenderedPack:
    """Lay out every document as PDF and DOCX, in memory; nothing is written yet."""
    renderer, facts, lang = prepared.renderer, prepared.facts, prepared.lang
    later = later_documents(renderer, composed)
    # Where there is a second CPU (render/aside.py), children work beside this process: one
    # makes the DOCX files, which need only the HTML (the talking points' and the annex's at
    # once, the brief's once it is fitted and sent to it), so that this process never
    # imports python-docx. The PDFs are laid out by the child a cold `make` started before
    # the records were read (render/early.py); else, a plain pack is put together from the
    # three PDFs, so another child lays out and writes the talking points and the annex
    # (importing WeasyPrint itself, in a cold process, on the CPU this one leaves idle)
    # while this process fits the brief. An archival or tagged pack is drawn from the
    # laid-out documents, which cannot leave the process that made them (render/combine.py).
    drawn_whole = renderer.variant is not None
    if early is not None and drawn_whole:
        early.cancel()
        early = None
    brief_html = Inbox()
    others: Work[list[Written]] | None = None
    docx: Work[list[bytes]] | None = None
    laid_out: list[Rendered] = []  # documents laid out here, for a pack drawn whole
    try:
        # The layouts first: the longest of them ends the pack; the DOCX child is short.
        if early is None and not drawn_whole:
            others = renderer.pdf_all(later)
        docx = renderer.docx_all([(html, kind) for html, kind, _ in later], brief_html)
        progress("Rendering the background brief")
        doing("laying out the background brief")
        if early is not None:  # every PDF laid out by the child, in one go
            fitted, documents = _laid_out_early(early, renderer, composed.brief, later)
            brief_html.send((documents[0].html, BRIEF))
        else:
            fitted, brief = fit_one_page(composed.brief, renderer)
            brief_html.send((brief.html, BRIEF))
            laid_out = [brief]
        progress("Rendering the talking points and the commitments annex")
        doing("laying out the talking points and the commitments annex")
        if others is not None:
            documents = [brief.written(), *others.result()]
        elif early is None:
            laid_out += [
                Rendered(kind, html, renderer.pdf(html, header)) for html, kind, header in later
            ]
            documents = [document.written() for document in laid_out]
        pack, pack_pages = pack_pdf(
            documents,
            composed.headers[BRIEF.key],
            prepared.loc,
            laid_out if drawn_whole else (),
            composed.marking,
        )
        *made_later, made_brief = docx.result()
        made_docx = [made_brief, *made_later]
    finally:  # a failure here leaves no child behind
        for started in (others, docx, early):
            if started is not None:
                started.cancel()
    outputs: dict[str, bytes] = {}
    pages: dict[str, str] = {}
    for document, data in zip(documents, made_docx, strict=True):
        stem = output_stem(facts, document.kind.file_name, lang)
        outputs[f"{stem}.pdf"], pages[f"{stem}.pdf"] = document.pdf, str(document.pages)
        outputs[f"{stem}.docx"] = data
    pack_name = f"{output_stem(facts, PACK_FILE_NAME, lang)}.pdf"
    outputs[pack_name], pages[pack_name] = pack, str(pack_pages)
    return RenderedPack(documents, fitted, outputs, pages)


def later_documents(
    renderer: PackRenderer, composed: Composed
) -> list[tuple[str, DocumentKind, Header]]:
    """The talking points and the annex as (html, kind, header), in pack order: what is laid
    out beside the brief."""
    return [
        (renderer.html(kind, content.header, content), kind, content.header)
        for kind, content in ((TALKING_POINTS, composed.talking_points), (ANNEX, composed.annex))
    ]


def _laid_out_early(
    early: EarlyLayouts, renderer: PackRenderer, brief: Brief, later: list[Any]
) -> tuple[Brief, list[Written]]:
    """The fitted brief and every document written, from the layout child (render/early.py);
    what its resource policy refused is this renderer's to report."""
    job = LayoutJob(renderer.profile, renderer.lang, renderer.workspace, brief, later)
    done = early.lay_out(job)
    renderer.policy.keep(*done.refusals)
    return done.fitted, done.documents


def warnings(prepared: Prepared) -> list[str]:
    return [
        *(str(w) for w in prepared.workspace.warnings),
        *prepared.loc.warnings(),
        *prepared.shortened,
        *prepared.renderer.policy.refusals,
        *prepared.notes,
    ]


def check_output_folder(folder: Path) -> None:
    """Refuse at once an output folder that cannot be made or written, rather than after
    the pack has been laid out: its nearest existing folder takes a file, or nothing does."""
    existing = folder
    while not os.path.lexists(existing) and existing != existing.parent:
        existing = existing.parent
    if not existing.is_dir():
        what = "is a file" if existing == folder else f"is under {existing}, which is a file"
        raise RenderError(f"cannot create the output folder {folder}: it {what}")
    # access() answers for this user and for a read-only file system, without touching it.
    if not os.access(existing, os.W_OK | os.X_OK):
        where = "" if existing == folder else f" (nor {existing}, to make it in)"
        raise RenderError(
            f"cannot write to the output folder {folder}{where}: no permission, or a "
            "read-only file system"
        )
