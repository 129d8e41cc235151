"""A release's texts merged into the record it updates, never over it.

A record's text may be plain ("Maris Sangiampongsa") or by language ({en: …, th: …}). What a
release says in a language the record lacks is added beside it (a plain string becomes
{en: old, th: new}); what the record already says in that language stays as the officer wrote
it. People are matched to the record's entries by name in the same script; across scripts
("มาริษ เสงี่ยมพงษ์" for "Maris Sangiampongsa") by side, role and order, only when each side
lists as many as the record does; when unsure, the record's entries stay as they are and a
`review` note says what the release adds.
"""

from __future__ import annotations

import re
from collections import defaultdict
from typing import Any

from ruamel.yaml.comments import CommentedMap

from briefgen.ingest.draft import WIDTH, _styled
from briefgen.ingest.vocabulary import HONORIFICS_EN, HONORIFICS_TH
from briefgen.textvalue import has_thai

_HONORIFIC = re.compile(rf"^(?:(?:{HONORIFICS_EN})\s+|(?:{HONORIFICS_TH})\s*)+", re.IGNORECASE)


def language_of(text: str) -> str:
    """The language of a plain string, as far as the record tells: Thai script, or English."""
    return "th" if has_thai(text) else "en"


def by_language(value: Any) -> dict[str, str]:
    if isinstance(value, str):
        return {language_of(value): value}
    return {str(k): str(v) for k, v in (value or {}).items()}


def merged_text(old: Any, new: Any) -> Any:
    """old with new's languages that it lacks added; old itself when it lacks none."""
    have, given = by_language(old), by_language(new)
    missing = {lang: text for lang, text in given.items() if lang not in have}
    if not missing:
        return old
    if isinstance(old, CommentedMap):
        for lang, text in missing.items():
            old[lang] = text
        return old
    both = CommentedMap({**have, **missing})
    both.fa.set_flow_style()  # {en: …, th: …} on one line, as the records write it
    return both


def same_text(old: Any, new: Any) -> bool | None:
    """Whether two texts say the same in a language both have; None when they share none."""
    have, given = by_language(old), by_language(new)
    common = [lang for lang in given if lang in have]
    if not common:
        return None
    return any(_plain(have[lang]) == _plain(given[lang]) for lang in common)


def _plain(text: str) -> str:
    return " ".join(re.findall(r"[^\W_]+", text.casefold()))


def _name(text: str) -> str:
    return _plain(_HONORIFIC.sub("", text.strip()))


def _same_person(entry: Any, person: dict[str, Any]) -> bool | None:
    """True or False when the names share a script, None when they do not."""
    have, given = by_language(entry.get("name")), by_language(person.get("name"))
    common = [lang for lang in given if lang in have]
    if not common:
        return None
    for lang in common:
        a, b = _name(have[lang]), _name(given[lang])
        if a and b and (a == b or a in b or b in a):
            return True
    return False


def merge_participants(
    entries: list[Any], found: list[dict[str, Any]], review: list[str]
) -> dict[int, int | None]:
    """Merge the release's participants into the record's list, in place. Returns where each
    of the release's people went in the list (None: not added, named in a review note)."""
    placed: dict[int, int | None] = {}
    taken: set[int] = set()
    for i, person in enumerate(found):
        for j, entry in enumerate(entries):
            if j not in taken and _same_person(entry, person):
                placed[i] = j
                taken.add(j)
                break
    # Across scripts: by side and order, when each side has as many here as in the record.
    waiting: dict[str, list[int]] = defaultdict(list)
    for i, person in enumerate(found):
        if i not in placed:
            waiting[str(person.get("side"))].append(i)
    for side, people in waiting.items():
        others = [
            j for j, entry in enumerate(entries)
            if j not in taken and str(entry.get("side")) == side
            and _same_person(entry, found[people[0]]) is None
        ]  # fmt: skip
        roles = all(
            str(entries[j].get("role", "")) == str(found[i].get("role", ""))
            for i, j in zip(people, others, strict=False)
        )
        if others and len(others) == len(people) and roles:
            for i, j in zip(people, others, strict=True):
                placed[i] = j
                taken.add(j)
        elif others:
            for i in people:
                placed[i] = None
                review.append(
                    f"participants: the release names {_shown(found[i])} ({side}), whom briefgen "
                    f"could not match to this record's {side} entries by side, role and order; "
                    "add the name to the right entry, or as a new one"
                )
    for i, person in enumerate(found):
        if i in placed:
            where = placed[i]
            if where is not None:
                _merge_entry(entries[where], person)
            continue
        entries.append(_styled(dict(person), "participants"))
        placed[i] = len(entries) - 1
    for j, entry in enumerate(entries):
        if (
            j not in taken
            and j not in placed.values()
            and any(_same_person(entry, person) is False for person in found)
        ):
            review.append(
                f"participants[{j}]: the release does not name {_shown(entry)}; check that they "
                "took part, or remove the entry"
            )
    return placed


def _merge_entry(entry: Any, person: dict[str, Any]) -> None:
    for key in ("name", "title"):
        if person.get(key) is None:
            continue
        if entry.get(key) is None:
            entry[key] = _styled(person[key], key)
        else:
            entry[key] = merged_text(entry[key], person[key])
    for key in ("side", "role"):
        if entry.get(key) is None and person.get(key) is not None:
            entry[key] = person[key]
    shown = ", ".join(f"{k}: {v}" for k, v in entry.items())
    if isinstance(entry, CommentedMap) and len(shown) > WIDTH - 10:
        entry.fa.set_block_style()  # one field a line, as the records write a long entry


def _shown(person: dict[str, Any]) -> str:
    return " / ".join(by_language(person.get("name")).values())
