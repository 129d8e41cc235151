"""`briefgen mail` marks what it sends: the pack's classification, read from its PDF, in the
subject and atop the body of the draft and of the message a real SMTP server receives."""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from support import SPEC, MakeWorkspace
from test_mail import CliRun, Server, body_text, parse, smtp_server  # noqa: F401 (fixture)

from briefgen.pack_marking import read_marking

STEM = "2026-12-10_US_briefing-pack"
AS_OF = ("--as-of", "2026-11-01")


def make_args(out: Path, data: Path = SPEC, *extra: str) -> list[str]:
    return ["make", "-c", "US", "--data", str(data), "--out", str(out), *AS_OF, *extra]


def mail_args(out: Path, data: Path = SPEC, *extra: str) -> list[str]:
    return [
        "mail", "-c", "US", "--data", str(data), "--out", str(out), *AS_OF,
        "--to", "delegation@example.org", *extra,
    ]  # fmt: skip


@pytest.fixture(scope="module")
def confidential_pack(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from briefgen.build import MakeOptions, build

    out = tmp_path_factory.mktemp("confidential")
    build(MakeOptions("US", SPEC, out, _as_of(), classification="confidential"))
    return out


def _as_of():  # type: ignore[no-untyped-def]
    from datetime import date

    return date.fromisoformat(AS_OF[1])


def test_the_pack_records_its_marking_in_its_metadata(confidential_pack: Path) -> None:
    marking = read_marking((confidential_pack / f"{STEM}.pdf").read_bytes())
    assert marking.level == "confidential" and marking.draft is False
    assert marking.made is not None


def test_confidential_pack_is_mailed_and_sent_marked(
    cli: CliRun,
    smtp_server: Callable[..., Server],  # noqa: F811 (the fixture imported above)
    confidential_pack: Path,
    tmp_path: Path,
) -> None:
    out = tmp_path / "out"
    shutil.copytree(confidential_pack, out)
    server = smtp_server()
    sending = ("--from", "unit@example.go.th", "--send", "--smtp-host", "127.0.0.1")
    args = (*sending, "--smtp-port", str(server.port), "--no-tls")
    result = cli(*mail_args(out, SPEC, "--classification", "confidential", *args))
    assert result.exit_code == 0, result.output
    draft = parse((out / f"{STEM}.eml").read_bytes())
    [received] = server.handler.received
    for message in (draft, parse(received.content)):
        assert message["Subject"].startswith("[CONFIDENTIAL] Briefing pack: ")
        assert message["Subject"].count("CONFIDENTIAL") == 1
        assert body_text(message).startswith("CONFIDENTIAL\n\nDear colleagues,")
        assert message["X-Classification"] is None  # the default profile names no header


def test_without_classification_the_email_follows_the_pack(
    cli: CliRun, confidential_pack: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    shutil.copytree(confidential_pack, out)
    result = cli(*mail_args(out))
    assert result.exit_code == 0, result.output
    assert parse((out / f"{STEM}.eml").read_bytes())["Subject"].startswith("[CONFIDENTIAL] ")


def test_thai_pack_is_mailed_with_the_thai_marking(cli: CliRun, tmp_path: Path) -> None:
    out = tmp_path / "out"
    marked = ("--lang", "th", "--classification", "confidential")
    assert cli(*make_args(out, SPEC, *marked)).exit_code == 0
    result = cli(*mail_args(out, SPEC, *marked))
    assert result.exit_code == 0, result.output
    message = parse((out / f"{STEM}_th.eml").read_bytes())
    assert message["Subject"].startswith("[ลับ] ชุดเอกสารประกอบการประชุม: ")
    assert message["Subject"].count("ลับ") == 1
    assert body_text(message).startswith("ลับ\n\nเรียน")


def test_an_unmarked_pack_mailed_as_confidential_is_refused(cli: CliRun, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert cli(*make_args(out)).exit_code == 0
    result = cli(*mail_args(out, SPEC, "--classification", "confidential"))
    assert result.exit_code == 1
    assert result.stderr == (
        f"{out}/{STEM}.pdf is marked unclassified (none), not CONFIDENTIAL as "
        "--classification asks; make the pack again with --classification confidential, "
        "or give --force to attach it as it is\n"
    )
    assert not (out / f"{STEM}.eml").exists()
    # Forced, the e-mail still carries the higher marking.
    forced = cli(*mail_args(out, SPEC, "--classification", "confidential", "--force"))
    assert forced.exit_code == 0, forced.output
    assert parse((out / f"{STEM}.eml").read_bytes())["Subject"].startswith("[CONFIDENTIAL] ")


def test_a_pack_older_than_its_records_is_refused(
    cli: CliRun, make_workspace: MakeWorkspace, confidential_pack: Path, tmp_path: Path
) -> None:
    root = make_workspace()
    out = tmp_path / "out"
    shutil.copytree(confidential_pack, out)
    changed = root / "meetings" / "2024-02-28-th-us-2plus2.yaml"
    later = time.time() + 120
    os.utime(changed, (later, later))
    result = cli(*mail_args(out, root))
    assert result.exit_code == 1
    assert result.stderr == (
        f"out/{STEM}.pdf is older than the records it was made from: "
        "ws/meetings/2024-02-28-th-us-2plus2.yaml changed since; make the pack again, "
        "or give --force to attach it as it is\n"
    )
    assert cli(*mail_args(out, root, "--force")).exit_code == 0


def test_a_draft_asked_of_a_final_pack_is_refused(
    cli: CliRun, confidential_pack: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    shutil.copytree(confidential_pack, out)
    result = cli(*mail_args(out, SPEC, "--draft"))
    assert result.exit_code == 1
    assert result.stderr == (
        f"{out}/{STEM}.pdf is not marked DRAFT, as --draft asks; make the pack again with "
        "--draft, or give --force to attach it as it is\n"
    )


def test_a_profile_may_name_a_classification_header(
    cli: CliRun, make_workspace: MakeWorkspace, confidential_pack: Path, tmp_path: Path
) -> None:
    profile = (SPEC.parent.parent.parent / "templates/default/profile.yaml").read_text()
    root = make_workspace(
        {"templates/default/profile.yaml": profile + "mail_classification_header: X-Marking\n"}
    )
    out = tmp_path / "out"
    shutil.copytree(confidential_pack, out)
    result = cli(*mail_args(out, root))
    assert result.exit_code == 0, result.output
    assert parse((out / f"{STEM}.eml").read_bytes())["X-Marking"] == "CONFIDENTIAL"


@pytest.mark.slow
def test_an_archival_pack_records_its_marking_too(tmp_path: Path) -> None:
    from briefgen.build import MakeOptions, build

    options = MakeOptions(
        "US", SPEC, tmp_path, _as_of(), classification="secret", draft=True, pdf_variant="pdf/a-3b"
    )
    build(options)
    marking = read_marking((tmp_path / f"{STEM}.pdf").read_bytes())
    assert (marking.level, marking.draft) == ("secret", True)
