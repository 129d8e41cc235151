"""What ingest found and what needs a person's eye: data for the command line to show
(briefgen/ui/ingest.py)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Report:
    found: list[tuple[str, str]] = field(default_factory=list)  # (what, value)
    review: list[str] = field(default_factory=list)  # also written into the draft
    notes: list[str] = field(default_factory=list)  # about this run, not the record
    ignored: list[str] = field(default_factory=list)  # page furniture dropped

    def add(self, what: str, value: str) -> None:
        self.found.append((what, value))
