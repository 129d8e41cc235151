"""The pack's documents: their kinds, titles and file names, in one place.

Compose titles each document's header from here, render lays each kind out with its template,
and build, batch and mail name the files a pack is written to. Nothing here renders.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol


@dataclass(frozen=True)
class DocumentKind:
    key: str  # the context name and body class: brief, talking-points, annex
    template: str
    file_name: str  # the document part of output file names
    landscape: bool = False  # the annex's seven columns need the width

    def title(self, _: Callable[[str], Any]) -> str:
        """The document's title, translated by `_` (a Localizer's gettext)."""
        titles = {
            "brief": _("Background brief"),
            "talking-points": _("Talking points"),
            "annex": _("Commitments annex"),
        }
        return str(titles[self.key])


BRIEF = DocumentKind("brief", "brief.html.j2", "background-brief")
TALKING_POINTS = DocumentKind("talking-points", "talking-points.html.j2", "talking-points")
ANNEX = DocumentKind("annex", "annex.html.j2", "commitments-annex", landscape=True)
DOCUMENTS = (BRIEF, TALKING_POINTS, ANNEX)

#: The file name part of the whole pack as one bookmarked PDF.
PACK_FILE_NAME = "briefing-pack"


class _Coded(Protocol):
    @property
    def code(self) -> str: ...


class PackSubject(Protocol):
    """What a pack's file names say: its date and its counterpart (compose.facts.PackFacts)."""

    @property
    def date_prefix(self) -> str: ...

    @property
    def counterpart(self) -> _Coded: ...


def output_stem(facts: PackSubject, document: str, lang: str) -> str:
    """2026-12-10_US_background-brief, with a language suffix for packs not in English."""
    suffix = "" if lang == "en" else f"_{lang}"
    return f"{facts.date_prefix}_{facts.counterpart.code}_{document}{suffix}"
