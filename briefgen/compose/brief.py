"""The background brief: one page, always.

compose_brief() gathers everything the brief could say, in full. When the rendered page
overflows, what goes first, and what is cut, is compose/trimming.py's to say. A brief that
fits as it is cuts nothing.
"""

from __future__ import annotations

from collections import Counter
from datetime import date

from briefgen.compose.common import clip, engagement, meeting_title, pledge_text, tidy
from briefgen.compose.context import (
    Brief,
    Header,
    Outcome,
    OverdueItem,
    OwedCount,
)
from briefgen.compose.facts import PackFacts, Pledge, annex_numbers
from briefgen.compose.localize import Localizer
from briefgen.compose.refs import restated, short_month
from briefgen.compose.room import delegations, last_of_series


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
