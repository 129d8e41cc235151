"""Who is in the room, and which earlier meeting the brief reports on.

The heads of delegation come from the planned meeting's participants. Without them, the brief
names those of the last meeting of the same series (or, with no series, of the last meeting
that lists any), and says as of when; a side that meeting does not name is filled from the
counterpart's people. Either way a reader sees whose names are current and whose are not.
"""

from __future__ import annotations

from briefgen.compose.context import Delegation
from briefgen.compose.facts import PackFacts
from briefgen.compose.localize import Localizer
from briefgen.records import Counterpart, Meeting, Participant, Person

# One line per side: the brief names the heads, the records keep everyone.
MOST_PER_SIDE = 3


def last_of_series(facts: PackFacts) -> Meeting | None:
    """The last held meeting of the planned meeting's series; else the last meeting held."""
    meeting = facts.meeting
    if meeting and meeting.series:
        same = [m for m in facts.history if m.series == meeting.series]
        if same:
            return same[0]
    return facts.last_meeting


def heads(meeting: Meeting) -> list[Participant]:
    return meeting.co_chairs() or meeting.participants


def _name(person: Participant | Person, loc: Localizer, where: str, meeting: Meeting | None) -> str:
    source = meeting.file if meeting else None
    name = loc.text(person.name, f"{where}.name", source)
    title = loc.text(person.title, f"{where}.title", source) if person.title else ""
    return loc._("{name}, {title}").format(name=name, title=title) if title else name


def _side_name(party: Counterpart, loc: Localizer) -> str:
    return loc.text(party.short_name or party.name, "short_name")


def delegations(facts: PackFacts, loc: Localizer) -> tuple[list[Delegation], str]:
    """Each side's heads of delegation, home first, and a note saying as of when they are
    known ("" when the planned meeting names them)."""
    sides = [facts.home, facts.counterpart]
    meeting = facts.meeting
    if meeting and heads(meeting):
        return _from_meeting(meeting, sides, loc), ""
    earlier = _last_with_participants(facts)
    found = _from_meeting(earlier, sides, loc) if earlier else []
    named = {d.side for d in found}
    counterpart_name = _side_name(facts.counterpart, loc)
    if counterpart_name not in named and facts.counterpart.people:
        people = facts.counterpart.people[:MOST_PER_SIDE]
        found.append(
            Delegation(
                side=counterpart_name,
                people="; ".join(_name(p, loc, f"people[{i}]", None) for i, p in enumerate(people)),
            )
        )
    if not found:
        return [], ""
    if earlier:
        note = loc._("As of {date}; confirm who leads this time.").format(
            date=loc.date_range(earlier.date, earlier.end_date)
        )
    else:
        note = loc._("From the counterpart's record of its people: confirm who leads this time.")
    return found, note


def _last_with_participants(facts: PackFacts) -> Meeting | None:
    series = last_of_series(facts)
    if series and heads(series) and (not facts.meeting or series.series == facts.meeting.series):
        return series
    return next((m for m in facts.history if heads(m)), None)


def _from_meeting(meeting: Meeting, sides: list[Counterpart], loc: Localizer) -> list[Delegation]:
    chosen = heads(meeting)
    found = []
    for party in sides:
        mine = [p for p in chosen if p.side == party.code][:MOST_PER_SIDE]
        where = [f"participants[{meeting.participants.index(p)}]" for p in mine]
        if mine:
            found.append(
                Delegation(
                    side=_side_name(party, loc),
                    people="; ".join(
                        _name(p, loc, w, meeting) for p, w in zip(mine, where, strict=True)
                    ),
                    names="; ".join(
                        loc.text(p.name, f"{w}.name", meeting.file)
                        for p, w in zip(mine, where, strict=True)
                    ),
                )
            )
    return found
