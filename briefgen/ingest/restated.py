"""A commitment the release makes again: an open one from an earlier meeting of the same
parties, given a new date ("complete the feasibility update … by mid-2027", still open from
2023 and due in 2024). It becomes a proposed `updates:` entry on the earlier commitment (the new
due date, in progress, the release's sentence), not a second copy of it.

Two commitments are the same when the new one repeats most of the earlier one's distinctive
words (in any language the earlier one is written in) and they share the owner or the topic.
"""

from __future__ import annotations

from dataclasses import dataclass

from briefgen.ingest.followup import Proposal, stems
from briefgen.partialdates import PartialDate
from briefgen.records import OPEN_STATUSES, Commitment, Meeting, Workspace

MIN_SHARED = 3
MIN_OF_EARLIER = 0.6  # of the earlier commitment's words, the share the new one repeats
MIN_OF_NEW = 0.4  # and of the new one's: a long text that merely mentions it is not it


@dataclass(frozen=True)
class Earlier:
    meeting: Meeting
    index: int
    commitment: Commitment


def open_earlier(workspace: Workspace, parties: list[str], start: PartialDate) -> list[Earlier]:
    """Open or in-progress commitments of held meetings of the same parties before start."""
    found = []
    for meeting in workspace.meetings:
        if meeting.status == "planned" or set(meeting.parties) != set(parties):
            continue
        if meeting.date.first_day() >= start.first_day():
            continue
        for index, commitment in enumerate(meeting.commitments):
            if commitment.current_status() in OPEN_STATUSES:
                found.append(Earlier(meeting, index, commitment))
    return found


def restates(
    text: str, by: list[str], topic: str | None, earlier: list[Earlier], claimed: set[int]
) -> tuple[int, Earlier] | None:
    """The earlier commitment (its place in `earlier`) that text makes again, if one does."""
    new = stems(text)
    best: tuple[float, int] | None = None
    for k, old in enumerate(earlier):
        if k in claimed:
            continue
        owner = set(old.commitment.by) == set(by)
        if not owner and not (topic and old.commitment.topic == topic):
            continue
        for version in old.commitment.text.all_texts():
            wanted = stems(version)
            shared = len(wanted & new)
            if shared < MIN_SHARED or not wanted or not new:
                continue
            if shared / len(wanted) < MIN_OF_EARLIER or shared / len(new) < MIN_OF_NEW:
                continue
            score = shared / len(wanted) + shared / len(new)
            if best is None or score > best[0]:
                best = (score, k)
    return (best[1], earlier[best[1]]) if best else None


def updated_at(old: Earlier, start: PartialDate) -> bool:
    """Whether the earlier commitment already has an update from this meeting (ingested from
    another release of it): then nothing more is proposed."""
    return any(update.date == start for update in old.commitment.updates)


def proposal(old: Earlier, due: PartialDate | None, quote: str) -> Proposal:
    return Proposal(old.meeting, old.index, old.commitment, "in-progress", "restated", quote, due)
