"""`briefgen validate` on one slip: it is reported once, where it is, with the fix to make.

Exact messages and exit codes, as the user reads them on stderr.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from typer.testing import Result

MakeWorkspace = Callable[..., Path]
Cli = Callable[..., Result]
AS_OF = "2024-06-01"


def _validate(cli: Cli) -> Result:
    result = cli("validate", "--data", "ws", "--as-of", AS_OF)
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    return result


def test_a_wrong_party_code_is_blamed_on_its_line_only(
    cli: Cli, make_workspace: MakeWorkspace
) -> None:
    # USA for US: the sides and `by` codes naming US are right; the party list is wrong.
    meeting = (
        "title: Talks\nparties: [TH, USA]\ndate: 2024-02-28\nstatus: held\n"
        "participants:\n  - {name: A, side: US}\n  - {name: B, side: TH}\n"
        "  - {name: C, side: KR}\n"
        "commitments:\n  - {by: [TH, US], text: Meet again.}\n  - {by: US, text: Write.}\n"
    )
    make_workspace({"meetings/m.yaml": meeting})
    assert _validate(cli).stderr.splitlines() == [
        "ws/meetings/m.yaml:2:15: parties[1]: unknown counterpart 'USA' (USA is United "
        "States's three-letter code; records use US); did you mean 'US'? Known: TH, US",
        # KR is no counterpart at all: still named, against the meeting's parties.
        "ws/meetings/m.yaml:8:21: participants[2].side: unknown party 'KR'; known: TH, USA",
        "2 problems in the records",
    ]


def test_a_counterpart_file_that_does_not_parse_is_reported_once(
    cli: Cli, make_workspace: MakeWorkspace
) -> None:
    # A tab for indentation: the file is named, with what is wrong, and the meetings naming
    # US are not reported again for naming it.
    make_workspace({"counterparts/US.yaml": "code: US\nname: United States\naliases:\n\t- USA\n"})
    assert _validate(cli).stderr.splitlines() == [
        "ws/counterparts/US.yaml:4:1: YAML syntax error: a tab character; "
        "YAML indents with spaces, never tabs",
        "1 problem in the records",
    ]


def test_a_topics_file_that_does_not_parse_is_reported_once(
    cli: Cli, make_workspace: MakeWorkspace
) -> None:
    make_workspace({"topics.yaml": "energy: {label: Energy\n"})
    problems = _validate(cli).stderr.splitlines()
    assert problems[-1] == "1 problem in the records", problems
    assert problems[0].startswith("ws/topics.yaml:2:1: YAML syntax error: "), problems


def test_a_missing_field_of_fixed_values_says_which_are_allowed(
    cli: Cli, make_workspace: MakeWorkspace
) -> None:
    make_workspace(
        {
            "meetings/m.yaml": "title: Talks\nparties: [TH, US]\ndate: 2024-02-28\n",
            "meetings/n.yaml": "parties: [TH, US]\ndate: 2024-02-28\nstatus: held\n",
        }
    )
    assert _validate(cli).stderr.splitlines() == [
        "ws/meetings/m.yaml:1:1: status: required field is missing; "
        "use one of: held, planned, cancelled",
        # A free-text field has no list of values to offer.
        "ws/meetings/n.yaml:1:1: title: required field is missing",
        "2 problems in the records",
    ]


def test_validate_reports_the_desks_settings_with_the_records(
    cli: Cli, make_workspace: MakeWorkspace
) -> None:
    make_workspace(
        {
            "briefgen.yaml": "ministry: mfa\nclassification: restricted\n",
            "meetings/m.yaml": "title: Talks\nparties: [TH, US]\ndate: 2024-02-28\n",
        }
    )
    assert _validate(cli).stderr.splitlines() == [
        "ws/briefgen.yaml:2:17: classification: unknown value 'restricted'; "
        "use one of: none, confidential, secret, top-secret",
        "ws/meetings/m.yaml:1:1: status: required field is missing; "
        "use one of: held, planned, cancelled",
        "2 problems in the records",
    ]


def test_a_malformed_party_list_is_the_only_problem_named(
    cli: Cli, make_workspace: MakeWorkspace
) -> None:
    meeting = (
        "title: Talks\nparties: TH, US\ndate: 2024-02-28\nstatus: held\n"
        "participants:\n  - {name: A, side: US}\ncommitments:\n  - {by: TH, text: Go.}\n"
    )
    make_workspace({"meetings/m.yaml": meeting})
    assert _validate(cli).stderr.splitlines() == [
        "ws/meetings/m.yaml:2:10: parties: expected a list",
        "1 problem in the records",
    ]
