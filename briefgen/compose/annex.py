"""The commitments annex: every commitment made between home and counterpart, tracked."""

from __future__ import annotations

from collections import Counter

from briefgen.compose.common import meeting_title, pledge_text
from briefgen.compose.context import Annex, AnnexGroup, AnnexRow, Header
from briefgen.compose.facts import PackFacts, Pledge, annex_groups, annex_numbers
from briefgen.compose.localize import Localizer
from briefgen.partialdates import PartialDate
from briefgen.records import Meeting, Source


def status_key(pledge: Pledge, facts: PackFacts) -> str:
    if pledge.commitment.is_overdue(facts.reference):
        return "overdue"
    return pledge.commitment.current_status()


def status_label(key: str, loc: Localizer) -> str:
    labels = {
        "overdue": loc._("Overdue"),
        "open": loc._("Open"),
        "in-progress": loc._("In progress"),
        "done": loc._("Done"),
        "dropped": loc._("Dropped"),
    }
    return labels[key]


def compose_annex(facts: PackFacts, loc: Localizer, header: Header) -> Annex:
    titles = {
        "counterpart": loc._("Owed by {party}").format(party=header.counterpart),
        "home": loc._("Owed by {party}").format(party=loc.text(facts.home.name, "name")),
        "joint": loc._("Joint commitments"),
    }
    numbers = annex_numbers(facts)
    groups = [
        AnnexGroup(
            title=titles[owner],
            rows=[_row(numbers[(p.meeting.key, p.index)], p, facts, loc) for p in pledges],
        )
        for owner, pledges in annex_groups(facts)
    ]
    return Annex(header=header, summary=_summary(facts, loc), groups=groups)


def _row(number: int, pledge: Pledge, facts: PackFacts, loc: Localizer) -> AnnexRow:
    commitment = pledge.commitment
    meeting = pledge.meeting
    key = status_key(pledge, facts)
    due = commitment.current_due()
    due_text = loc.date(due, table=True) if due else "–"
    if due and commitment.due and due != commitment.due:
        first_due = loc.date(commitment.due, table=True)
        due_text += " " + loc._("(first due {date})").format(date=first_due)
    latest = commitment.latest_update()
    update = "–"
    if latest:
        note = loc.text(latest.note, f"commitments[{pledge.index}].updates.note", meeting.file)
        when = loc.date(latest.date, table=True)
        update = f"{when}: {note}" if note else when
    return AnnexRow(
        number=loc.number(number, table=True),
        text=pledge_text(pledge, loc),
        made_at=meeting_title(meeting, loc),
        made_on=loc.date_range(meeting.date, meeting.end_date, table=True),
        due=due_text,
        status=status_label(key, loc),
        status_key=key,
        update=update,
        source="; ".join(
            source_label(s, loc, f"sources[{i}].note", meeting)
            for i, s in enumerate(meeting.sources)
        ),
    )


def source_label(source: Source, loc: Localizer, field_name: str, meeting: Meeting) -> str:
    """The source's note ("MFA press release, 1 Mar 2024") where the record gives one, else
    its file name: sources/000_ce9630ee43b4428e.txt -> 000_ce9630ee43b4428e.txt."""
    if source.note:
        return loc.text(source.note, field_name, meeting.file)
    return source.path.replace("\\", "/").rsplit("/", 1)[-1]


def _summary(facts: PackFacts, loc: Localizer) -> str:
    counts = Counter(status_key(p, facts) for p in facts.pledges)
    number = loc.number
    return loc._(
        "{total} commitments: {open} open, of which {overdue} overdue; {done} done; "
        "{dropped} dropped. Overdue as of {date}."
    ).format(
        total=number(len(facts.pledges)),
        open=number(counts["open"] + counts["in-progress"] + counts["overdue"]),
        overdue=number(counts["overdue"]),
        done=number(counts["done"]),
        dropped=number(counts["dropped"]),
        date=loc.date(PartialDate.from_date(facts.reference)),
    )
