"""A counterpart's timeline as SVG, drawn on the server: meetings on one line, commitments'
due dates on another, today as a rule, so what is late shows at a glance (red, left of it)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from html import escape

from briefgen.serve.views import CommitmentLine

WIDTH, HEIGHT, MARGIN = 900, 130, 40
MEETING_Y, DUE_Y = 45, 90


@dataclass(frozen=True)
class Mark:
    day: date
    label: str
    kind: str  # held, planned, cancelled, overdue, open, done, dropped


def timeline_svg(
    marks: list[Mark], today: date, today_label: str, year_label: Callable[[int], str] = str
) -> str:
    """The SVG; year_label writes a year as the page's language does (2567 in Thai)."""
    if not marks:
        return ""
    days = [m.day for m in marks] + [today]
    first, last = min(days), max(days)
    start = date(first.year, 1, 1)
    end = date(last.year + 1, 1, 1)
    span = max((end - start).days, 1)

    def x(day: date) -> float:
        return MARGIN + (WIDTH - 2 * MARGIN) * (day - start).days / span

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="timeline" viewBox="0 0 {WIDTH} '
        f'{HEIGHT}" role="img" aria-label="timeline">',
        f'<line x1="{MARGIN}" y1="{MEETING_Y}" x2="{WIDTH - MARGIN}" y2="{MEETING_Y}" '
        'class="axis"/>',
        f'<line x1="{MARGIN}" y1="{DUE_Y}" x2="{WIDTH - MARGIN}" y2="{DUE_Y}" class="axis"/>',
    ]
    step = max(1, (end.year - start.year) // 12)
    for year in range(start.year, end.year + 1, step):
        at = x(date(year, 1, 1))
        parts.append(f'<line x1="{at:.1f}" y1="20" x2="{at:.1f}" y2="110" class="tick"/>')
        label = escape(year_label(year))
        parts.append(f'<text x="{at + 2:.1f}" y="{HEIGHT - 6}" class="year">{label}</text>')
    now = x(today)
    parts.append(f'<line x1="{now:.1f}" y1="12" x2="{now:.1f}" y2="112" class="today"/>')
    parts.append(f'<text x="{now + 3:.1f}" y="14" class="today-label">{escape(today_label)}</text>')
    for mark in sorted(marks, key=lambda m: m.day):
        at = x(mark.day)
        title = f"<title>{escape(mark.label)}</title>"
        if mark.kind in ("held", "planned", "cancelled"):
            parts.append(
                f'<circle cx="{at:.1f}" cy="{MEETING_Y}" r="6" class="meeting {mark.kind}">'
                f"{title}</circle>"
            )
        else:
            points = f"{at:.1f},{DUE_Y - 7} {at + 7:.1f},{DUE_Y} {at:.1f},{DUE_Y + 7} " + (
                f"{at - 7:.1f},{DUE_Y}"
            )
            parts.append(f'<polygon points="{points}" class="due {mark.kind}">{title}</polygon>')
    parts.append("</svg>")
    return "".join(parts)


def commitment_mark(line: CommitmentLine, day: date) -> Mark:
    kind = "overdue" if line.overdue else line.status.replace("in-progress", "open")
    return Mark(day, f"{line.due}: {line.text} ({line.owner})", kind)
