"""The peer route's three Word templates, made with python-docx: the background brief, the
talking points and the commitments annex as a desk would lay them out for docxtpl, with
Jinja tags in the text ({{ }}), paragraph loops ({%p %}) and table-row loops ({%tr %}).

They hold the same parts as briefgen's documents, in the same order, and are filled with the
context briefgen composes (bench/peer/context.py), so both routes print the same content.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.shared import Cm, Pt

HEADER_LINES = [
    "{{ header.marking }}",
    "{{ header.ministry }}",
]
TITLE_LINES = ["{{ header.title }}", "{{ header.when }} · {{ header.place }}"]


def _document(title_tag: str, landscape: bool = False) -> Any:
    document = Document()
    section = document.sections[0]
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Cm(29.7), Cm(21.0)
    else:
        section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(2))
    document.styles["Normal"].font.name = "Liberation Serif"
    document.styles["Normal"].font.size = Pt(11)
    for line in HEADER_LINES:
        section.header.add_paragraph(line)
    section.footer.add_paragraph("{{ header.footer }}")
    document.add_paragraph(title_tag, style="Title")
    for line in TITLE_LINES:
        document.add_paragraph(line)
    return document


def _bullets(document: Any, items: str, text: str, style: str = "List Bullet") -> None:
    document.add_paragraph(f"{{%p for item in {items} %}}")
    document.add_paragraph(text, style=style)
    document.add_paragraph("{%p endfor %}")


def _table(document: Any, rows: str, columns: list[tuple[str, str, float]]) -> None:
    """A table with a heading row and one row per item of `rows`; columns are (heading,
    field, width in cm). Fields are looked up by key: row.update would be dict.update."""
    table = document.add_table(rows=4, cols=len(columns))
    table.style = "Table Grid"
    table.autofit = False
    for column, (_, _, width) in zip(table.columns, columns, strict=True):
        column.width = Cm(width)  # the grid, which LibreOffice follows
    for row in table.rows:
        for cell, (_, _, width) in zip(row.cells, columns, strict=True):
            cell.width = Cm(width)
    for cell, (label, _, _) in zip(table.rows[0].cells, columns, strict=True):
        cell.text = label
    table.rows[1].cells[0].text = f"{{%tr for row in {rows} %}}"
    for cell, (_, field, _) in zip(table.rows[2].cells, columns, strict=True):
        cell.text = f"{{{{ row['{field}'] }}}}"
    table.rows[3].cells[0].text = "{%tr endfor %}"


MEETINGS = [("When", "when", 2.6), ("Meeting", "title", 7.0), ("Where", "place", 3.0),
            ("Co-chairs", "co_chairs", 4.4)]  # fmt: skip


def brief() -> Any:
    document = _document("{{ header.document }}")
    document.add_paragraph("{{ meeting_summary }}")
    document.add_heading("Who is in the room", level=2)
    _table(document, "room", [("Side", "side", 3.0), ("Delegation", "people", 14.0)])
    document.add_paragraph("{{ room_note }}")
    document.add_heading("Purpose", level=2)
    document.add_paragraph("{{ purpose }}")
    _bullets(document, "objectives", "{{ item }}")
    document.add_heading("The relationship", level=2)
    document.add_paragraph("{{ relationship }}")
    _bullets(document, "facts", "{{ item }}")
    document.add_heading("Recent engagements", level=2)
    _table(document, "engagements", MEETINGS)
    document.add_heading("{{ outcomes_heading }}", level=2)
    document.add_paragraph("{{ last_meeting }}")
    _bullets(document, "outcomes", "{{ item.topic }}: {{ item.summary }}")
    document.add_heading("Commitments", level=2)
    _table(document, "owed", [("Who", "who", 8.0), ("Open, not overdue", "open", 3.0),
                              ("Overdue", "overdue", 3.0), ("Done", "done", 3.0)])  # fmt: skip
    _bullets(document, "overdue_named", "{{ item.text }} ({{ item.owner }})")
    document.add_paragraph("{{ overdue_more }}")
    document.add_heading("Third parties", level=2)
    _table(document, "third_party", MEETINGS)
    return document


# A point and its reference, as briefgen prints it: "… (due Mar 2024, overdue; 2+2, Feb 2024)".
POINT = (
    "{{ item.text }}{% if item.overdue or item.note %} ({{ item.overdue }}"
    "{% if item.overdue and item.note %}; {% endif %}{{ item.note }}){% endif %}"
)


def talking_points() -> Any:
    document = _document("{{ header.document }}")
    document.add_heading("Key messages", level=2)
    _bullets(document, "key_messages", "{{ item }}", style="List Number")
    _bullets(document, "further_objectives", "{{ item }}")
    document.add_paragraph("{%p for topic in topics %}")
    document.add_heading("{{ topic.label }}", level=2)
    _bullets(document, "topic.points", POINT)
    _bullets(document, "topic.if_raised", "If raised: {{ item }}")
    document.add_paragraph("{%p endfor %}")
    document.add_heading("If raised", level=2)
    _bullets(document, "if_raised", "{{ item }}")
    return document


def annex() -> Any:
    document = _document("{{ header.document }}", landscape=True)
    document.styles["Normal"].font.size = Pt(9)  # seven columns, as briefgen's annex
    document.add_paragraph("{{ summary }}")
    document.add_paragraph("{%p for group in groups %}")
    document.add_heading("{{ group.title }}", level=2)
    _table(document, "group.rows", [("No.", "number", 1.0), ("Commitment", "text", 7.0),
                                    ("Made at", "made_at", 5.0), ("On", "made_on", 2.2),
                                    ("Due", "due", 2.2), ("Status", "status", 2.0),
                                    ("Latest update", "update", 4.0),
                                    ("Source", "source", 2.3)])  # fmt: skip
    document.add_paragraph("{%p endfor %}")
    return document


def write_templates(folder: Path) -> dict[str, Path]:
    """The three templates, as brief.docx, talking-points.docx and annex.docx in folder."""
    folder.mkdir(parents=True, exist_ok=True)
    made = {}
    for key, make in (("brief", brief), ("talking-points", talking_points), ("annex", annex)):
        made[key] = folder / f"{key}.docx"
        make().save(made[key])
    return made
