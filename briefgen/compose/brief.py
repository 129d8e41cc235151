"""The background brief: one page, always.

compose_brief() gathers everything the brief could say, in full. When the rendered page
overflows, trim() takes the steps of DROP_ORDER in turn: it drops the least important items
first and records what it left out (the annex and the talking points keep all of it), and
only when the page is still full does it cut long texts with "…". A brief that fits as it is
cuts nothing.
"""

from __future__ import annotations

import copy
import dataclasses
from collections import Counter
from dataclasses import dataclass
from datetime import date

from briefgen.compose.common import clip, engagement, meeting_title, pledge_text, tidy
from briefgen.compose.context import (
    Brief,
    Delegation,
    Header,
    Outcome,
    OverdueItem,
    OwedCount,
)
from briefgen.compose.facts import PackFacts, Pledge, annex_numbers
from briefgen.compose.localize import Localizer
from briefgen.compose.refs import restated, short_month
from briefgen.compose.room import delegations, last_of_series


@dataclass(frozen=True)
class Drop:
    section: str  # a list attribute of Brief (a text attribute for a cut)
    keep: int  # never fewer than this many items
    what: str  # how stderr names the dropped items
    cut: int = 0  # not a drop: cut the section's texts to this many characters

    def cut_length(self, item: object) -> int:
        """How long the item's longest text is once this step has cut it."""
        return len(_long_text(_cut_item(item, self.cut)))


def cut(section: str, limit: int) -> Drop:
    return Drop(section, 0, "", cut=limit)


# Least important first, in rounds, so that a crowded brief loses a little of every section
# before any section is cut to the bone: older engagements, then third-party context, …
# Long texts are cut in between, a notch at a time, once a round of drops has not been enough.
DROP_ORDER = (
    Drop("engagements", 3, "older engagements"),
    Drop("third_party", 1, "third-party meetings"),
    Drop("facts", 1, "relationship facts"),
    cut("relationship", 360),
    cut("meeting_summary", 200),
    Drop("engagements", 2, "older engagements"),
    Drop("third_party", 0, "third-party meetings"),
    Drop("facts", 0, "relationship facts"),
    cut("outcomes", 220),
    Drop("overdue_named", 4, "overdue commitments named"),
    Drop("outcomes", 5, "outcomes of the last meeting"),
    Drop("objectives", 4, "objectives"),
    cut("relationship", 180),
    cut("outcomes", 150),
    cut("room", 200),
    cut("meeting_summary", 100),
    Drop("engagements", 1, "older engagements"),
    cut("overdue_named", 140),
    cut("objectives", 260),
    Drop("overdue_named", 3, "overdue commitments named"),
    Drop("outcomes", 4, "outcomes of the last meeting"),
    Drop("objectives", 3, "objectives"),
    Drop("overdue_named", 2, "overdue commitments named"),
    Drop("outcomes", 3, "outcomes of the last meeting"),
    cut("room", 120),
    Drop("overdue_named", 1, "overdue commitments named"),
    Drop("outcomes", 1, "outcomes of the last meeting"),
    Drop("objectives", 1, "objectives"),
)

# "1 objective", not "1 objectives", on stderr.
SINGULAR = {
    "older engagements": "older engagement",
    "third-party meetings": "third-party meeting",
    "relationship facts": "relationship fact",
    "overdue commitments named": "overdue commitment named",
    "outcomes of the last meeting": "outcome of the last meeting",
    "objectives": "objective",
}


def compose_brief(facts: PackFacts, loc: Localizer, header: Header) -> Brief:
    counterpart = header.counterpart
    meeting = facts.meeting
    if meeting:
        # The header already names the meeting, its date and place.
        objectives = [
            loc.text(o, f"objectives[{i}]", meeting.file) for i, o in enumerate(meeting.objectives)
        ]
        purpose = (
            loc._("Prepare the delegation for this meeting and secure our objectives:")
            if objectives
            else loc._("Prepare the delegation for this meeting.")
        )
    else:
        purpose = loc._("Background on relations with {counterpart}, as of {date}.").format(
            counterpart=counterpart, date=header.when
        )
        objectives = []
    last = last_of_series(facts)
    late = [p for p in facts.pledges if p.commitment.is_overdue(facts.reference)]
    # An undertaking restated at several meetings is named once, with its due date as last
    # revised; the longest overdue first, as the annex numbers them where the dates tie.
    groups = [
        [p for p in group if p.commitment.is_overdue(facts.reference)]
        for group in restated(late, facts.home.code, loc)
    ]
    numbers = annex_numbers(facts)
    overdue = [
        _overdue_item(group, facts, loc)
        for group in sorted(
            groups,
            key=lambda g: (
                _latest_due(g),
                min(numbers.get((p.meeting.key, p.index), len(numbers)) for p in g),
            ),
        )
    ]
    room, room_note = delegations(facts, loc)
    return Brief(
        header=header,
        meeting_summary=_meeting_summary(facts, loc),
        room=room,
        room_note=room_note,
        purpose=purpose,
        objectives=objectives,
        relationship=_relationship(facts, loc),
        facts=_relationship_facts(facts, loc),
        engagements=[engagement(m, loc) for m in facts.history],
        outcomes_heading=(
            loc._("Last meeting's outcomes: {meeting}").format(meeting=meeting_title(last, loc))
            if last
            else loc._("Last meeting's outcomes")
        ),
        last_meeting=(
            (
                tidy(
                    loc._("Held {date}, {place}.").format(
                        date=loc.date_range(last.date, last.end_date),
                        place=loc.text(last.location, "location", last.file),
                    )
                )
                if last.location
                else loc._("Held {date}.").format(date=loc.date_range(last.date, last.end_date))
            )
            if last
            else loc._("No earlier meeting is on record.")
        ),
        outcomes=[
            Outcome(
                topic=loc.text(facts.workspace.topics[d.topic].label, "label", None),
                summary=" ".join(loc.text(d.summary, f"topics[{i}].summary", last.file).split()),
            )
            for i, d in enumerate(last.topics)
            if d.summary
        ]
        if last
        else [],
        owed=_owed_counts(facts, loc),
        overdue_named=overdue,
        third_party=[engagement(m, loc) for m in facts.third_party],
        overdue_more_notes=[""]
        + [_overdue_more(count, loc) for count in range(1, len(overdue) + 1)],
    )


def _level(level: str, loc: Localizer) -> str:
    labels = {
        "leaders": loc._("Leaders' level"),
        "ministerial": loc._("Ministerial level"),
        "senior-officials": loc._("Senior officials' level"),
        "working": loc._("Working level"),
    }
    return labels[level]


def _meeting_summary(facts: PackFacts, loc: Localizer) -> str:
    """ "Senior officials' level. Third round of …": the level and summary the record gives."""
    meeting = facts.meeting
    if meeting is None:
        return ""
    level = _level(meeting.level, loc) if meeting.level else ""
    summary = " ".join(loc.text(meeting.summary, "summary", meeting.file).split())
    if level and summary:
        return loc._("{level}. {summary}").format(level=level, summary=summary)
    return level or summary


def _latest_due(group: list[Pledge]) -> date:
    return max(due.last_day() for p in group if (due := p.commitment.current_due()))


def _overdue_item(group: list[Pledge], facts: PackFacts, loc: Localizer) -> OverdueItem:
    """The commitment, and who owes it by when: "U.S., due Apr 2024"."""
    pledge = max(group, key=lambda p: _latest_due([p]))
    owner = pledge.owner(facts.home.code)
    party = {"counterpart": facts.counterpart, "home": facts.home}.get(owner)
    due = pledge.commitment.current_due()
    assert due is not None, "only a commitment with a due date is overdue"
    when = short_month(due, loc)
    owner_due = (
        loc._("{party}, due {date}").format(
            party=loc.text(party.short_name or party.name, "short_name"), date=when
        )
        if party
        else loc._("joint, due {date}").format(date=when)
    )
    return OverdueItem(text=" ".join(pledge_text(pledge, loc).split()), owner=owner_due)


def _overdue_more(count: int, loc: Localizer) -> str:
    return loc._("… and {count} more: see the commitments annex.").format(count=loc.number(count))


def _relationship(facts: PackFacts, loc: Localizer) -> str:
    relations = facts.counterpart.relations
    if relations and relations.summary:
        return " ".join(loc.text(relations.summary, "relations.summary", None).split())
    return ""


def _relationship_facts(facts: PackFacts, loc: Localizer) -> list[str]:
    relations = facts.counterpart.relations
    lines = []
    if relations and relations.established:
        lines.append(
            loc._("Diplomatic relations since {date}.").format(date=loc.date(relations.established))
        )
    if relations:
        lines += [clip(loc.text(f, "relations.facts", None)) for f in relations.facts]
    if facts.history:
        first = facts.history[-1]
        count = len(facts.history)
        lines.append(
            loc.n_(
                "{count} meeting on record since {date}.",
                "{count} meetings on record since {date}.",
                count,
            ).format(count=loc.number(count), date=loc.date(first.date))
        )
    return lines


def _owed_counts(facts: PackFacts, loc: Localizer) -> list[OwedCount]:
    names = {
        "counterpart": loc.text(facts.counterpart.short_name or facts.counterpart.name, "name"),
        "home": loc.text(facts.home.short_name or facts.home.name, "name"),
        "joint": loc._("Joint"),
    }
    counts: dict[str, Counter[str]] = {key: Counter() for key in names}
    for pledge in facts.pledges:
        commitment = pledge.commitment
        bucket = counts[pledge.owner(facts.home.code)]
        status = commitment.current_status()
        if commitment.is_overdue(facts.reference):
            bucket["overdue"] += 1
        elif status in ("open", "in-progress"):
            bucket["open"] += 1
        elif status == "done":
            bucket["done"] += 1
    return [
        OwedCount(
            who=names[key],
            open=loc.number(counter["open"], table=True),
            overdue=loc.number(counter["overdue"], table=True),
            done=loc.number(counter["done"], table=True),
        )
        for key, counter in counts.items()
    ]


def drop_steps(brief: Brief) -> list[Drop]:
    """One entry per item that may go, or text that may be cut, in the order they go."""
    lengths = {d.section: len(getattr(brief, d.section)) for d in DROP_ORDER if not d.cut}
    steps = []
    for drop in DROP_ORDER:
        if drop.cut:
            if any(len(text) > drop.cut for text in _texts(getattr(brief, drop.section))):
                steps.append(drop)
            continue
        surplus = max(lengths[drop.section] - drop.keep, 0)
        steps += [drop] * surplus
        lengths[drop.section] -= surplus
    return steps


def _texts(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    return [_long_text(item) for item in value]  # type: ignore[attr-defined]


def _long_text(item: object) -> str:
    """The text of an item that a cut shortens: the item itself, or its longest field."""
    if isinstance(item, str):
        return item
    return str(getattr(item, _LONG_FIELDS[type(item).__name__]))


# The field a cut shortens, for items of several fields.
_LONG_FIELDS = {"Outcome": "summary", "OverdueItem": "text", "Delegation": "people"}


def _cut_item(item: object, limit: int) -> object:
    if isinstance(item, str):
        return clip(item, limit)
    if isinstance(item, Delegation):
        # A full page keeps every name and drops the titles: never half a name.
        return dataclasses.replace(item, people=item.names) if len(item.people) > limit else item
    name = _LONG_FIELDS[type(item).__name__]
    return dataclasses.replace(item, **{name: clip(getattr(item, name), limit)})  # type: ignore[type-var]


# When the fewest steps that fit leave room on the page, steps are undone, most important
# section first: the objectives before the overdue items, the room, the outcomes, … ; a
# section's harshest cut before its milder one.
RESTORE_ORDER = (
    "objectives",
    "overdue_named",
    "room",
    "outcomes",
    "meeting_summary",
    "relationship",
    "facts",
    "engagements",
    "third_party",
)


def restore_order(steps: list[Drop]) -> list[int]:
    """The indices of `steps` in the order fitting tries to undo them."""
    return sorted(
        range(len(steps)),
        key=lambda i: (RESTORE_ORDER.index(steps[i].section), -i),
    )


def trim(brief: Brief, steps: list[Drop], restored: list[int] | None = None) -> Brief:
    """A copy of the brief after the first len(steps) steps but those at the indices
    `restored`: items dropped, texts cut."""
    trimmed = copy.copy(brief)
    dropped: Counter[str] = Counter()
    undone = set(restored or ())
    for drop in (step for i, step in enumerate(steps) if i not in undone):
        value = getattr(trimmed, drop.section)
        if drop.cut:
            if isinstance(value, str):
                setattr(trimmed, drop.section, clip(value, drop.cut))
            else:
                setattr(trimmed, drop.section, [_cut_item(item, drop.cut) for item in value])
            continue
        items = list(value)
        items.pop()  # lists run most important first, so the last item goes
        setattr(trimmed, drop.section, items)
        dropped[drop.what] += 1
    trimmed.steps_taken = len(steps)
    trimmed.restored = sorted(undone)
    trimmed.omitted = [
        f"{count} {SINGULAR.get(what, what) if count == 1 else what}"
        for what, count in dropped.items()
    ]
    return trimmed
