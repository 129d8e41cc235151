"""The background brief: one page, always.

compose_brief() gathers everything the brief could say. When the rendered page overflows,
trim() drops the least important items first, in DROP_ORDER, and records what it left
out; the annex and the talking points keep all of it.
"""

from __future__ import annotations

import copy
from collections import Counter
from dataclasses import dataclass

from briefgen.compose.common import clip, engagement, meeting_title, pledge_text
from briefgen.compose.context import Brief, Header, Outcome, OwedCount
from briefgen.compose.facts import PackFacts
from briefgen.compose.localize import Localizer


@dataclass(frozen=True)
class Drop:
    section: str  # a list attribute of Brief
    keep: int  # never fewer than this many items
    what: str  # how stderr names the dropped items


# Least important first, in rounds, so that a crowded brief loses a little of every section
# before any section is cut to the bone: older engagements, then third-party context, …
DROP_ORDER = (
    Drop("engagements", 4, "older engagements"),
    Drop("third_party", 2, "third-party meetings"),
    Drop("facts", 2, "relationship facts"),
    Drop("overdue_named", 4, "overdue commitments named"),
    Drop("outcomes", 5, "outcomes of the last meeting"),
    Drop("objectives", 4, "objectives"),
    Drop("engagements", 3, "older engagements"),
    Drop("third_party", 1, "third-party meetings"),
    Drop("facts", 1, "relationship facts"),
    Drop("overdue_named", 2, "overdue commitments named"),
    Drop("outcomes", 3, "outcomes of the last meeting"),
    Drop("objectives", 3, "objectives"),
    Drop("engagements", 2, "older engagements"),
    Drop("third_party", 0, "third-party meetings"),
    Drop("facts", 0, "relationship facts"),
    Drop("overdue_named", 1, "overdue commitments named"),
    Drop("outcomes", 1, "outcomes of the last meeting"),
    Drop("objectives", 1, "objectives"),
    Drop("engagements", 1, "older engagements"),
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
            clip(loc.text(o, f"objectives[{i}]", meeting.file))
            for i, o in enumerate(meeting.objectives)
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
    last = facts.last_meeting
    overdue = [
        clip(pledge_text(p, loc), 140)
        for p in facts.pledges
        if p.commitment.is_overdue(facts.reference)
    ]
    return Brief(
        header=header,
        purpose=purpose,
        objectives=objectives,
        relationship=_relationship(facts, loc),
        facts=_relationship_facts(facts, loc),
        engagements=[engagement(m, loc) for m in facts.history],
        last_meeting=(
            loc._("Last meeting: {meeting}, {date}.").format(
                meeting=meeting_title(last, loc), date=loc.date_range(last.date, last.end_date)
            )
            if last
            else loc._("No earlier meeting is on record.")
        ),
        outcomes=[
            Outcome(
                topic=loc.text(facts.workspace.topics[d.topic].label, "label", None),
                summary=clip(loc.text(d.summary, f"topics[{i}].summary", last.file), 150),
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


def _overdue_more(count: int, loc: Localizer) -> str:
    return loc._("… and {count} more: see the commitments annex.").format(count=loc.number(count))


def _relationship(facts: PackFacts, loc: Localizer) -> str:
    relations = facts.counterpart.relations
    if relations and relations.summary:
        return clip(loc.text(relations.summary, "relations.summary", None), 180)
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
        if status in ("open", "in-progress"):
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
    """One entry per item that may go, in the order items go."""
    lengths = {drop.section: len(getattr(brief, drop.section)) for drop in DROP_ORDER}
    steps = []
    for drop in DROP_ORDER:
        surplus = max(lengths[drop.section] - drop.keep, 0)
        steps += [drop] * surplus
        lengths[drop.section] -= surplus
    return steps


def trim(brief: Brief, steps: list[Drop]) -> Brief:
    """A copy of the brief without the items of the first len(steps) drop steps."""
    trimmed = copy.copy(brief)
    dropped: Counter[str] = Counter()
    for drop in steps:
        items = list(getattr(trimmed, drop.section))
        items.pop()  # lists run most important first, so the last item goes
        setattr(trimmed, drop.section, items)
        dropped[drop.what] += 1
    trimmed.omitted = [
        f"{count} {SINGULAR.get(what, what) if count == 1 else what}"
        for what, count in dropped.items()
    ]
    return trimmed
