"""Talking points: key messages, then one point per issue, topic by topic.

One issue is one point. A planned point absorbs the commitments it is about (named with `re:`
in the records, else found by wording) and carries their reference and overdue status; a
commitment no planned point is about becomes a sentence of its own (compose/sayable.py); joint
commitments with nothing to ask collapse into one stock-take line per topic. Each topic puts
overdue points first, then the planned ones, then the rest, then the stock-take.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

from briefgen.compose.common import pledge_text
from briefgen.compose.context import Header, Point, TalkingPoints, TopicPoints
from briefgen.compose.facts import PackFacts, Pledge, annex_numbers
from briefgen.compose.localize import Localizer
from briefgen.compose.refs import (
    MATCH_SHARE,
    annex_key,
    annex_refs,
    match_points,
    meeting_tag,
    pledges_by_id,
    restated,
    short_month,
    similarity,
)
from briefgen.compose.sayable import finish, fits, lower_first, party_name, pledge_point
from briefgen.textvalue import LocalText

GENERAL = ""  # the topic key of commitments and lines that name no topic
KEY_MESSAGES = 5


@dataclass
class _Planned:
    text: str
    pledges: list[Pledge] = field(default_factory=list)


def agenda_topics(facts: PackFacts) -> list[str]:
    """The planned meeting's agenda; else the topics of recent meetings, most recent first."""
    if facts.meeting and facts.meeting.agenda:
        return list(dict.fromkeys(facts.meeting.agenda))
    keys: dict[str, None] = {}
    for meeting in facts.history:
        for discussion in meeting.topics:
            keys.setdefault(discussion.topic)
    return list(keys)


class _Composer:
    def __init__(self, facts: PackFacts, loc: Localizer) -> None:
        self.facts = facts
        self.loc = loc
        self.numbers = annex_numbers(facts)
        self.planned = self._planned_points()

    def _planned_points(self) -> dict[str, list[_Planned]]:
        """The meeting's points by topic, each with the commitments it is about."""
        meeting = self.facts.meeting
        if meeting is None:
            return {}
        by_id = pledges_by_id(self.facts)
        planned: dict[str, list[_Planned]] = {}
        taken: set[tuple[str, int]] = set()
        for key, points in meeting.talking_points.items():
            planned[key] = []
            for i, point in enumerate(points):
                text = self.loc.text(point.text, f"talking_points.{key}[{i}]", meeting.file)
                pledges = [by_id[ref] for ref in point.re if ref in by_id]
                taken.update(annex_key(p) for p in pledges)
                planned[key].append(_Planned(text, pledges))
        for key, points in meeting.talking_points.items():
            unnamed = [i for i, point in enumerate(points) if not point.re]
            candidates = [
                p for p in self.facts.pledges if p.is_open() and p.commitment.topic == key
            ]
            found = match_points([points[i].text for i in unnamed], candidates, taken)
            for position, pledges in found.items():
                planned[key][unnamed[position]].pledges += pledges
                taken.update(annex_key(p) for p in pledges)
        return planned

    def claimed(self) -> set[tuple[str, int]]:
        return {annex_key(p) for points in self.planned.values() for x in points for p in x.pledges}

    def reference(self, pledges: list[Pledge], *, with_due: bool = True) -> tuple[str, str]:
        """(note, overdue): "2+2, Feb 2024; annex 7" and "due Mar 2024, overdue"."""
        loc, reference = self.loc, self.facts.reference
        overdue = [p for p in pledges if p.commitment.is_overdue(reference)]
        parts = []
        # The latest due date: of several, the one still to be answered for.
        dues = [d for p in (overdue or pledges) if (d := p.commitment.current_due())]
        due = max(dues, key=lambda d: d.last_day()) if dues else None
        if due and with_due and not overdue:
            parts.append(loc._("due {date}").format(date=short_month(due, loc)))
        tags = list(dict.fromkeys(meeting_tag(p.meeting, loc) for p in pledges))
        parts += tags if len(tags) == 1 else []  # the annex says which meeting, for several
        parts.append(annex_refs((self.numbers[annex_key(p)] for p in pledges), loc))
        flag = ""
        if overdue and due:
            flag = loc._("due {date}, overdue").format(date=short_month(due, loc))
        return "; ".join(parts), flag

    def pledge(self, same: list[Pledge]) -> Point:
        """One point for a commitment, or for the same undertaking restated at several
        meetings (the same owner and words): the latest made speaks for them all."""
        note, overdue = self.reference(same)
        latest = same[-1]
        text = pledge_text(latest, self.loc)
        return pledge_point(latest, self.facts, self.loc, text, note=note, overdue=overdue)

    def restated(self, pledges: list[Pledge]) -> list[list[Pledge]]:
        return restated(pledges, self.facts.home.code, self.loc)

    def topic(self, key: str, pledges: list[Pledge]) -> TopicPoints:
        facts, loc = self.facts, self.loc
        topic = facts.workspace.topics.get(key)
        label = loc.text(topic.label, "label") if topic else loc._("Other matters")
        reference = facts.reference
        planned = []
        for item in self.planned.get(key, []):
            note, flag = self.reference(item.pledges) if item.pledges else ("", "")
            planned.append(Point(item.text, note, flag))
        home = facts.home.code
        mine = self.restated(sorted(pledges, key=lambda p: p.sort_key(reference)))

        def late(group: list[Pledge]) -> bool:
            return any(p.commitment.is_overdue(reference) for p in group)

        overdue: list[Point] = [self.pledge(g) for g in mine if late(g)]
        asks = [self.pledge(g) for g in mine if not late(g) and g[0].owner(home) != "joint"]
        joint = [p for g in mine if not late(g) and g[0].owner(home) == "joint" for p in g]
        points = (
            overdue
            + [p for p in planned if p.overdue]
            + [p for p in planned if not p.overdue]
            + asks
            + self.stock_take(joint, label)
        )
        quiet = ""
        if not points:
            points = self.last_discussion(key)
            quiet = points[0].note
        said = [p.commitment.text for p in pledges] + [
            p.commitment.text for item in self.planned.get(key, []) for p in item.pledges
        ]
        if meeting := facts.meeting:
            said += [point.text for point in meeting.talking_points.get(key, [])]
        return TopicPoints(
            key=key,
            label=label,
            points=points,
            if_raised=self.if_raised(key, said=said),
            quiet=quiet,
        )

    def stock_take(self, joint: list[Pledge], label: str) -> list[Point]:
        if not joint:
            return []
        if len(self.restated(joint)) == 1:
            return [self.pledge(self.restated(joint)[0])]
        note, _ = self.reference(joint, with_due=False)
        text = self.loc.n_(
            "Take stock of the {count} joint commitment on {topic}",
            "Take stock of the {count} joint commitments on {topic}",
            len(joint),
        ).format(count=self.loc.number(len(joint)), topic=lower_first(label))
        return [Point(finish(text), note)]

    def last_discussion(self, key: str) -> list[Point]:
        """A topic with nothing to ask: a pointer to when it was last discussed, if ever."""
        for meeting in self.facts.history:
            if any(d.topic == key for d in meeting.topics):
                text = self.loc._("Review progress since the last discussion")
                return [Point(finish(text), meeting_tag(meeting, self.loc))]
        return [Point(self.loc._("No earlier discussion or open commitment is on record."))]

    def if_raised(
        self,
        key: str | None,
        agenda: tuple[str, ...] | list[str] = (),
        said: list[LocalText] | None = None,
    ) -> list[str]:
        """The lines on one topic; with key None, those on no topic or one off the agenda.
        A line about what a point of the topic already raises (the same wording as the
        point or a commitment it makes, as match_points reads it) is not said twice."""
        meeting = self.facts.meeting
        if meeting is None:
            return []
        return [
            self.loc.text(line.text, f"if_raised[{i}].text", meeting.file)
            for i, line in enumerate(meeting.if_raised)
            if (line.topic == key if key is not None else line.topic not in agenda)
            and not any(similarity(line.text, text) >= MATCH_SHARE for text in said or ())
        ]

    def key_messages(self, objectives: list[str]) -> list[str]:
        """The first objectives, then what is overdue on each side, in five lines at most."""
        facts, loc = self.facts, self.loc
        lines = objectives[:KEY_MESSAGES]
        home = facts.home.code
        overdue = [p for p in facts.pledges if p.commitment.is_overdue(facts.reference)]
        theirs = [p for p in overdue if p.owner(home) == "counterpart"]
        ours = [p for p in overdue if p.owner(home) != "counterpart"]
        party = party_name(facts, loc)
        if theirs and len(lines) < KEY_MESSAGES:
            text = loc.n_(
                "Press {party} on its {count} overdue commitment ({annex})",
                "Press {party} on its {count} overdue commitments ({annex})",
                len(theirs),
            )
            lines.append(
                finish(
                    text.format(
                        party=party, count=loc.number(len(theirs)), annex=self._annex(theirs)
                    )
                )
            )
        if ours and len(lines) < KEY_MESSAGES:
            text = loc.n_(
                "Be ready to explain the delay on {count} overdue commitment of ours or "
                "joint ({annex})",
                "Be ready to explain the delay on {count} overdue commitments of ours or "
                "joint ones ({annex})",
                len(ours),
            )
            lines.append(finish(text.format(count=loc.number(len(ours)), annex=self._annex(ours))))
        return lines

    def _annex(self, pledges: list[Pledge]) -> str:
        return annex_refs((self.numbers[annex_key(p)] for p in pledges), self.loc)


def _gather_quiet(topics: list[TopicPoints], loc: Localizer) -> list[TopicPoints]:
    """Topics with nothing to say but that they were discussed before: one line for them all,
    at the end, rather than the same line under each heading."""
    quiet = [t for t in topics if t.quiet and not t.if_raised]
    if len(quiet) < 2:
        return topics
    names = "; ".join(lower_first(t.label) for t in quiet)
    text = loc._("Review progress since the last discussion of {topics}").format(topics=names)
    tags = "; ".join(dict.fromkeys(t.quiet for t in quiet))
    point = Point(finish(text), tags)
    if not fits(point):  # too many topics to name in one point: each keeps its heading
        return topics
    gathered = TopicPoints(
        key=GENERAL, label=loc._("Other topics discussed before"), points=[point], if_raised=[]
    )
    return [t for t in topics if t not in quiet] + [gathered]


# A point that says again what a key message says, near word for word: the key message is
# the headline, and the point under its topic keeps only where to look it up.
KEY_REPEAT = 0.8


def _headlined(topic: TopicPoints, key_messages: list[str], loc: Localizer) -> TopicPoints:
    points = []
    for point in topic.points:
        repeats = [
            number
            for number, message in enumerate(key_messages, 1)
            if similarity(LocalText(message), LocalText(point.text)) >= KEY_REPEAT
        ]
        if repeats and (point.note or point.overdue):
            text = loc._("As key message {number}").format(number=loc.number(repeats[0]))
            point = dataclasses.replace(point, text=finish(text))
        points.append(point)
    return dataclasses.replace(topic, points=points)


def compose_talking_points(facts: PackFacts, loc: Localizer, header: Header) -> TalkingPoints:
    meeting = facts.meeting
    composer = _Composer(facts, loc)
    keys = agenda_topics(facts)
    claimed = composer.claimed()
    open_pledges = [p for p in facts.pledges if p.is_open() and annex_key(p) not in claimed]
    # Open commitments on topics off the agenda still need a place: they go under
    # "Other matters" rather than disappear from the officer's notes.
    leftovers = [p for p in open_pledges if (p.commitment.topic or GENERAL) not in keys]
    topics = [
        composer.topic(key, [p for p in open_pledges if p.commitment.topic == key]) for key in keys
    ]
    if leftovers:
        topics.append(composer.topic(GENERAL, leftovers))
    topics = _gather_quiet(topics, loc)
    objectives = (
        [loc.text(o, f"objectives[{i}]", meeting.file) for i, o in enumerate(meeting.objectives)]
        if meeting
        else []
    )
    key_messages = composer.key_messages(objectives)
    return TalkingPoints(
        header=header,
        key_messages=key_messages,
        further_objectives=objectives[KEY_MESSAGES:],
        topics=[_headlined(topic, key_messages, loc) for topic in topics],
        if_raised=composer.if_raised(None, keys),
    )
