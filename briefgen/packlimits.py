"""How much a pack may hold: a cap on its commitments, and on the length of each text.

A pack is printed and read before a meeting. Thousands of commitments, or commitments of
twenty thousand characters each, make an annex of hundreds of pages that takes minutes to lay
out and that nobody reads; so:

- a pack lists at most MAX_PACK_COMMITMENTS commitments between home and counterpart
  (BRIEFGEN_MAX_PACK_COMMITMENTS raises it, for a desk whose history is that long); past
  that, `make` stops before any layout, with a message saying how many there are;
- a commitment's text, and each of its update notes, shows at most MAX_COMMITMENT_CHARS
  characters in the pack, and fewer (down to MIN_SHOWN_CHARS) when the commitments' texts
  together would pass MAX_PACK_TEXT_CHARS (about 30 pages of annex); a text is cut at a word
  and marked "[…]", and the run's warnings name the record file and field whose text was
  shortened (the record itself is unchanged).
"""

from __future__ import annotations

import dataclasses

from briefgen.budget import setting
from briefgen.compose.facts import PackFacts, Pledge
from briefgen.errors import InputError, display_path
from briefgen.textvalue import LocalText

MAX_PACK_COMMITMENTS = 300
COMMITMENTS_SETTING = "BRIEFGEN_MAX_PACK_COMMITMENTS"
MAX_COMMITMENT_CHARS = 1_000
MAX_PACK_TEXT_CHARS = 40_000
MIN_SHOWN_CHARS = 200
MAX_WARNINGS = 5
MARK = " […]"


def bound_facts(facts: PackFacts) -> tuple[PackFacts, list[str]]:
    """The facts with every commitment's texts within bounds, and a warning for each text
    shortened; an InputError when there are too many commitments for one pack."""
    count, most = len(facts.pledges), int(setting(COMMITMENTS_SETTING, MAX_PACK_COMMITMENTS))
    if count > most:
        raise InputError(
            f"{count:,} commitments between {facts.home.code} and {facts.counterpart.code}; "
            f"a pack lists at most {most:,} (its annex would run to hundreds of pages; "
            f"set {COMMITMENTS_SETTING} to allow more)"
        )
    warnings: list[str] = []
    limit = _limit(facts.pledges)
    pledges = [_bounded(pledge, limit, warnings) for pledge in facts.pledges]
    if not warnings:
        return facts, []
    if len(warnings) > MAX_WARNINGS:
        more = len(warnings) - MAX_WARNINGS
        warnings = [*warnings[:MAX_WARNINGS], f"… and {more:,} more texts shortened likewise"]
    return dataclasses.replace(facts, pledges=pledges), warnings


def _limit(pledges: list[Pledge]) -> int:
    """The characters each commitment text may show: MAX_COMMITMENT_CHARS, less when all the
    texts together would pass MAX_PACK_TEXT_CHARS."""
    total = sum(
        min(len(text), MAX_COMMITMENT_CHARS)
        for pledge in pledges
        for text in pledge.commitment.text.all_texts()
    )
    if total <= MAX_PACK_TEXT_CHARS:
        return MAX_COMMITMENT_CHARS
    return max(MIN_SHOWN_CHARS, MAX_COMMITMENT_CHARS * MAX_PACK_TEXT_CHARS // total)


def _bounded(pledge: Pledge, limit: int, warnings: list[str]) -> Pledge:
    commitment = pledge.commitment
    where = f"{display_path(pledge.meeting.file)}: commitments[{pledge.index}]"
    text = _shortened(commitment.text, limit, f"{where}.text", warnings)
    updates = [
        update.model_copy(update={"note": note})
        if (note := _shortened(update.note, limit, f"{where}.updates[{i}].note", warnings))
        is not update.note
        else update
        for i, update in enumerate(commitment.updates)
    ]
    if text is commitment.text and all(
        a is b for a, b in zip(updates, commitment.updates, strict=True)
    ):
        return pledge
    changed = commitment.model_copy(update={"text": text, "updates": updates})
    return dataclasses.replace(pledge, commitment=changed)


def _shortened(
    value: LocalText | None, limit: int, where: str, warnings: list[str]
) -> LocalText | None:
    if value is None or all(len(t) <= limit for t in value.all_texts()):
        return value
    longest = max(len(t) for t in value.all_texts())
    warnings.append(f"{where}: {longest:,} characters; the pack shows the first {limit:,}")
    if value.plain is not None:
        return LocalText(_cut(value.plain, limit))
    return LocalText(by_lang={lang: _cut(text, limit) for lang, text in value.by_lang.items()})


def _cut(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    room = limit - len(MARK)
    head = text[:room]
    space = head.rfind(" ")
    if space > room * 3 // 4:  # at a word, unless that loses much (Thai has no spaces)
        head = head[:space]
    return head.rstrip() + MARK
