"""Finding a counterpart the way an officer types it: code, ISO alpha-3 code, name in English
or Thai, alias, or CLDR's name of the country, in any case; else the nearest names offered.

The home country is no counterpart: given `home`, it is neither matched nor offered.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping

from briefgen import countries
from briefgen.errors import InputError
from briefgen.records import Counterpart, Workspace


def match_counterpart(counterparts: Mapping[str, Counterpart], name: str) -> Counterpart | None:
    """The counterpart `name` stands for, or None: its code, a name or alias it has (any
    case), an ISO alpha-3 code ("JPN") or a CLDR name in English or Thai ("Japan", "ญี่ปุ่น")."""
    wanted = name.strip().casefold()
    if not wanted:
        return None
    for counterpart in counterparts.values():
        if wanted in (n.casefold() for n in counterpart.names()):
            return counterpart
    code = countries.from_alpha3(wanted) if len(wanted) == 3 else None
    code = code or countries.code_for_name(wanted)
    return counterparts.get(code) if code else None


def find_counterpart(workspace: Workspace, name: str, home: str | None = None) -> Counterpart:
    """As match_counterpart, or an InputError that offers the nearest names; with `home`,
    the home country is refused and never offered."""
    found = match_counterpart(workspace.counterparts, name)
    if found is not None and found.code != home:
        return found
    if found is not None:
        raise InputError(f"{found.code} is the home country; name a counterpart")
    others = {code: c for code, c in workspace.counterparts.items() if code != home}
    message = f"unknown counterpart '{name}'"
    code = _region_code(name)
    close = _nearest(others, name)
    if code and code not in workspace.counterparts:
        region = countries.region_name(code, "en")
        message += f": {region} ({code}) has no file in {workspace.root}/counterparts"
    elif close:
        message += f"; did you mean {close}?"
    elif (near := _nearest_region(name)) and near[1] not in workspace.counterparts:
        written, code = near
        message += (
            f"; did you mean '{written}' ({code})? It has no file in {workspace.root}/counterparts."
        )
    if not others:
        raise InputError(f"{message}; {workspace.root}/counterparts has no counterpart")
    known = ", ".join(sorted(others))
    separator = " K" if message.endswith(("?", ".")) else "; k"
    raise InputError(f"{message}{separator}nown counterparts: {known}")


def _nearest(counterparts: Mapping[str, Counterpart], name: str) -> str | None:
    """The counterpart whose code, name, alias or CLDR name is nearest to `name`, written
    as "'Japan' (JP)", or None when none is near."""
    by_name: dict[str, Counterpart] = {}
    for counterpart in counterparts.values():
        names = [*counterpart.names(), countries.region_name(counterpart.code, "en")]
        names += [countries.region_name(counterpart.code, "th")]
        for text in names:
            if text:
                by_name.setdefault(text.casefold(), counterpart)
    wanted = name.strip().casefold()
    close = difflib.get_close_matches(wanted, list(by_name), n=1, cutoff=0.75)
    if not close:
        return None
    counterpart = by_name[close[0]]
    written = next(n for n in [*counterpart.names(), close[0]] if n.casefold() == close[0])
    if written == counterpart.code:
        return f"'{counterpart.code}'"
    return f"'{written}' ({counterpart.code})"


def _nearest_region(name: str) -> tuple[str, str] | None:
    """The CLDR country name nearest to `name` (English or Thai) and its code, if near."""
    wanted = name.strip().casefold()
    close = difflib.get_close_matches(wanted, countries.known_names(), n=1, cutoff=0.8)
    if not close:
        return None
    code = countries.code_for_name(close[0])
    if code is None:
        return None
    lang = "en" if close[0].isascii() else "th"
    return countries.region_name(code, lang) or close[0], code


def _region_code(name: str) -> str | None:
    """The region `name` names as CLDR knows it, by code, alpha-3 code or name."""
    wanted = name.strip()
    if len(wanted) == 2 and countries.is_region(wanted):
        return wanted.upper()
    if len(wanted) == 3 and wanted.isalpha():
        code = countries.from_alpha3(wanted)
        if code:
            return code
    return countries.code_for_name(wanted)
