"""Every rule of the data format (issue 2, section 2), each with its exact message and place.

Messages read `path:line:column: field: message`, the place being that of the offending
value. Each test writes files into a copy of the spec's example workspace (tests/fixtures/spec)
at ./ws and loads it the way every command does, through load_workspace().
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from pathlib import Path

import pytest
from support import REPO, TESTS

from briefgen.errors import DataError, InputError
from briefgen.records import Commitment, Meeting, Workspace
from briefgen.store import find_counterpart, load_workspace
from briefgen.yamlio import load_yaml

MakeWorkspace = Callable[..., Path]
SEEDS = REPO / "seeds"
SPEC = TESTS / "fixtures" / "spec"

# A valid meeting; tests change a line or add lines from line 5 on.
BASE = """\
title: Talks
parties: [TH, US]
date: 2024-02-28
status: held
"""
# The message lists every field a meeting may have, in the model's order.
KNOWN_MEETING_FIELDS = ", ".join(Meeting.model_fields)


def problems(make_workspace: MakeWorkspace, files: Mapping[str, str | bytes | None]) -> list[str]:
    """Every problem load_workspace() reports for the spec workspace with files changed."""
    root = make_workspace(files)
    with pytest.raises(DataError) as info:
        load_workspace(root)
    assert info.value.lines()[-1] == info.value.message
    return [str(problem) for problem in info.value.problems]


def loads(make_workspace: MakeWorkspace, files: Mapping[str, str | bytes | None]) -> Workspace:
    return load_workspace(make_workspace(files))


def meeting_problems(make_workspace: MakeWorkspace, text: str | bytes) -> list[str]:
    return problems(make_workspace, {"meetings/x.yaml": text})


# --- The spec's files and the seeds ------------------------------------------------------------


def test_spec_workspace_loads_as_written(workspace: Path) -> None:
    ws = load_workspace(workspace)
    assert sorted(ws.counterparts) == ["TH", "US"]
    assert list(ws.topics) == ["defence", "law-enforcement", "energy"]
    assert [m.id for m in ws.meetings] == ["2024-02-28-th-us-2plus2", "2026-12-10-th-us-2plus2"]
    assert ws.warnings == []
    held = ws.meetings[0]
    assert held.title.get("th") == (
        "การประชุม Thailand–U.S. Strategic and Defense Dialogue (2+2) ครั้งที่ ๒",
        False,
    )
    assert [c.by for c in held.commitments] == [["US"], ["TH"], ["TH", "US"]]
    planned = ws.meetings[1]
    assert planned.location is not None and planned.location.dump() == "Washington, D.C."
    assert planned.agenda == ["defence", "law-enforcement", "energy"]
    assert list(planned.talking_points) == ["defence"]


def test_every_seed_file_loads() -> None:
    ws = load_workspace(SEEDS)
    assert ws.warnings == []
    assert sorted(p.stem for p in (SEEDS / "counterparts").glob("*.yaml")) == sorted(
        ws.counterparts
    )
    assert sorted(m.file.name for m in ws.meetings) == sorted(
        p.name for p in (SEEDS / "meetings").glob("*.yaml")
    )
    assert {"TH", "US", "KH"} <= set(ws.counterparts)


# --- Text fields: a plain string or {language: string} -----------------------------------------


def test_text_is_a_string_or_a_mapping_of_languages(make_workspace: MakeWorkspace) -> None:
    ws = loads(
        make_workspace,
        {
            "meetings/plain.yaml": BASE + "location: Bangkok\n",
            "meetings/langs.yaml": BASE.replace("title: Talks", "title: {en: Talks, th: การหารือ}"),
        },
    )
    plain, langs = ws.meeting("plain"), ws.meeting("langs")
    assert plain is not None and langs is not None
    assert plain.title.dump() == "Talks"
    assert plain.title.get("th") == ("Talks", False)
    assert plain.location is not None and plain.location.dump() == "Bangkok"
    assert langs.title.dump() == {"en": "Talks", "th": "การหารือ"}
    assert langs.title.get("th") == ("การหารือ", False)
    assert langs.title.get("fr") == ("Talks", True)


@pytest.mark.parametrize(
    ("title", "message"),
    [
        (
            "[Talks, More talks]",
            "expected text, or a mapping of language code to text ({en: …, th: …})",
        ),
        ("2024", "expected text, or a mapping of language code to text ({en: …, th: …})"),
        ("{}", "expected text, or a mapping of language code to text ({en: …, th: …})"),
        ("{english: Talks}", "'english' is not a language code; use codes such as en or th"),
        ("{en: [Talks]}", "the en text must be a string"),
        ('""', "text is empty"),
        ('"   "', "text is empty"),
        (
            '"Talks\\u0007"',
            "text holds the control character U+0007 (control), which documents cannot carry",
        ),
    ],
)
def test_bad_text(make_workspace: MakeWorkspace, title: str, message: str) -> None:
    text = BASE.replace("title: Talks", f"title: {title}")
    assert meeting_problems(make_workspace, text) == [f"ws/meetings/x.yaml:1:8: title: {message}"]


def test_text_too_long(make_workspace: MakeWorkspace) -> None:
    text = BASE + f"summary: {'a' * 20_001}\n"
    assert meeting_problems(make_workspace, text) == [
        "ws/meetings/x.yaml:5:10: summary: text is 20,001 characters long; a field may hold "
        "at most 20,000"
    ]


def test_bad_text_deep_in_a_record_is_placed_at_its_value(make_workspace: MakeWorkspace) -> None:
    text = BASE + (
        "participants:\n  - {name: Somchai, side: TH}\n  - {name: [Jane, Doe], side: US}\n"
    )
    assert meeting_problems(make_workspace, text) == [
        "ws/meetings/x.yaml:7:12: participants[1].name: expected text, or a mapping of language "
        "code to text ({en: …, th: …})"
    ]


# --- Ids -----------------------------------------------------------------------------------------


def test_id_defaults_to_the_file_stem(make_workspace: MakeWorkspace) -> None:
    ws = loads(make_workspace, {"meetings/2024-05-01-th-us-talks.yaml": BASE})
    talks = ws.meeting("2024-05-01-th-us-talks")
    assert talks is not None and talks.file.name == "2024-05-01-th-us-talks.yaml"
    assert ws.meeting("2024-02-28-th-us-2plus2") is not None


def test_given_id_wins_over_the_file_stem(make_workspace: MakeWorkspace) -> None:
    ws = loads(make_workspace, {"meetings/การประชุม.yaml": "id: th-us-talks\n" + BASE})
    assert ws.meeting("th-us-talks") is not None


def test_duplicate_id(make_workspace: MakeWorkspace) -> None:
    text = "id: 2024-02-28-th-us-2plus2\n" + BASE
    assert meeting_problems(make_workspace, text) == [
        "ws/meetings/x.yaml:1:5: id: duplicate id '2024-02-28-th-us-2plus2'; "
        "ws/meetings/2024-02-28-th-us-2plus2.yaml has it too"
    ]


def test_duplicate_id_taken_from_a_file_stem(make_workspace: MakeWorkspace) -> None:
    assert problems(
        make_workspace, {"meetings/a.yaml": "id: b\n" + BASE, "meetings/b.yaml": BASE}
    ) == ["ws/meetings/b.yaml:1:1: id: duplicate id 'b'; ws/meetings/a.yaml has it too"]


@pytest.mark.parametrize("given", ["th us talks", "talks/2024", "การประชุม", "talks.2024"])
def test_id_characters(make_workspace: MakeWorkspace, given: str) -> None:
    text = f"id: {given}\n" + BASE
    assert meeting_problems(make_workspace, text) == [
        f"ws/meetings/x.yaml:1:5: id: '{given}' is not a valid id; use only letters, digits, "
        "'-' and '_'"
    ]


@pytest.mark.parametrize("name", ["th us talks.yaml", "การประชุม.yaml", "talks.2024.yaml"])
def test_file_stem_that_is_not_an_id(make_workspace: MakeWorkspace, name: str) -> None:
    assert problems(make_workspace, {f"meetings/{name}": BASE}) == [
        f"ws/meetings/{name}:1:1: file name '{name}' is not a valid id; use only letters, "
        "digits, '-' and '_', or give an id"
    ]


# --- Dates -------------------------------------------------------------------------------------


def test_partial_dates_keep_their_precision(make_workspace: MakeWorkspace) -> None:
    text = BASE.replace("date: 2024-02-28", "date: 2018-04") + (
        "commitments:\n  - {by: TH, text: Host the dialogue., due: 2024}\n"
    )
    ws = loads(make_workspace, {"meetings/x.yaml": text, "meetings/y.yaml": BASE})
    partial, full = ws.meeting("x"), ws.meeting("y")
    assert partial is not None and full is not None
    assert (partial.date.precision, partial.date.iso()) == ("month", "2018-04")
    due = partial.commitments[0].due
    assert due is not None and (due.precision, due.iso()) == ("year", "2024")
    assert (full.date.precision, full.date.iso()) == ("day", "2024-02-28")
    spec = ws.meeting("2024-02-28-th-us-2plus2")
    assert spec is not None
    spec_due = spec.commitments[1].due
    assert spec_due is not None and (spec_due.precision, spec_due.iso()) == ("month", "2024-04")
    relations = ws.counterparts["US"].relations
    assert relations is not None and relations.established is not None
    assert relations.established.iso() == "1833-03-20"


def test_date_note(make_workspace: MakeWorkspace) -> None:
    text = BASE.replace("date: 2024-02-28", "date: 2018-04") + (
        "date_note: The article gives no year; the visit it mentions was in April 2018.\n"
    )
    meeting = loads(make_workspace, {"meetings/x.yaml": text}).meeting("x")
    assert meeting is not None and meeting.date_note is not None
    assert str(meeting.date_note.dump()).startswith("The article gives no year")


@pytest.mark.parametrize(
    ("written", "message"),
    [
        (
            "2567-02-28",
            "year 2567 looks like a Buddhist-Era year; write the Common-Era date 2024-02-28",
        ),
        ("2567-02", "year 2567 looks like a Buddhist-Era year; write the Common-Era date 2024-02"),
        ("2567", "year 2567 looks like a Buddhist-Era year; write the Common-Era date 2024"),
        ("2024-02-30", "'2024-02-30' is not a real date: February 2024 has 29 days"),
        ("2023-02-29", "'2023-02-29' is not a real date: February 2023 has 28 days"),
        ("2024-04-31", "'2024-04-31' is not a real date: April 2024 has 30 days"),
        ("2024-13", "'2024-13' has no month 13"),
        ("2024-13-01", "'2024-13-01' has no month 13"),
        ("2024-00-10", "'2024-00-10' has no month 0"),
        (
            "28/02/2024",
            "'28/02/2024' is not a date; write YYYY-MM-DD, or YYYY-MM or YYYY for a partial date",
        ),
        (
            "2024-2-28",
            "'2024-2-28' is not a date; write YYYY-MM-DD, or YYYY-MM or YYYY for a partial date",
        ),
        (
            "2024-02-28T10:00:00",
            "'2024-02-28T10:00:00' is not a date; write YYYY-MM-DD, or YYYY-MM or YYYY for a "
            "partial date",
        ),
        (
            "'{2024}'",
            "'{2024}' is not a date; write YYYY-MM-DD, or YYYY-MM or YYYY for a partial date",
        ),
        ("[2024, 2, 28]", "expected a date such as 2024-02-28"),
    ],
)
def test_bad_date(make_workspace: MakeWorkspace, written: str, message: str) -> None:
    text = BASE.replace("date: 2024-02-28", f"date: {written}")
    assert meeting_problems(make_workspace, text) == [f"ws/meetings/x.yaml:3:7: date: {message}"]


def test_buddhist_era_year_in_a_due_date_and_an_update(make_workspace: MakeWorkspace) -> None:
    text = BASE + (
        "commitments:\n"
        "  - by: TH\n"
        "    text: Host the energy dialogue.\n"
        "    due: 2567-04\n"
        "    updates:\n"
        "      - {date: 2567-04-30, status: done}\n"
    )
    assert meeting_problems(make_workspace, text) == [
        "ws/meetings/x.yaml:8:10: commitments[0].due: year 2567 looks like a Buddhist-Era year; "
        "write the Common-Era date 2024-04",
        "ws/meetings/x.yaml:10:16: commitments[0].updates[0].date: year 2567 looks like a "
        "Buddhist-Era year; write the Common-Era date 2024-04-30",
    ]


@pytest.mark.parametrize("end", ["2024-02-28", "2024-02-29", "2024-02", "2024", "2024-03-01"])
def test_end_date_on_or_after_the_date(make_workspace: MakeWorkspace, end: str) -> None:
    meeting = loads(make_workspace, {"meetings/x.yaml": BASE + f"end_date: {end}\n"}).meeting("x")
    assert meeting is not None and meeting.end_date is not None
    assert meeting.end_date.iso() == end


@pytest.mark.parametrize("end", ["2024-02-27", "2024-01", "2023"])
def test_end_date_before_the_date(make_workspace: MakeWorkspace, end: str) -> None:
    assert meeting_problems(make_workspace, BASE + f"end_date: {end}\n") == [
        f"ws/meetings/x.yaml:5:11: end_date: {end} is before the start date 2024-02-28"
    ]


# --- Parties, sides and who made a commitment ---------------------------------------------------


@pytest.mark.parametrize(
    ("parties", "message"),
    [
        ("[TH]", "2:10: parties: needs at least 2 items"),
        ("[]", "2:10: parties: needs at least 2 items"),
        ("TH", "2:10: parties: expected a list"),
        ("[TH, UK]", "2:15: parties[1]: unknown counterpart 'UK'; known: TH, US"),
        (
            "[TH, USS]",
            "2:15: parties[1]: unknown counterpart 'USS'; did you mean 'US'? Known: TH, US",
        ),
        (
            "[TH, U S]",
            "2:15: parties[1]: 'U S' is not a party code; use an ISO country code (US) or an "
            "organisation code (ASEAN)",
        ),
    ],
)
def test_bad_parties(make_workspace: MakeWorkspace, parties: str, message: str) -> None:
    text = BASE.replace("parties: [TH, US]", f"parties: {parties}")
    assert meeting_problems(make_workspace, text) == [f"ws/meetings/x.yaml:{message}"]


def test_parties_are_codes_of_defined_counterparts(make_workspace: MakeWorkspace) -> None:
    asean = "code: ASEAN\nname: Association of Southeast Asian Nations\nkind: organisation\n"
    text = BASE.replace("parties: [TH, US]", "parties: [th, US, ASEAN]")
    ws = loads(make_workspace, {"counterparts/ASEAN.yaml": asean, "meetings/x.yaml": text})
    meeting = ws.meeting("x")
    assert meeting is not None and meeting.parties == ["TH", "US", "ASEAN"]
    assert ws.counterparts["ASEAN"].kind == "organisation"


def test_participant_side_must_be_a_party(make_workspace: MakeWorkspace) -> None:
    kh = "code: KH\nname: {en: Cambodia, th: กัมพูชา}\n"
    text = BASE + (
        "participants:\n  - {name: Somchai, side: TH}\n  - {name: Hun Manet, side: KH}\n"
    )
    assert problems(make_workspace, {"counterparts/KH.yaml": kh, "meetings/x.yaml": text}) == [
        "ws/meetings/x.yaml:7:29: participants[1].side: unknown party 'KH'; known: TH, US"
    ]


@pytest.mark.parametrize(
    ("by", "message"),
    [
        ("KH", "6:9: commitments[0].by: unknown party 'KH'; known: TH, US"),
        ("[TH, KH]", "6:14: commitments[0].by[1]: unknown party 'KH'; known: TH, US"),
        (
            "[US, USA]",
            "6:14: commitments[0].by[1]: unknown party 'USA'; did you mean 'US'? Known: TH, US",
        ),
        ("[]", "6:9: commitments[0].by: needs at least 1 item"),
    ],
)
def test_commitment_by_must_be_parties(
    make_workspace: MakeWorkspace, by: str, message: str
) -> None:
    kh = "code: KH\nname: {en: Cambodia, th: กัมพูชา}\n"
    text = BASE + f"commitments:\n  - by: {by}\n    text: Hold talks.\n"
    assert problems(make_workspace, {"counterparts/KH.yaml": kh, "meetings/x.yaml": text}) == [
        f"ws/meetings/x.yaml:{message}"
    ]


def test_commitment_by_one_party_or_several(make_workspace: MakeWorkspace) -> None:
    text = BASE + (
        "commitments:\n"
        "  - {by: US, text: Provide a grant.}\n"
        "  - {by: [TH, US], text: Explore a ministerial dialogue.}\n"
    )
    meeting = loads(make_workspace, {"meetings/x.yaml": text}).meeting("x")
    assert meeting is not None
    assert [c.by for c in meeting.commitments] == [["US"], ["TH", "US"]]


# --- Statuses -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "message"),
    [
        ("hled", "unknown value 'hled'; did you mean 'held'? Use one of: held, planned, cancelled"),
        ("Held", "unknown value 'Held'; did you mean 'held'? Use one of: held, planned, cancelled"),
        (
            "planed",
            "unknown value 'planed'; did you mean 'planned'? Use one of: held, planned, cancelled",
        ),
        (
            "postponed",
            "unknown value 'postponed'; did you mean 'planned'? Use one of: held, planned, "
            "cancelled",
        ),
        ("met", "unknown value 'met'; use one of: held, planned, cancelled"),
    ],
)
def test_meeting_status(make_workspace: MakeWorkspace, status: str, message: str) -> None:
    text = BASE.replace("status: held", f"status: {status}")
    assert meeting_problems(make_workspace, text) == [f"ws/meetings/x.yaml:4:9: status: {message}"]


@pytest.mark.parametrize(
    ("status", "message"),
    [
        (
            "opne",
            "unknown value 'opne'; did you mean 'open'? Use one of: open, in-progress, done, "
            "dropped",
        ),
        (
            "in progress",
            "unknown value 'in progress'; did you mean 'in-progress'? Use one of: "
            "open, in-progress, done, dropped",
        ),
        ("overdue", "unknown value 'overdue'; use one of: open, in-progress, done, dropped"),
    ],
)
def test_commitment_status(make_workspace: MakeWorkspace, status: str, message: str) -> None:
    text = BASE + f"commitments:\n  - by: TH\n    text: Hold talks.\n    status: {status}\n"
    assert meeting_problems(make_workspace, text) == [
        f"ws/meetings/x.yaml:8:13: commitments[0].status: {message}"
    ]


def test_update_status(make_workspace: MakeWorkspace) -> None:
    text = BASE + (
        "commitments:\n"
        "  - by: TH\n"
        "    text: Hold talks.\n"
        "    updates:\n"
        "      - {date: 2024-05-01, status: finished}\n"
    )
    assert meeting_problems(make_workspace, text) == [
        "ws/meetings/x.yaml:9:36: commitments[0].updates[0].status: unknown value 'finished'; "
        "use one of: open, in-progress, done, dropped"
    ]


def test_overdue_is_never_stored(make_workspace: MakeWorkspace) -> None:
    text = BASE + "commitments:\n  - by: TH\n    text: Hold talks.\n    overdue: true\n"
    assert meeting_problems(make_workspace, text) == [
        "ws/meetings/x.yaml:8:5: commitments[0].overdue: unknown field 'overdue'; overdue is "
        "never stored: it is computed from due and status against the reference date (--as-of)"
    ]


# --- Overdue, and updates that change status or due ---------------------------------------------


def commitment(**fields: object) -> Commitment:
    return Commitment.model_validate({"by": "TH", "text": "Host the dialogue.", **fields})


@pytest.mark.parametrize(
    ("fields", "as_of", "overdue"),
    [
        ({"due": "2024-04"}, date(2024, 4, 30), False),
        ({"due": "2024-04"}, date(2024, 5, 1), True),
        ({"due": "2024-04-15"}, date(2024, 4, 15), False),
        ({"due": "2024-04-15"}, date(2024, 4, 16), True),
        ({"due": "2024"}, date(2024, 12, 31), False),
        ({"due": "2024"}, date(2025, 1, 1), True),
        ({"due": "2024-04", "status": "in-progress"}, date(2024, 5, 1), True),
        ({"due": "2024-04", "status": "done"}, date(2030, 1, 1), False),
        ({"due": "2024-04", "status": "dropped"}, date(2030, 1, 1), False),
        ({}, date(2030, 1, 1), False),
    ],
)
def test_overdue_is_computed_against_a_reference_date(
    fields: dict[str, str], as_of: date, overdue: bool
) -> None:
    assert commitment(**fields).is_overdue(as_of) is overdue


def test_the_latest_update_wins_and_due_stays_the_baseline() -> None:
    pledge = commitment(
        due="2024-04",
        updates=[
            # Listed out of order: the latest by date wins, not the last in the list.
            {"date": "2024-06-01", "due": "2024-09", "note": "Postponed again."},
            {"date": "2024-03-01", "status": "in-progress", "due": "2024-06"},
        ],
    )
    assert pledge.due is not None and pledge.due.iso() == "2024-04"
    current_due = pledge.current_due()
    assert current_due is not None and current_due.iso() == "2024-09"
    assert pledge.status == "open"
    assert pledge.current_status() == "in-progress"
    assert not pledge.is_overdue(date(2024, 9, 30))
    assert pledge.is_overdue(date(2024, 10, 1))

    done = commitment(
        due="2024-04",
        updates=[
            {"date": "2024-06-01", "status": "done"},
            {"date": "2024-05-01", "status": "in-progress", "due": "2024-05"},
        ],
    )
    assert done.current_status() == "done"
    current = done.current_due()
    assert current is not None and current.iso() == "2024-05"
    assert not done.is_overdue(date(2030, 1, 1))


def test_spec_commitment_done_by_its_update(workspace: Path) -> None:
    held = load_workspace(workspace).meetings[0]
    energy = held.commitments[1]
    assert energy.due is not None and energy.due.iso() == "2024-04"
    assert energy.current_status() == "done"
    assert not energy.is_overdue(date(2026, 1, 1))
    grant = held.commitments[0]
    assert grant.current_status() == "open" and not grant.is_overdue(date(2026, 1, 1))


# --- Sources -----------------------------------------------------------------------------------


def test_missing_source_is_a_warning(make_workspace: MakeWorkspace) -> None:
    text = (
        BASE
        + "sources:\n  - {path: sources/000_ce9630ee43b4428e.txt}\n  - {path: sources/gone.txt}\n"
    )
    ws = loads(make_workspace, {"meetings/x.yaml": text})
    assert ws.meeting("x") is not None
    assert [str(w) for w in ws.warnings] == [
        "ws/meetings/x.yaml:7:12: sources[1].path: source file sources/gone.txt is missing"
    ]


def test_source_path_no_system_can_look_up_is_a_warning(make_workspace: MakeWorkspace) -> None:
    long_name = "a" * 5000
    ws = loads(make_workspace, {"meetings/x.yaml": BASE + f"sources: [{{path: {long_name}}}]\n"})
    assert [str(w) for w in ws.warnings] == [
        f"ws/meetings/x.yaml:5:18: sources[0].path: source file {long_name} is missing"
    ]


# --- Topics ------------------------------------------------------------------------------------


def test_planned_meeting_topics(workspace: Path) -> None:
    planned = load_workspace(workspace).meetings[1]
    assert planned.status == "planned"
    assert [o.dump() for o in planned.objectives] == [
        "Secure agreement to hold the dialogue at ministerial level in 2027."
    ]
    assert planned.if_raised[0].topic == "defence"


@pytest.mark.parametrize(
    ("lines", "message"),
    [
        (
            "agenda: [defence, defense]\n",
            "5:19: agenda[1]: unknown topic 'defense'; did you mean 'defence'? "
            "Known: defence, energy, law-enforcement",
        ),
        (
            "talking_points:\n  energi:\n    - Welcome the energy dialogue.\n",
            "6:3: talking_points.energi: unknown topic 'energi'; did you mean 'energy'? "
            "Known: defence, energy, law-enforcement",
        ),
        (
            "if_raised:\n  - {topic: lawenforcement, text: We cooperate fully.}\n",
            "6:13: if_raised[0].topic: unknown topic 'lawenforcement'; did you mean "
            "'law-enforcement'? Known: defence, energy, law-enforcement",
        ),
        (
            "topics:\n  - {topic: health, summary: Malaria and dengue.}\n",
            "6:13: topics[0].topic: unknown topic 'health'; known: defence, energy, "
            "law-enforcement",
        ),
        (
            "commitments:\n  - {by: TH, text: Host the dialogue., topic: enrgy}\n",
            "6:47: commitments[0].topic: unknown topic 'enrgy'; did you mean 'energy'? "
            "Known: defence, energy, law-enforcement",
        ),
        (
            "agenda: [Defence]\n",
            "5:10: agenda[0]: 'Defence' is not a topic key; use lower-case letters, digits and '-'",
        ),
    ],
)
def test_topic_keys_must_be_defined(
    make_workspace: MakeWorkspace, lines: str, message: str
) -> None:
    assert meeting_problems(make_workspace, BASE + lines) == [f"ws/meetings/x.yaml:{message}"]


@pytest.mark.parametrize("key", ["Defence", "défense", "การทหาร", "health care"])
def test_topic_key_in_topics_yaml(make_workspace: MakeWorkspace, key: str) -> None:
    topics = (SPEC / "topics.yaml").read_text(encoding="utf-8")
    assert problems(make_workspace, {"topics.yaml": topics + f"{key}:\n  label: Health\n"}) == [
        f"ws/topics.yaml:10:1: {key}: '{key}' is not a topic key; use lower-case letters, "
        "digits and '-'"
    ]


# --- Field names -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("files", "messages"),
    [
        (
            {"meetings/x.yaml": BASE + "pariticipants: []\n"},
            [
                "ws/meetings/x.yaml:5:1: pariticipants: unknown field 'pariticipants'; did you "
                "mean 'participants'?"
            ],
        ),
        (
            {"meetings/x.yaml": BASE + "participants:\n  - {name: Somchai, sid: TH}\n"},
            [
                "ws/meetings/x.yaml:6:5: participants[0].side: required field is missing",
                "ws/meetings/x.yaml:6:21: participants[0].sid: unknown field 'sid'; did you mean "
                "'side'?",
            ],
        ),
        (
            {"meetings/x.yaml": BASE + "venue: Bangkok\n"},
            [
                "ws/meetings/x.yaml:5:1: venue: unknown field 'venue'; known fields: "
                + KNOWN_MEETING_FIELDS
            ],
        ),
        (
            {"counterparts/KH.yaml": "code: KH\nname: Cambodia\nalias: [Kampuchea]\n"},
            ["ws/counterparts/KH.yaml:3:1: alias: unknown field 'alias'; did you mean 'aliases'?"],
        ),
        (
            {"topics.yaml": (SPEC / "topics.yaml").read_text() + "health:\n  lable: Health\n"},
            [
                "ws/topics.yaml:11:3: health.label: required field is missing",
                "ws/topics.yaml:11:3: health.lable: unknown field 'lable'; did you mean 'label'?",
            ],
        ),
    ],
)
def test_misspelt_field(
    make_workspace: MakeWorkspace, files: dict[str, str | bytes | None], messages: list[str]
) -> None:
    assert problems(make_workspace, files) == messages


@pytest.mark.parametrize("key", ["null", "2024", "2024-02-28"])
def test_key_that_is_not_a_word_is_an_unknown_field(
    make_workspace: MakeWorkspace, key: str
) -> None:
    assert meeting_problems(make_workspace, BASE + f"{key}: Bangkok\n") == [
        f"ws/meetings/x.yaml:5:1: {key}: unknown field '{key}'; known fields: "
        + KNOWN_MEETING_FIELDS
    ]


def test_a_message_quoting_a_line_break_stays_on_one_line(make_workspace: MakeWorkspace) -> None:
    text = 'id: "talks\\n2024"\n' + BASE.replace("status: held", 'status: "held\\r\\n"')
    assert meeting_problems(make_workspace, text) == [
        "ws/meetings/x.yaml:1:5: id: 'talks\\n2024' is not a valid id; use only letters, digits, "
        "'-' and '_'",
        "ws/meetings/x.yaml:5:9: status: unknown value 'held\\r\\n'; did you mean 'held'? "
        "Use one of: held, planned, cancelled",
    ]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (BASE.replace("title: Talks\n", ""), "1:1: title: required field is missing"),
        (
            BASE.replace("status: held\n", ""),
            "1:1: status: required field is missing; use one of: held, planned, cancelled",
        ),
        (
            BASE + "commitments:\n  - by: TH\n    due: 2024-04\n",
            "6:5: commitments[0].text: required field is missing",
        ),
    ],
)
def test_missing_required_field(make_workspace: MakeWorkspace, text: str, message: str) -> None:
    assert meeting_problems(make_workspace, text) == [f"ws/meetings/x.yaml:{message}"]


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("participants: Somchai\n", "5:15: participants: expected a list"),
        (
            "participants: [Somchai]\n",
            "5:16: participants[0]: expected a mapping of field names to values",
        ),
        ("ordinal: second\n", "5:10: ordinal: expected a whole number"),
        ("ordinal: 0\n", "5:10: ordinal: must be at least 1"),
        ("talking_points: [defence]\n", "5:17: talking_points: expected a mapping"),
        (
            "level: ministers\n",
            "5:8: level: unknown value 'ministers'; did you mean 'ministerial'? "
            "Use one of: leaders, ministerial, senior-officials, working",
        ),
    ],
)
def test_wrong_type(make_workspace: MakeWorkspace, line: str, message: str) -> None:
    assert meeting_problems(make_workspace, BASE + line) == [f"ws/meetings/x.yaml:{message}"]


# --- Counterparts ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    [
        "US",
        "us",
        "USA",
        "usa",
        "United States",
        "united states",
        "สหรัฐฯ",
        "สหรัฐอเมริกา",
        "U.S.",
        "United States of America",
        " America ",
    ],
)
def test_counterpart_found_by_code_name_or_alias(workspace: Path, name: str) -> None:
    assert find_counterpart(load_workspace(workspace), name).code == "US"


@pytest.mark.parametrize("name", ["TH", "th", "Thailand", "ประเทศไทย", "ไทย"])
def test_home_country_found_too(workspace: Path, name: str) -> None:
    assert find_counterpart(load_workspace(workspace), name).code == "TH"


def test_unknown_counterpart_lists_the_known_ones(workspace: Path) -> None:
    with pytest.raises(InputError) as info:
        find_counterpart(load_workspace(workspace), "Narnia")
    assert info.value.lines() == ["unknown counterpart 'Narnia'; known counterparts: TH, US"]


def test_duplicate_counterpart_code(make_workspace: MakeWorkspace) -> None:
    files = {"counterparts/USA.yaml": "code: US\nname: United States\n"}
    assert problems(make_workspace, files) == [
        "ws/counterparts/USA.yaml:1:7: code: duplicate counterpart code 'US'; "
        "ws/counterparts/US.yaml has it too"
    ]


def test_yaml_1_2_keeps_norway_and_ontario_strings(make_workspace: MakeWorkspace) -> None:
    # Under YAML 1.1 NO is false and ON is true; a tool keyed by country codes needs 1.2.
    files = {
        "counterparts/NO.yaml": "code: NO\nname: {en: Norway, th: นอร์เวย์}\naliases: [no]\n",
        "counterparts/ON.yaml": "code: ON\nname: Ontario\n",
        "meetings/x.yaml": BASE.replace("[TH, US]", "[TH, NO, ON]")
        + "participants:\n  - {name: Jonas Gahr Støre, side: NO}\n"
        + "commitments:\n  - {by: [NO, ON], text: Talk again., status: open}\n",
    }
    root = make_workspace(files)
    assert load_yaml(root / "counterparts/NO.yaml").data["code"] == "NO"
    assert load_yaml(root / "counterparts/NO.yaml").data["aliases"] == ["no"]
    assert load_yaml(root / "counterparts/ON.yaml").data["code"] == "ON"
    ws = load_workspace(root)
    assert sorted(ws.counterparts) == ["NO", "ON", "TH", "US"]
    meeting = ws.meeting("x")
    assert meeting is not None
    assert meeting.parties == ["TH", "NO", "ON"]
    assert meeting.participants[0].side == "NO"
    assert meeting.commitments[0].by == ["NO", "ON"]
    assert find_counterpart(ws, "no").code == "NO"
    assert find_counterpart(ws, "Norway").code == "NO"


# --- Files that are not records ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (
            "title: [Talks\nparties: [TH, US]\n",
            "2:8: YAML syntax error: did not find expected ',' or ']'",
        ),
        (
            "title: Talks\n  parties: [TH, US]\n",
            "2:10: YAML syntax error: mapping values are not allowed in this context",
        ),
        (
            "title: Talks\ntitle: More talks\n",
            '2:1: YAML syntax error: found duplicate key "title" with value "More talks" '
            '(original value: "Talks")',
        ),
        (
            "title: Talks\n\tparties: [TH, US]\n",
            "2:1: YAML syntax error: a tab character; YAML indents with spaces, never tabs",
        ),
        (b"title: Caf\xe9\n", "1:11: file is not UTF-8 text; save it as UTF-8"),
        (b"", "1:1: file is empty"),
        (b"\n  \n", "1:1: file is empty"),
        (
            "# nothing yet\n",
            "1:1: file holds no values; a record file must be a mapping of field names to values",
        ),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "3:1: file is binary, not a YAML text file"),
        (
            "- title: Talks\n- title: More talks\n",
            "1:1: top level is a list; a record file must be a mapping of field names to values",
        ),
        (
            "Talks in Bangkok\n",
            "1:1: top level is a string; a record file must be a mapping of field names to values",
        ),
        (
            "2024\n",
            "1:1: top level is a number; a record file must be a mapping of field names to values",
        ),
        (
            "title: &t Talks\nlocation: *t\n",
            "1:8: YAML anchors and aliases are not allowed in records",
        ),
        (
            "defaults: &d {status: held}\nmeeting:\n  <<: *d\n",
            "1:11: YAML anchors and aliases are not allowed in records",
        ),
    ],
)
def test_file_that_is_not_a_record(
    make_workspace: MakeWorkspace, content: str | bytes, message: str
) -> None:
    assert meeting_problems(make_workspace, content) == [f"ws/meetings/x.yaml:{message}"]


def test_deeply_nested_file(make_workspace: MakeWorkspace) -> None:
    text = "title: " + "[" * 300 + "]" * 300 + "\n"
    assert meeting_problems(make_workspace, text) == [
        "ws/meetings/x.yaml:1:47: values are nested too deeply (more than 40 levels)"
    ]


def test_byte_order_mark_is_allowed(make_workspace: MakeWorkspace) -> None:
    ws = loads(make_workspace, {"meetings/x.yaml": "\ufeff" + BASE})
    assert ws.meeting("x") is not None


def test_missing_topics_and_counterparts(make_workspace: MakeWorkspace) -> None:
    root = make_workspace(base=None, files={"meetings/x.yaml": BASE})
    with pytest.raises(DataError) as info:
        load_workspace(root)
    assert info.value.lines() == [
        "ws/counterparts: folder is missing",
        "ws/meetings/x.yaml:2:11: parties[0]: unknown counterpart 'TH'",
        "ws/meetings/x.yaml:2:15: parties[1]: unknown counterpart 'US'",
        "ws/topics.yaml: file is missing",
        "4 problems in the records",
    ]


def test_every_problem_at_once(make_workspace: MakeWorkspace) -> None:
    files: dict[str, str | bytes | None] = {
        "meetings/a.yaml": BASE.replace("hel", "hl"),
        "meetings/b.yaml": BASE.replace("2024-02-28", "2024-02-30"),
        "meetings/c.yaml": b"",
    }
    assert problems(make_workspace, files) == [
        "ws/meetings/a.yaml:4:9: status: unknown value 'hld'; did you mean 'held'? Use one of: "
        "held, planned, cancelled",
        "ws/meetings/b.yaml:3:7: date: '2024-02-30' is not a real date: February 2024 has 29 days",
        "ws/meetings/c.yaml:1:1: file is empty",
    ]


# --- Commitment ids and the talking points that name them --------------------------------------

NAMED = (
    BASE
    + "commitments:\n"
    + "  - {id: grant, by: US, text: Provide the grant., topic: defence}\n"
    + "  - {by: TH, text: Host the dialogue.}\n"
)


def test_a_talking_point_names_commitments_by_id(make_workspace: MakeWorkspace) -> None:
    planned = (
        "id: next\ntitle: Next talks\nparties: [TH, US]\ndate: 2027-01-10\nstatus: planned\n"
        "talking_points:\n  defence:\n"
        "    - re: grant\n      text: {en: Ask when the grant comes., th: ขอทราบกำหนดเงินสนับสนุน}\n"
        "    - Reaffirm the alliance.\n"
        "    - {text: Welcome the grant., re: [grant]}\n"
    )
    root = make_workspace({"meetings/x.yaml": NAMED, "meetings/next.yaml": planned})
    workspace = load_workspace(root)
    meeting = workspace.meeting("next")
    assert meeting is not None
    points = meeting.talking_points["defence"]
    assert [p.re for p in points] == [["grant"], [], ["grant"]]
    assert points[0].text.get("th")[0] == "ขอทราบกำหนดเงินสนับสนุน"
    assert points[1].text.dump() == "Reaffirm the alliance."
    held = workspace.meeting("x")
    assert held is not None and held.commitments[0].id == "grant"


@pytest.mark.parametrize(
    ("files", "messages"),
    [
        (
            {
                "meetings/y.yaml": BASE
                + "talking_points:\n  defence:\n    - {text: Ask., re: grnt}\n"
            },
            [
                "ws/meetings/y.yaml:7:24: talking_points.defence[0].re: unknown commitment id "
                "'grnt'; did you mean 'grant'? Known: grant"
            ],
        ),
        (
            {"meetings/y.yaml": BASE + "commitments:\n  - {id: grant, by: TH, text: Again.}\n"},
            [
                "ws/meetings/y.yaml:6:10: commitments[0].id: commitment id 'grant' is already "
                "used in ws/meetings/x.yaml"
            ],
        ),
        (
            {
                "meetings/y.yaml": BASE
                + "talking_points:\n  defence:\n    - {text: Ask., re: [a b]}\n"
            },
            [
                "ws/meetings/y.yaml:7:25: talking_points.defence[0].re[0]: 'a b' is not a valid "
                "id; use only letters, digits, '-' and '_'"
            ],
        ),
    ],
)
def test_commitment_ids_and_references_are_checked(
    make_workspace: MakeWorkspace, files: dict[str, str], messages: list[str]
) -> None:
    assert problems(make_workspace, {"meetings/x.yaml": NAMED, **files}) == messages
