"""Hostile input, round two: `mail` against servers that never stop talking, host names and
addresses that would break a header or the connection, and a pack PDF that is not the pack.

The servers are raw sockets on 127.0.0.1, written to misbehave as a hostile server would."""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from collections.abc import Callable, Iterator
from email.message import EmailMessage
from pathlib import Path

import pytest
from typer.testing import Result

from briefgen.errors import MailError
from briefgen.mail import MAIL_POLICY, SmtpSettings, addresses, send
from briefgen.smtp_send import MAX_REPLY_LINES

CliRun = Callable[..., Result]
Talk = Callable[[socket.socket], None]


@pytest.fixture
def raw_server() -> Iterator[Callable[[Talk], int]]:
    """raw_server(talk): a port on 127.0.0.1 where `talk(connection)` answers each client."""
    listeners: list[socket.socket] = []

    def start(talk: Talk) -> int:
        listener = socket.create_server(("127.0.0.1", 0))
        listeners.append(listener)

        def serve() -> None:
            try:
                connection, _ = listener.accept()
            except OSError:
                return
            # OSError: the client hung up, as a bounded client does
            with connection, contextlib.suppress(OSError):
                talk(connection)

        threading.Thread(target=serve, daemon=True).start()
        return int(listener.getsockname()[1])

    yield start
    for listener in listeners:
        listener.close()


def message() -> EmailMessage:
    draft = EmailMessage(policy=MAIL_POLICY)
    draft["From"] = "unit@example.go.th"
    draft["To"] = "delegation@example.org"
    draft["Date"] = "Thu, 10 Dec 2026 09:00:00 +0000"
    draft["X-Unsent"] = "1"
    draft.set_content("The pack.\n")
    return draft


def trickle_greeting(connection: socket.socket) -> None:
    for _ in range(10_000):  # a 220- continuation line now and then, never the last line
        connection.sendall(b"220-still here\r\n")
        time.sleep(0.05)


def endless_ehlo(connection: socket.socket) -> None:
    connection.sendall(b"220 mail.example ESMTP\r\n")
    connection.recv(1024)
    line = b"250-" + b"X" * 500 + b"\r\n"
    for _ in range(1_000_000):  # 500 MB of EHLO reply, if the client kept reading
        connection.sendall(line * 100)


def test_a_trickled_greeting_ends_at_the_exchange_deadline(
    raw_server: Callable[[Talk], int],
) -> None:
    port = raw_server(trickle_greeting)
    settings = SmtpSettings("127.0.0.1", port, tls=False)
    started = time.monotonic()
    with pytest.raises(MailError) as error:
        send(message(), settings, None, seconds=2)
    assert time.monotonic() - started < 10
    assert str(error.value) == (
        f"127.0.0.1:{port} did not finish the exchange within 2 s; nothing was sent"
    )


def test_a_trickled_greeting_through_the_cli_ends_at_the_deadline_it_is_given(
    cli: CliRun, raw_server: Callable[[Talk], int], tmp_path: Path
) -> None:
    from support import SPEC

    def slow_greeting(connection: socket.socket) -> None:
        for _ in range(10_000):  # one byte a second: each read is quick, the exchange endless
            connection.sendall(b"2")
            time.sleep(1)

    port = raw_server(slow_greeting)
    out = tmp_path / "out"
    started = time.monotonic()
    result = cli(
        "mail", "--counterpart", "US", "--data", str(SPEC), "--out", str(out),
        "--as-of", "2026-11-01", "--to", "delegation@example.org",
        "--from", "unit@example.go.th", "--send", "--no-tls",
        "--smtp-host", "127.0.0.1", "--smtp-port", str(port),
        env={"BRIEFGEN_SMTP_SECONDS": "3"},
    )  # fmt: skip
    assert time.monotonic() - started < 45
    assert result.exit_code == 1, result.output
    assert result.stderr.strip().endswith(
        f"127.0.0.1:{port} did not finish the exchange within 3 s; nothing was sent"
    ), result.stderr


@pytest.mark.parametrize("value", ["0", "nan", "-5", "1e9", "soon"])
def test_the_exchange_deadline_must_be_a_number_of_seconds(value: str) -> None:
    with pytest.raises(MailError, match="BRIEFGEN_SMTP_SECONDS: .* is not a number of seconds"):
        SmtpSettings.resolve("127.0.0.1", 25, None, tls=False, env={"BRIEFGEN_SMTP_SECONDS": value})


def test_an_endless_ehlo_reply_is_cut_off(raw_server: Callable[[Talk], int]) -> None:
    port = raw_server(endless_ehlo)
    settings = SmtpSettings("127.0.0.1", port, tls=False)
    started = time.monotonic()
    with pytest.raises(MailError) as error:
        send(message(), settings, None, seconds=20)
    assert time.monotonic() - started < 10
    assert str(error.value) == (
        f"127.0.0.1:{port} sent a reply longer than {MAX_REPLY_LINES} lines or 64 KB; "
        "is it an SMTP server?"
    )


def test_an_endless_greeting_through_the_cli_is_one_clean_message(
    cli: CliRun, raw_server: Callable[[Talk], int], tmp_path: Path
) -> None:
    from support import SPEC

    def endless_greeting(connection: socket.socket) -> None:
        for _ in range(1_000_000):
            connection.sendall(b"220-" + b"Y" * 500 + b"\r\n")

    port = raw_server(endless_greeting)
    out = tmp_path / "out"
    result = cli(
        "mail", "--counterpart", "US", "--data", str(SPEC), "--out", str(out),
        "--as-of", "2026-11-01", "--to", "delegation@example.org",
        "--from", "unit@example.go.th", "--send", "--no-tls",
        "--smtp-host", "127.0.0.1", "--smtp-port", str(port),
    )  # fmt: skip
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    assert f"127.0.0.1:{port} sent a reply longer than" in result.stderr


@pytest.mark.parametrize("host", ["a" * 64 + ".example.org", "mail..example.org"])
def test_a_host_name_that_cannot_be_looked_up_is_named(host: str) -> None:
    message_text = f"--smtp-host: '{host}' is not a valid host name"
    with pytest.raises(MailError, match=message_text):
        SmtpSettings.resolve(host, 25, None, tls=False, env={})
    with pytest.raises(MailError, match=message_text):  # settings made otherwise
        send(message(), SmtpSettings(host, 25, tls=False), None, seconds=5)


@pytest.mark.parametrize(
    ("value", "why"),
    [
        ("dele\x7fgation@example.org", "contains a control character"),
        ("Desk\x1b[31m <desk@example.org>", "contains a control character"),
        ("desk@example.org\x00", "contains a control character"),
        ("สมชาย@example.org", "has non-ASCII letters before the @"),
        ("desk@" + "b" * 64 + ".org", "is not a valid domain name"),
    ],
)
def test_addresses_that_would_break_a_header_are_refused(value: str, why: str) -> None:
    with pytest.raises(MailError, match=why) as error:
        addresses("--to", [value])
    assert str(error.value).startswith("--to: ")


def test_a_non_ascii_domain_is_kept_in_its_ascii_form() -> None:
    [address] = addresses("--to", ["Desk <desk@กระทรวง.ไทย>"])
    labels = ["xn--" + label.encode("punycode").decode() for label in ("กระทรวง", "ไทย")]
    assert address.domain == ".".join(labels)
    assert address.display_name == "Desk"


def test_a_control_character_in_to_writes_nothing(cli: CliRun, tmp_path: Path) -> None:
    from support import SPEC

    out = tmp_path / "out"
    result = cli(
        "mail", "--counterpart", "US", "--data", str(SPEC), "--out", str(out),
        "--as-of", "2026-11-01", "--to", "dele\x7fgation@example.org",
    )  # fmt: skip
    assert result.exit_code == 1
    assert result.stderr.strip().endswith(
        "--to: 'dele\\x7fgation@example.org' contains a control character"
    ), result.stderr
    assert not out.exists()


# The pack PDF that `mail` attaches ---------------------------------------------------------

STEM = "2026-12-10_US_briefing-pack"


@pytest.fixture(scope="module")
def made_pack(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    from datetime import date

    from support import SPEC

    from briefgen.build import MakeOptions, build

    out = tmp_path_factory.mktemp("pack")
    build(MakeOptions("US", SPEC, out, date(2026, 11, 1)))
    return (out / f"{STEM}.pdf").read_bytes()


def mail_draft(cli: CliRun, out: Path, *extra: str) -> Result:
    from support import SPEC

    return cli(
        "mail", "--counterpart", "US", "--data", str(SPEC), "--out", str(out),
        "--as-of", "2026-11-01", "--to", "delegation@example.org", *extra,
    )  # fmt: skip


def test_a_pack_pdf_that_links_out_is_not_attached(
    cli: CliRun, made_pack: bytes, tmp_path: Path
) -> None:
    outside = tmp_path / "secret.pdf"
    outside.write_bytes(made_pack)
    out = tmp_path / "out"
    out.mkdir()
    (out / f"{STEM}.pdf").symlink_to(outside)
    result = mail_draft(cli, out)
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert f"{STEM}.pdf is a link; briefgen attaches only the pack it wrote" in result.stderr
    assert sorted(p.name for p in out.iterdir()) == [f"{STEM}.pdf"]  # no .eml


@pytest.mark.parametrize(
    ("case", "reason"),
    [
        ("not-a-pdf", "unable to find trailer dictionary"),
        ("truncated", "unable to find trailer dictionary"),
        ("empty", "unable to find trailer dictionary"),
        ("no-pages", "it has no pages"),
    ],
)
def test_a_pack_pdf_that_is_not_readable_is_one_message(
    cli: CliRun, made_pack: bytes, tmp_path: Path, case: str, reason: str
) -> None:
    import io

    import pikepdf

    blank = io.BytesIO()
    pikepdf.new().save(blank)
    data = {
        "not-a-pdf": b"<html>not the pack</html>",
        "truncated": made_pack[: len(made_pack) // 2],
        "empty": b"",
        "no-pages": blank.getvalue(),
    }[case]
    out = tmp_path / "out"
    out.mkdir()
    (out / f"{STEM}.pdf").write_bytes(data)
    result = mail_draft(cli, out)
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert f"the pack is not a readable PDF ({reason}" in result.stderr
    assert result.stderr.strip().endswith("make the pack again")
    assert not (out / f"{STEM}.eml").exists()


def test_an_incomplete_pack_is_not_mailed(cli: CliRun, made_pack: bytes, tmp_path: Path) -> None:
    from briefgen.outputs import INCOMPLETE_MARKER

    out = tmp_path / "out"
    out.mkdir()
    (out / f"{STEM}.pdf").write_bytes(made_pack)
    (out / INCOMPLETE_MARKER).write_text("")
    result = mail_draft(cli, out)
    assert result.exit_code == 1
    assert "is incomplete (a run stopped while writing it" in result.stderr
    assert result.stderr.strip().endswith("make the pack again")
    assert not (out / f"{STEM}.eml").exists()


def test_a_fifo_in_place_of_the_pack_does_not_hang(cli: CliRun, tmp_path: Path) -> None:
    import os

    out = tmp_path / "out"
    out.mkdir()
    os.mkfifo(out / f"{STEM}.pdf")
    result = mail_draft(cli, out)
    assert result.exit_code == 1
    assert f"{STEM}.pdf is not a file; remove it and make the pack again" in result.stderr


def test_a_draft_name_that_links_out_is_replaced_not_written_through(
    cli: CliRun, made_pack: bytes, tmp_path: Path
) -> None:
    outside = tmp_path / "elsewhere.txt"
    outside.write_text("kept")
    out = tmp_path / "out"
    out.mkdir()
    (out / f"{STEM}.pdf").write_bytes(made_pack)
    (out / f"{STEM}.eml").symlink_to(outside)
    result = mail_draft(cli, out)
    assert result.exit_code == 0, result.output
    assert outside.read_text() == "kept"
    draft = out / f"{STEM}.eml"
    assert not draft.is_symlink() and draft.read_bytes().startswith(b"Subject: ")
