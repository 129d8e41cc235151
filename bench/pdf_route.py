"""briefgen's PDF route alone, cold, for the side-by-side with soffice: lay out the HTML files
of a pack's documents with WeasyPrint, as `make` does, and write their PDFs.

    python bench/pdf_route.py HTML_FOLDER OUT_FOLDER

HTML_FOLDER holds brief.html, talking-points.html and annex.html and a file `workspace` naming
the workspace they were made from (bench/run.py writes them).
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def main() -> None:
    from briefgen.profiles import load_profile
    from briefgen.render.pack import PackRenderer

    source, out = Path(sys.argv[1]), Path(sys.argv[2])
    workspace = Path((source / "workspace").read_text(encoding="utf-8"))
    profile = load_profile("default", workspace)
    renderer = PackRenderer(profile, "en", workspace, profile.pdf_variant)
    out.mkdir(parents=True, exist_ok=True)
    for name in ("brief", "talking-points", "annex"):
        html = (source / f"{name}.html").read_text(encoding="utf-8")
        (out / f"{name}.pdf").write_bytes(renderer.pdf(html, None).write())


if __name__ == "__main__":
    main()
