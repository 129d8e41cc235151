"""Talking points, topic by topic: points to make, asks, updates we owe, lines if raised."""

from __future__ import annotations

from briefgen.compose.common import meeting_title, pledge_origin, pledge_text
from briefgen.compose.context import Header, Point, TalkingPoints, TopicPoints
from briefgen.compose.facts import PackFacts, Pledge
from briefgen.compose.localize import Localizer

GENERAL = ""  # the topic key of commitments and lines that name no topic


def agenda_topics(facts: PackFacts) -> list[str]:
    """The planned meeting's agenda; else the topics of recent meetings, most recent first."""
    if facts.meeting and facts.meeting.agenda:
        return list(dict.fromkeys(facts.meeting.agenda))
    keys: dict[str, None] = {}
    for meeting in facts.history:
        for discussion in meeting.topics:
            keys.setdefault(discussion.topic)
    return list(keys)


def compose_talking_points(facts: PackFacts, loc: Localizer, header: Header) -> TalkingPoints:
    meeting = facts.meeting
    keys = agenda_topics(facts)
    open_pledges = [p for p in facts.pledges if p.is_open()]
    # Open commitments on topics off the agenda still need a place: they go under
    # "Other matters" rather than disappear from the officer's notes.
    leftovers = [p for p in open_pledges if (p.commitment.topic or GENERAL) not in keys]
    topics = [_topic_points(key, facts, loc, open_pledges) for key in keys]
    if leftovers:
        topics.append(_topic_points(GENERAL, facts, loc, leftovers))
    if_raised = []
    if meeting:
        if_raised = [
            loc.text(line.text, f"if_raised[{i}].text", meeting.file)
            for i, line in enumerate(meeting.if_raised)
            if not line.topic or line.topic not in keys
        ]
    return TalkingPoints(
        header=header,
        objectives=[
            loc.text(o, f"objectives[{i}]", meeting.file) for i, o in enumerate(meeting.objectives)
        ]
        if meeting
        else [],
        topics=topics,
        if_raised=if_raised,
    )


def _topic_points(key: str, facts: PackFacts, loc: Localizer, pledges: list[Pledge]) -> TopicPoints:
    meeting = facts.meeting
    topic = facts.workspace.topics.get(key)
    label = loc.text(topic.label, "label") if topic else loc._("Other matters")
    authored = []
    lines_if_raised = []
    if meeting:
        authored = [
            Point(loc.text(text, f"talking_points.{key}[{i}]", meeting.file))
            for i, text in enumerate(meeting.talking_points.get(key, []))
        ]
        lines_if_raised = [
            loc.text(line.text, f"if_raised[{i}].text", meeting.file)
            for i, line in enumerate(meeting.if_raised)
            if line.topic == key
        ]
    mine = pledges if key == GENERAL else [p for p in pledges if p.commitment.topic == key]
    mine.sort(key=lambda p: p.sort_key(facts.reference))
    home = facts.home.code
    if not (authored or mine or lines_if_raised or _derived_points(key, facts, loc)):
        authored = [Point(loc._("No earlier discussion or open commitment is on record."))]
    return TopicPoints(
        key=key,
        label=label,
        points=authored + _derived_points(key, facts, loc),
        asks=[_ask(p, facts, loc) for p in mine if p.owner(home) == "counterpart"],
        owed=[_owed(p, facts, loc) for p in mine if p.owner(home) == "home"],
        joint=[_owed(p, facts, loc) for p in mine if p.owner(home) == "joint"],
        if_raised=lines_if_raised,
    )


def _derived_points(key: str, facts: PackFacts, loc: Localizer) -> list[Point]:
    """From the last meeting that discussed the topic: what was said, to build on."""
    for meeting in facts.history:
        for i, discussion in enumerate(meeting.topics):
            if discussion.topic != key:
                continue
            points = []
            if discussion.summary:
                summary = loc.text(discussion.summary, f"topics[{i}].summary", meeting.file)
                points.append(
                    Point(
                        loc._("Build on the last discussion: {summary}").format(summary=summary),
                        note=loc._("{meeting}, {date}").format(
                            meeting=meeting_title(meeting, loc),
                            date=loc.date_range(meeting.date, meeting.end_date),
                        ),
                    )
                )
            points += [
                Point(loc.text(p, f"topics[{i}].points[{j}]", meeting.file))
                for j, p in enumerate(discussion.points)
            ]
            return points
    return []


def _ask(pledge: Pledge, facts: PackFacts, loc: Localizer) -> Point:
    return Point(
        loc._("Seek an update on: {commitment}").format(commitment=pledge_text(pledge, loc)),
        note=loc._("pledged at {origin}").format(origin=pledge_origin(pledge, loc)),
        overdue=pledge.commitment.is_overdue(facts.reference),
    )


def _owed(pledge: Pledge, facts: PackFacts, loc: Localizer) -> Point:
    return Point(
        pledge_text(pledge, loc),
        note=loc._("undertaken at {origin}").format(origin=pledge_origin(pledge, loc)),
        overdue=pledge.commitment.is_overdue(facts.reference),
    )
