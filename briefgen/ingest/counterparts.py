"""`briefgen counterparts add CODE`: a counterpart's file from CLDR, for the officer to complete.

CLDR (through Babel) gives the English and Thai names and the ISO alpha-3 code. Babel keeps
no short or variant names, so the short name is the name and the aliases are what CLDR does
have (the alpha-3 code, and the Thai name with ประเทศ before it, as Thai texts write it);
relations and people are left for the officer.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from briefgen.countries import is_region, region_name, suggestions, to_alpha3
from briefgen.errors import InputError, display_path
from briefgen.outputs import write_atomic


def counterpart_from_cldr(code: str) -> dict[str, Any]:
    """The record of a country as CLDR knows it; InputError naming likely codes if unknown."""
    wanted = code.strip().upper()
    if not is_region(wanted):
        hints = suggestions(code)
        hint = f"; did you mean {', '.join(hints)}?" if hints else ""
        raise InputError(f"'{code}' is not a country code CLDR knows (ISO 3166, e.g. GB){hint}")
    english, thai = region_name(wanted, "en"), region_name(wanted, "th")
    assert english and thai, "CLDR names every region in English and Thai"
    aliases = [alias for alias in (to_alpha3(wanted), f"ประเทศ{thai}") if alias]
    return {
        "code": wanted,
        "name": {"en": english, "th": thai},
        "short_name": {"en": english, "th": thai},
        "kind": "country",
        "aliases": aliases,
    }


def counterpart_yaml(record: dict[str, Any]) -> str:
    from briefgen.ingest.draft import to_yaml

    header = [
        f"{record['name']['en']}: names from CLDR, written by briefgen counterparts add.",
        "Add the short names and aliases texts use (U.S., สหรัฐฯ), relations and people.",
    ]
    return to_yaml(record, header)


def add_counterpart(code: str, workspace: Path) -> Path:
    """Write counterparts/CODE.yaml in the workspace; refuse to overwrite one that exists."""
    record = counterpart_from_cldr(code)
    folder = workspace / "counterparts"
    target = folder / f"{record['code']}.yaml"
    if target.exists():
        raise InputError(f"{display_path(target)} exists already; edit it instead")
    if not workspace.is_dir():
        raise InputError(f"{display_path(workspace)}: no such workspace folder")
    try:
        folder.mkdir(exist_ok=True)
        write_atomic(target, counterpart_yaml(record).encode("utf-8"))
    except OSError as exc:
        raise InputError(f"cannot write {display_path(target)}: {exc.strerror or exc}") from None
    return target
