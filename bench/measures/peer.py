"""The route a desk takes without briefgen, beside briefgen, on the same records.

The peer route fills three Word templates with docxtpl (bench/peer/fill.py, a new Python
process) and converts the three filled DOCX to PDF with one `soffice --headless --convert-to
pdf` call, with a private LibreOffice profile. Its templates (bench/peer/templates.py) are made
at bench time with python-docx and filled with the contexts briefgen composes for the same
pack, so both routes print the same content (`content_coverage` says how much of it the filled
DOCX show: 1.0 is all).

The rounds alternate: `briefgen make -c US` cold, the docxtpl step, the soffice step, then
again; each is quoted as a median with its spread, and the ratios are taken round by round.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

from common import AS_OF, BENCH, SEEDS, alternated, briefgen, paired_ratio, summary, wall, warm_up


def soffice_binary() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def soffice_convert(soffice: str, profile: Path, out: Path, files: list[Path]) -> list[str]:
    return [soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to",
            "pdf", "--outdir", str(out), *map(str, files)]  # fmt: skip


def prepare_peer(out: Path) -> dict[str, Any]:
    """The templates, the contexts (JSON) and the commands of the peer route, in out."""
    from peer.context import pack_contexts
    from peer.templates import write_templates

    templates = write_templates(out / "templates")
    contexts = pack_contexts("US", SEEDS, AS_OF)
    context_file = out / "contexts.json"
    context_file.write_text(json.dumps(contexts, ensure_ascii=False), encoding="utf-8")
    filled = out / "filled"
    fill = [sys.executable, str(BENCH / "peer" / "fill.py"), str(context_file),
            str(out / "templates"), str(filled)]  # fmt: skip
    return {
        "contexts": contexts,
        "fill": fill,
        "filled": [filled / path.name for path in templates.values()],
        "filled_folder": filled,
    }


def measure_pack_and_peer(runs: int, out: Path) -> dict[str, Any]:
    """briefgen's cold English pack of US, alternated with the peer route."""
    pack = briefgen("make", "--counterpart", "US", "--data", str(SEEDS), "--as-of", AS_OF,
                    "--lang", "en", "--out", str(out / "pack-en"))  # fmt: skip
    soffice = soffice_binary()
    warm_up(pack)  # warm the disk cache and the byte-code, not the process
    if soffice is None:
        return {"available": False, "briefgen": summary([wall(pack) for _ in range(runs)])}
    peer = prepare_peer(out / "peer")
    convert = soffice_convert(soffice, out / "lo-profile", out / "peer" / "pdf", peer["filled"])
    warm_up(peer["fill"])
    warm_up(convert)  # the first start makes LibreOffice's profile: not counted
    from peer.context import coverage

    cpu: dict[str, list[float]] = {"briefgen": [], "docxtpl": [], "soffice": []}
    values = alternated(
        runs,
        {"briefgen": lambda: wall(pack, cpu["briefgen"]),
         "docxtpl": lambda: wall(peer["fill"], cpu["docxtpl"]),
         "soffice": lambda: wall(convert, cpu["soffice"])},
    )  # fmt: skip
    route = [
        fill + office for fill, office in zip(values["docxtpl"], values["soffice"], strict=True)
    ]
    version = subprocess.run([soffice, "--version"], capture_output=True, text=True).stdout
    return {
        "available": True,
        "soffice_version": version.strip(),
        "rounds": runs,
        "briefgen": summary(values["briefgen"]),
        "peer": {
            "docxtpl": summary(values["docxtpl"]),
            "soffice": summary(values["soffice"]),
            "total": summary(route),
            "content_coverage": coverage(peer["contexts"], peer["filled_folder"]),
            "pages": _pages(out / "peer" / "pdf"),
        },
        "briefgen_over_peer": paired_ratio(values["briefgen"], route),
        "soffice_over_briefgen": paired_ratio(values["soffice"], values["briefgen"]),
        # CPU seconds (user + system, all processes) of the same runs: the work each route
        # does, which a busy machine stretches less than the wall time.
        "cpu": {name: summary(spent) for name, spent in cpu.items()},
    }


def _pages(folder: Path) -> dict[str, int]:
    from pypdf import PdfReader

    return {path.stem: len(PdfReader(path).pages) for path in sorted(folder.glob("*.pdf"))}
