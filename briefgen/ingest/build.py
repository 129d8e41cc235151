"""From a read Document to the draft record's fields, with the report of what was found."""

from __future__ import annotations

import re
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

from briefgen.countries import is_region
from briefgen.datetext import find_dates
from briefgen.errors import IngestError
from briefgen.ingest.commitments import find_commitments
from briefgen.ingest.dates import MeetingDate, meeting_date
from briefgen.ingest.draft import date_value, meeting_id, ordered, text_value, title_for
from briefgen.ingest.extract import (
    find_name,
    find_parties,
    find_place,
    many_named,
    thai_name,
    topic_counts,
)
from briefgen.ingest.followup import Proposal
from briefgen.ingest.participants import PeopleFound, Person, find_participants
from briefgen.ingest.parties import PartyIndex
from briefgen.ingest.report import Report
from briefgen.ingest.restated import open_earlier, proposal, restates, updated_at
from briefgen.ingest.sentences import Sentences, segmenter_problem
from briefgen.ingest.text import Document
from briefgen.records import Workspace

LANGUAGES = {"en": "English", "th": "Thai"}


def build_draft(
    document: Document, workspace: Workspace, stored: str, wanted: str | None, today: date
) -> tuple[dict[str, Any], Report, list[Proposal]]:
    report = Report(ignored=list(dict.fromkeys(document.dropped)))
    review = report.review
    lang = document.lang
    sentences = Sentences(document.paragraphs, document.headings, lang)
    index = PartyIndex(workspace.counterparts)
    home = _home(workspace)
    report.add("language", f"{LANGUAGES.get(lang, lang)} ({document.kind})")
    if lang == "th" and (problem := segmenter_problem()):
        report.notes.append(problem)

    parties = _parties(document, sentences, index, home, wanted, review, workspace)
    people = find_participants(
        sentences, document.fields, lang, index, parties, home, workspace.counterparts
    )
    hints = _year_hints(people.participants)
    page_dates = [found for _, found in document.page_dates]
    when = meeting_date(sentences, document.fields, page_dates, hints, today)
    review += when.review
    for line, found in document.page_dates:
        report.add("page date", f"{found.text} ('{line}'), the page's own, not the meeting's")
    report.add("date", _shown_date(when))
    report.add("parties", ", ".join(parties))

    place, place_how = find_place(document.fields, document.headline, sentences)
    if place is None:
        review.append("location: the text names no place; add it if known")
    elif place_how.startswith("a building"):
        review.append(f"location: '{_plain(place)}' is a building; add the city")
    report.add("place", f"{_plain(place)} (from {place_how})" if place else "not stated")

    name = thai_name(document.headline, sentences) if lang == "th" else None
    if name is None or name.series is None:
        name = find_name(document.headline, sentences)
    fallback = " – ".join(p.shown for p in people.participants if p.role != "member") or "Meeting"
    title = title_for(name.series, name.ordinal, document.headline, lang, fallback)
    if not name.series:
        review.append("title: taken from the headline; shorten it to the meeting's name")
    report.add("meeting", f"{name.series or '(no series named)'}"
               + (f", ordinal {name.ordinal}" if name.ordinal else ""))  # fmt: skip

    participants = _participants(people, review, lang)
    seated = [f"{p.shown} ({p.side}, {p.role})" for p in people.participants]
    report.add("participants", "; ".join(seated) or "none named")
    if people.elsewhere:
        names = ", ".join(p.shown for p in people.elsewhere)
        review.append(f"the text also reports another meeting (with {names}); its people are "
                      "left out here: make a record of its own if it matters")  # fmt: skip

    body = " ".join(s.text for s in sentences.items)
    counts = topic_counts(f"{document.headline or ''} {body}", workspace.topics)
    topics = [{"topic": key} for key, _ in counts.most_common()]
    report.add("topics", ", ".join(f"{k} ({n})" for k, n in counts.most_common()) or "none")
    if topics:
        review.append("topics: chosen by keywords in topics.yaml; add a summary to each")

    restated: list[Proposal] = []
    commitments = _commitments(sentences, document, lang, index, parties, people, when, workspace,
                               review, restated)  # fmt: skip
    dated = sum(1 for c in commitments if "due" in c)
    report.add("commitments", f"{len(commitments)} ({dated} with a due date)")
    taken = {m.key for m in workspace.meetings} | _names_in(workspace.root / "meetings")
    words = name.series or " ".join(_surnames(people.participants, home))
    data: dict[str, Any] = {
        "id": meeting_id(when.start, parties, words, taken),
        "review": review,
        "title": title,
        "parties": parties,
        "date": date_value(when.start),
        "end_date": date_value(when.end) if when.end else None,
        "date_note": " ".join(when.notes) or None,
        "location": place,
        "status": "planned" if when.start.first_day() > today else "held",
        "series": name.series,
        "ordinal": name.ordinal,
        "participants": participants,
        "topics": topics,
        "commitments": commitments,
        "sources": [{"path": stored, "note": _source_note(document)}],
    }
    if lang == "th":
        review.append(
            "text: the draft's texts are in Thai only; add English where the pack needs it"
        )
    return ordered(data), report, restated


def _source_note(document: Document) -> str:
    """How the annex names the source: "Press release (English), 1 Mar 2024"."""
    note = f"Press release ({LANGUAGES.get(document.lang, document.lang)})"
    page = next((found.start for _, found in document.page_dates if found.start.day), None)
    if page is not None and page.year:
        note += f", {page.first_day().day} {page.first_day():%b %Y}"
    return note


def _home(workspace: Workspace) -> str:
    from briefgen.errors import BriefgenError
    from briefgen.profiles import load_profile

    try:
        return load_profile("default", workspace.root).home
    except BriefgenError:
        return "TH"


def _parties(
    document: Document,
    sentences: Sentences,
    index: PartyIndex,
    home: str,
    wanted: str | None,
    review: list[str],
    workspace: Workspace,
) -> list[str]:
    parties, counts = find_parties(index, document.headline, sentences, home)
    if home not in parties and _from_home_ministry(document, workspace, home, counts):
        opening = " ".join([document.headline or "", *(s.text for s in sentences.lead_window(3))])
        dropped = parties[1:] if len(parties) > 1 and not many_named(opening) else []
        parties = [home, *[p for p in parties if p not in dropped]]
        review.append(f"parties: {home} added as the home side of a home-ministry release"
                      + (f"; {', '.join(dropped)} left out" if dropped else ""))  # fmt: skip
    if wanted and wanted not in parties:
        parties.insert(1 if home in parties else 0, wanted)
        review.append(f"parties: the text does not name {wanted}; added because of --counterpart")
    if len(parties) < 2:
        whole = " ".join([document.headline or "", *document.paragraphs])
        missing = {c: n for c, n in index.other_countries(whole).items() if c not in parties}
        if missing:
            listed = ", ".join(f"{name} ({code})" for code, name in missing.items())
            codes = [code for code in missing if is_region(code)] or list(missing)
            others = f" (and likewise {', '.join(codes[1:])} if a party)" if codes[1:] else ""
            raise IngestError(f"the text names {listed}, which the workspace does not know; add "
                              f"the other side with: briefgen counterparts add {codes[0]} --data "
                              f"{workspace.root}{others}; then ingest again")  # fmt: skip
        if home in workspace.counterparts and home not in parties:
            parties.insert(0, home)
            review.append(f"parties: the text does not name {home}; added as the home side")
    if len(parties) < 2:
        known = ", ".join(sorted(workspace.counterparts))
        raise IngestError(
            f"the text names fewer than two parties the workspace knows ({known}); "
            "give the other one with --counterpart"
        )
    return parties


def _from_home_ministry(
    document: Document, workspace: Workspace, home: str, counts: Counter[str]
) -> bool:
    """A release of the home side: it names the home country, or is written in a language of
    the home country's own name (a Thai text, for Thailand)."""
    counterpart = workspace.counterparts.get(home)
    if counterpart is None:
        return False
    own_language = document.lang != "en" and document.lang in counterpart.name.languages()
    return counts[home] > 0 or own_language


def _year_hints(participants: list[Person]) -> list[tuple[int, str]]:
    """Years from counterparts/: 'Claire M. Grady … (as of Apr 2018)'."""
    hints = []
    for person in participants:
        for title in person.known_titles:
            for note in re.findall(r"\(([^)]*)\)", title):
                for found in find_dates(note):
                    if found.year_stated:
                        hints.append((found.start.year, f"when counterparts/ records "
                                      f"{person.shown} as '{title}'"))  # fmt: skip
    return hints


def _shown_date(when: MeetingDate) -> str:
    shown = str(when.start) + (f" to {when.end}" if when.end else "")
    if when.stated:
        shown += f" (the text: '{when.stated}')"
    return shown + (" CONFLICT" if when.conflict else "")


def _plain(value: str | dict[str, str]) -> str:
    return value if isinstance(value, str) else " / ".join(value.values())


def _participants(people: PeopleFound, review: list[str], lang: str) -> list[dict[str, Any]]:
    listed = []
    for i, person in enumerate(people.participants):
        entry: dict[str, Any] = {"name": _name_value(person.name, lang)}
        if person.title:
            entry["title"] = text_value(person.title, lang)
        entry["side"] = person.side
        entry["role"] = person.role
        listed.append(entry)
        if person.side_how == "the only one not on the home side":
            review.append(f"participants[{i}].side: {person.side}, as the only one not placed on "
                          f"the home side; check that {person.shown} is on it")  # fmt: skip
        if person.side_how == "guess":
            review.append(f"participants[{i}].side: {person.side} is a guess; the text does not "
                          f"say which side {person.shown} is on")  # fmt: skip
        if not person.title:
            review.append(f"participants[{i}].title: the text gives {person.shown} no title")
        review += [f"participants[{i}]: {note}" for note in person.notes]
    return listed


def _name_value(name: str | dict[str, str], lang: str) -> str | dict[str, str]:
    return name if isinstance(name, dict) else text_value(name, lang)


def _surnames(people: list[Person], home: str) -> list[str]:
    heads = [p for p in people if p.role != "member" and p.side != home] or people
    return [re.split(r"\s+", p.shown)[-1] for p in heads[:2]]


def _commitments(
    sentences: Sentences,
    document: Document,
    lang: str,
    index: PartyIndex,
    parties: list[str],
    people: PeopleFound,
    when: MeetingDate,
    workspace: Workspace,
    review: list[str],
    restated: list[Proposal],
) -> list[dict[str, Any]]:
    """The release's commitments; those that make an earlier open one again go to `restated`,
    as proposed updates of it."""
    named = [(m.name, p.side) for p in people.participants if p.side for m in p.mentions]
    found = find_commitments(sentences, document.fields, lang, index, parties, named, when.start)
    earlier = open_earlier(workspace, parties, when.start)
    claimed: set[int] = set()
    listed: list[dict[str, Any]] = []
    for commitment in found:
        counts = topic_counts(commitment.quote, workspace.topics)
        topic = counts.most_common(1)[0][0] if counts else None
        again = restates(commitment.text, commitment.by, topic, earlier, claimed)
        if again is not None:
            claimed.add(again[0])
            where = f"meetings/{again[1].meeting.file.name} commitments[{again[1].index}]"
            if updated_at(again[1], when.start):
                due = f" (due {commitment.due} in this release)" if commitment.due else ""
                review.append(f"commitments: the release makes again the commitment in {where}, "
                              f"which already has an update from this meeting{due}; nothing "
                              "added: check that update against this release")  # fmt: skip
                continue
            restated.append(proposal(again[1], commitment.due, commitment.quote))
            review += [f"{where}, its update's due: {note}" for note in commitment.notes]
            continue
        i = len(listed)
        entry: dict[str, Any] = {
            "by": commitment.by[0] if len(commitment.by) == 1 else commitment.by,
            "text": text_value(commitment.text, lang),
        }
        if topic:
            entry["topic"] = topic
        if commitment.due:
            entry["due"] = date_value(commitment.due)
        entry["status"] = commitment.status
        entry["quote"] = commitment.quote
        listed.append(entry)
        if commitment.weak:
            review.append(f"commitments[{i}]: read from {commitment.cue!r} alone; check that it "
                          "is a commitment")  # fmt: skip
        review += [f"commitments[{i}].due: {note}" for note in commitment.notes]
    if listed:
        review.append(f"commitments: {len(listed)} found by their wording; check each against its "
                      "quote, and who owes it")  # fmt: skip
    return listed


def _names_in(folder: Path) -> set[str]:
    """The names the meetings folder already uses, whatever records they hold (a record's id
    may differ from its file name, and a file that does not load still has its name): a new
    record never takes one of them."""
    try:
        return {entry.name.rsplit(".", 1)[0] for entry in folder.iterdir()}
    except OSError:
        return set()
