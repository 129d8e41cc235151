"""The peer route's first step, cold: fill three Word templates with docxtpl.

    python bench/peer/fill.py CONTEXT_JSON TEMPLATE_FOLDER OUT_FOLDER

CONTEXT_JSON maps brief, talking-points and annex to their contexts (bench/peer/context.py);
TEMPLATE_FOLDER holds brief.docx, talking-points.docx and annex.docx (bench/peer/templates.py).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path


def main() -> None:
    from docxtpl import DocxTemplate

    contexts = json.loads(Path(sys.argv[1]).read_text(encoding="utf-8"))
    templates, out = Path(sys.argv[2]), Path(sys.argv[3])
    out.mkdir(parents=True, exist_ok=True)
    for key, context in contexts.items():
        document = DocxTemplate(templates / f"{key}.docx")
        document.render(context, autoescape=True)
        document.save(out / f"{key}.docx")


if __name__ == "__main__":
    main()
