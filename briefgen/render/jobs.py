"""A pack's documents made by the layout workers of a long-running process (render/workers.py).

A worker was forked before the pack existed, so what it lays out is sent to it as plain data
(`Elsewhere`): the profile, the language, the workspace, the PDF variant and each document's
HTML. It makes a PackRenderer of its own for them, and answers with what it made and what its
resource policy refused, which become this renderer's refusals, as a forked child's do
(PackRenderer.aside). If the worker cannot answer, the same work is done here.

The longest document goes to the worker that does not give way (it ends the pack), every
other one to the worker that does, and so do the DOCX files of those. The brief's DOCX is
made here, the moment the fitted brief is sent (Inbox.forward): this process only waits for
the workers after fitting the brief, and the workers need not wait for it.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from briefgen.render.pack import Aside, PackRenderer, Rendered, Together, Written
from briefgen.render.workers import LONGEST, OTHERS, Workers

if TYPE_CHECKING:
    from briefgen.compose.context import Header
    from briefgen.documents import DocumentKind
    from briefgen.profiles import Profile
    from briefgen.render.aside import Inbox


@dataclass
class Elsewhere:
    """What a worker needs to make documents of a pack: plain data."""

    profile: Profile
    lang: str
    workspace: Path
    variant: str | None
    pdf: list[tuple[str, DocumentKind, Header]]  # to lay out and write, as (html, kind, header)
    docx: list[tuple[str, DocumentKind]]  # to make the DOCX of, as (html, kind)


def elsewhere(
    renderer: PackRenderer,
    pdf: list[tuple[str, DocumentKind, Header]] | None = None,
    docx: list[tuple[str, DocumentKind]] | None = None,
) -> Elsewhere:
    return Elsewhere(
        renderer.profile, renderer.lang, renderer.workspace, renderer.variant, pdf or [], docx or []
    )


def lay_out_there(job: Elsewhere) -> tuple[list[Written], list[str]]:
    """In a worker: each PDF laid out and written, and what the policy refused."""
    renderer = PackRenderer(job.profile, job.lang, job.workspace, job.variant)
    written = [
        Rendered(kind, html, renderer.pdf(html, header)).written() for html, kind, header in job.pdf
    ]
    return written, list(renderer.policy.refusals)


def docx_there(job: Elsewhere) -> tuple[list[bytes], list[str]]:
    """In a worker: each DOCX made, and what the policy refused."""
    renderer = PackRenderer(job.profile, job.lang, job.workspace, job.variant)
    return [renderer.docx(html, kind) for html, kind in job.docx], list(renderer.policy.refusals)


def pdf_in_workers(
    renderer: PackRenderer, pool: Workers, documents: list[tuple[str, DocumentKind, Header]]
) -> Together[Written]:
    """Each document laid out and written by a worker, the longest sent first."""

    def here(document: tuple[str, DocumentKind, Header]) -> list[Written]:
        html, kind, header = document
        return [Rendered(kind, html, renderer.pdf(html, header)).written()]

    by_length = sorted(range(len(documents)), key=lambda i: -len(documents[i][0]))
    sent = {
        i: Aside(
            pool.submit(
                LONGEST if i == by_length[0] else OTHERS,
                lay_out_there,
                elsewhere(renderer, pdf=[documents[i]]),
                functools.partial(renderer.counted, functools.partial(here, documents[i])),
            ),
            renderer.policy,
        )
        for i in by_length
    }
    return Together([sent[i] for i in range(len(documents))])


class WithBrief:
    """The DOCX files a worker makes, then the brief's, made here once it is sent. What the
    brief's DOCX refuses, or the error it raises, comes after the worker's, as it would
    from a child that made all three in that order."""

    def __init__(self, sent: Aside[list[bytes]], renderer: PackRenderer, inbox: Inbox | None):
        self.sent, self.renderer, self.inbox = sent, renderer, inbox
        self.made: list[bytes] = []
        self.refused: list[str] = []
        self.failed: Exception | None = None
        if inbox is not None:
            inbox.forward(self._make)

    def _make(self, document: tuple[str, DocumentKind]) -> None:
        refusals = self.renderer.policy.refusals
        before = len(refusals)
        try:
            self.made.append(self.renderer.docx(*document))
        except Exception as error:  # raised by result(), after the worker's
            self.failed = error
        finally:
            self.refused += refusals[before:]
            del refusals[before:]

    def result(self) -> list[bytes]:
        made = self.sent.result()
        if self.inbox is not None and not self.made and self.failed is None:
            self._make(self.inbox.receive())
        self.renderer.policy.keep(*self.refused)
        if self.failed is not None:
            raise self.failed
        return [*made, *self.made]

    def cancel(self) -> None:
        self.sent.cancel()


def docx_in_worker(
    renderer: PackRenderer,
    pool: Workers,
    documents: list[tuple[str, DocumentKind]],
    inbox: Inbox | None,
) -> WithBrief:
    """The DOCX of each (html, kind) made by the worker that gives way; then, with an
    `inbox`, that of the (html, kind) sent through it, made here when it is sent."""

    def here() -> list[bytes]:
        return [renderer.docx(html, kind) for html, kind in documents]

    sent = pool.submit(
        OTHERS,
        docx_there,
        elsewhere(renderer, docx=documents),
        functools.partial(renderer.counted, here),
    )
    return WithBrief(Aside(sent, renderer.policy), renderer, inbox)
