"""`briefgen mail`: the .eml draft, and delivery to a real SMTP server (aiosmtpd) on 127.0.0.1."""

from __future__ import annotations

import email
import email.policy
import shutil
import socket
import ssl
import subprocess
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword
from pypdf import PdfReader
from support import SPEC, MakeWorkspace
from typer.testing import Result

from briefgen.build import MakeOptions, build
from briefgen.errors import MailError, TemplateError
from briefgen.mail import (
    PASSWORD_ENV,
    MailOptions,
    SmtpSettings,
    addresses,
    make_draft,
    send,
    smtp_password,
)

STEM = "2026-12-10_US_briefing-pack"
MEETING = "3rd Thailand–U.S. Strategic and Defense Dialogue (2+2)"
USER, PASSWORD = "briefing-unit", "s3cret-Pässwort-ทดสอบ"
CliRun = Callable[..., Result]


def options(out: Path, data: Path = SPEC, lang: str | None = None, **mail: Any) -> MailOptions:
    make = MakeOptions("US", data, out, date(2026, 11, 1), lang=lang)
    mail.setdefault("to", ["Delegation <delegation@example.org>"])
    return MailOptions(make=make, **mail)


def parse(data: bytes) -> EmailMessage:
    message = email.message_from_bytes(data, policy=email.policy.default)
    assert isinstance(message, EmailMessage)
    return message


def body_text(message: EmailMessage) -> str:
    """The cover note, with the message's CRLF line ends read as newlines."""
    body = message.get_body(("plain",))
    assert isinstance(body, EmailMessage)
    text: str = body.get_content()
    return text.replace("\r\n", "\n")


def attachment(message: EmailMessage) -> EmailMessage:
    [part] = list(message.iter_attachments())
    assert isinstance(part, EmailMessage)
    return part


# The draft ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def pack_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("mail")
    build(options(out).make)
    return out


def test_draft_parses_and_carries_the_pack(pack_dir: Path) -> None:
    cc = ["สมชาย ใจดี <somchai@example.go.th>, desk@example.org"]
    draft = make_draft(options(pack_dir, cc=cc, sender="unit@example.go.th"))
    assert draft.built is None  # the pack was there
    path = pack_dir / f"{STEM}.eml"
    assert draft.file.path == path
    raw = path.read_bytes()
    assert b"\r\n" in raw and b"\n" not in raw.replace(b"\r\n", b"")
    assert all(byte < 128 for byte in raw)  # 7-bit: safe through any server and client
    message = parse(raw)
    assert message["X-Unsent"] == "1"
    assert message["Subject"] == f"Briefing pack: {MEETING}"
    assert message["From"].addresses[0].addr_spec == "unit@example.go.th"
    assert [a.addr_spec for a in message["To"].addresses] == ["delegation@example.org"]
    cc_addresses = message["Cc"].addresses
    assert [a.display_name for a in cc_addresses] == ["สมชาย ใจดี", ""]
    assert message["Date"].datetime is not None and message["Message-ID"]
    body = message.get_body(("plain",))
    assert body is not None and body["Content-Language"] == "en"
    text = body_text(message)
    assert MEETING in text and "Background brief" in text and "Briefing Unit" in text
    pdf = attachment(message)
    assert pdf.get_content_type() == "application/pdf"
    assert pdf.get_filename() == f"{STEM}.pdf"
    assert pdf.get_content() == (pack_dir / f"{STEM}.pdf").read_bytes()


def test_draft_makes_the_pack_first_when_it_is_missing(tmp_path: Path) -> None:
    draft = make_draft(options(tmp_path / "out"))
    assert draft.built is not None
    assert (tmp_path / "out" / f"{STEM}.pdf").is_file()
    written = {f.path.name for f in draft.built.files}
    assert f"{STEM}.pdf" in written and f"{STEM}.eml" not in written
    pdf = attachment(parse(draft.file.path.read_bytes())).get_content()
    assert pdf == (tmp_path / "out" / f"{STEM}.pdf").read_bytes()


def test_a_missing_pack_is_made_from_the_records_read_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import briefgen.build

    loads: list[Path] = []
    load_workspace = briefgen.build.load_workspace

    def counted(root: Path, **kwargs: Any) -> Any:
        loads.append(root)
        return load_workspace(root, **kwargs)

    monkeypatch.setattr(briefgen.build, "load_workspace", counted)
    draft = make_draft(options(tmp_path / "out"))
    assert draft.built is not None and (tmp_path / "out" / f"{STEM}.pdf").is_file()
    assert loads == [SPEC]


def test_thai_draft(tmp_path: Path) -> None:
    draft = make_draft(options(tmp_path, lang="th"))
    path = tmp_path / "2026-12-10_US_briefing-pack_th.eml"
    assert draft.file.path == path
    raw = path.read_bytes()
    assert all(byte < 128 for byte in raw)
    message = parse(raw)
    assert message["Subject"].startswith("ชุดเอกสารประกอบการประชุม: ")
    body = message.get_body(("plain",))
    assert body is not None and body["Content-Language"] == "th"
    text = body_text(message)
    assert text.startswith("เรียน") and "ประเด็นการหารือ" in text and "๑๐ ธันวาคม" in text
    pdf = attachment(message)
    assert pdf.get_filename() == "2026-12-10_US_briefing-pack_th.pdf"
    assert pdf.get_content() == (tmp_path / "2026-12-10_US_briefing-pack_th.pdf").read_bytes()


def test_ministry_template_overrides_the_note_without_html_escaping(
    make_workspace: MakeWorkspace, pack_dir: Path, tmp_path: Path
) -> None:
    note = "Subject: R&D <{{ header.counterpart }}>\n\nTom & Jerry <{{ attachment.pages }}>\n"
    root = make_workspace({"templates/default/mail.txt.j2": note})
    out = tmp_path / "out"
    shutil.copytree(pack_dir, out)
    message = parse(make_draft(options(out, data=root)).file.path.read_bytes())
    assert message["Subject"] == "R&D <United States>"
    pages = len(PdfReader(out / f"{STEM}.pdf").pages)
    assert body_text(message) == f"Tom & Jerry <{pages}>\n"


def test_a_misspelt_variable_names_the_template_and_line(
    make_workspace: MakeWorkspace, pack_dir: Path, tmp_path: Path
) -> None:
    root = make_workspace({"templates/default/mail.txt.j2": "Subject: x\n\n{{ header.nope }}\n"})
    out = tmp_path / "out"
    shutil.copytree(pack_dir, out)
    (out / f"{STEM}.eml").unlink(missing_ok=True)
    with pytest.raises(TemplateError, match=r"mail\.txt\.j2:3: unknown variable"):
        make_draft(options(out, data=root))
    assert not (out / f"{STEM}.eml").exists()


@pytest.mark.parametrize(
    "value", ["not-an-address", "a@example.org\r\nBcc: spy@example.org", "", "a@b@c"]
)
def test_bad_addresses_are_refused(value: str) -> None:
    with pytest.raises(MailError, match="--to"):
        addresses("--to", [value])


def test_one_option_may_hold_several_addresses() -> None:
    found = addresses("--cc", ["A <a@example.org>, b@example.org", "c@example.org"])
    assert [a.addr_spec for a in found] == ["a@example.org", "b@example.org", "c@example.org"]


# SMTP settings and password ----------------------------------------------------------------


def test_settings_from_options_then_environment() -> None:
    env = {
        "BRIEFGEN_SMTP_HOST": "mail.example.org",
        "BRIEFGEN_SMTP_PORT": "2525",
        "BRIEFGEN_SMTP_USER": "env-user",
    }
    settings = SmtpSettings.resolve(None, None, None, tls=True, env=env)
    assert (settings.host, settings.port, settings.user) == ("mail.example.org", 2525, "env-user")
    settings = SmtpSettings.resolve("relay", 26, "me", tls=True, env=env)
    assert (settings.host, settings.port, settings.user) == ("relay", 26, "me")
    assert SmtpSettings.resolve("relay", None, None, tls=True, env={}).port == 587
    assert SmtpSettings.resolve("relay", None, None, tls=False, env={}).port == 25
    with pytest.raises(MailError, match="--smtp-host"):
        SmtpSettings.resolve(None, None, None, tls=True, env={})
    with pytest.raises(MailError, match="not a port"):
        SmtpSettings.resolve("relay", None, None, tls=True, env={"BRIEFGEN_SMTP_PORT": "x"})


def test_password_only_from_environment_or_prompt() -> None:
    settings = SmtpSettings("relay", 587, USER)
    assert smtp_password(settings, None, env={PASSWORD_ENV: PASSWORD}) == PASSWORD
    assert smtp_password(settings, lambda _: "typed", env={}) == "typed"
    with pytest.raises(MailError, match=PASSWORD_ENV) as caught:
        smtp_password(settings, None, env={})
    assert "terminal" in caught.value.message
    assert smtp_password(SmtpSettings("relay", 587), None, env={}) is None


# A real SMTP server ------------------------------------------------------------------------


@dataclass
class Received:
    content: bytes
    mail_from: str
    rcpt_tos: list[str]
    tls: bool
    authenticated: bool


@dataclass
class Handler:
    received: list[Received] = field(default_factory=list)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.received.append(
            Received(
                envelope.original_content or envelope.content,
                envelope.mail_from,
                list(envelope.rcpt_tos),
                session.ssl is not None,
                bool(session.authenticated),
            )
        )
        return "250 Message accepted"


def authenticator(server: Any, session: Any, envelope: Any, mechanism: str, data: Any) -> Any:
    ok = isinstance(data, LoginPassword) and (data.login, data.password) == (
        USER.encode(),
        PASSWORD.encode(),
    )
    return AuthResult(success=ok, handled=False)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@dataclass
class Server:
    handler: Handler
    port: int
    cert: Path | None = None


@pytest.fixture
def smtp_server() -> Iterator[Callable[..., Server]]:
    """smtp_server(tls_cert=None, key=None): a running aiosmtpd on 127.0.0.1 that accepts
    AUTH from USER/PASSWORD; with a certificate it offers STARTTLS and requires it."""
    controllers: list[Controller] = []

    def start(cert: Path | None = None, key: Path | None = None) -> Server:
        handler = Handler()
        port = free_port()
        kwargs: dict[str, Any] = {"authenticator": authenticator}
        if cert is not None and key is not None:
            context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
            context.load_cert_chain(cert, key)
            kwargs.update(tls_context=context, require_starttls=True, auth_require_tls=True)
        else:
            kwargs.update(auth_require_tls=False)
        controller = Controller(handler, hostname="127.0.0.1", port=port, **kwargs)
        controller.start()
        controllers.append(controller)
        return Server(handler, port, cert)

    yield start
    for controller in controllers:
        controller.stop()


def self_signed_certificate(folder: Path) -> tuple[Path, Path]:
    """A throwaway certificate for 127.0.0.1: with `cryptography` if installed, else openssl."""
    cert, key = folder / "cert.pem", folder / "key.pem"
    try:
        import cryptography  # noqa: F401
    except ImportError:
        pass
    else:
        _cryptography_certificate(cert, key)
        return cert, key
    openssl = shutil.which("openssl")
    if openssl is None:
        pytest.skip("neither the cryptography package nor openssl is available to make a cert")
    subprocess.run(
        [openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
         "-keyout", str(key), "-out", str(cert), "-subj", "/CN=127.0.0.1",
         "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost",
         "-addext", "basicConstraints=critical,CA:TRUE"],
        check=True, capture_output=True,
    )  # fmt: skip
    return cert, key


def _cryptography_certificate(cert: Path, key: Path) -> None:
    import datetime as dt
    import ipaddress

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    private = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = dt.datetime.now(dt.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(private.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(private, hashes.SHA256())
    )
    cert.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key.write_bytes(
        private.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )


def check_delivery(server: Server, pack_dir: Path, *, tls: bool) -> EmailMessage:
    [received] = server.handler.received
    assert received.tls is tls and received.authenticated
    assert received.mail_from == "unit@example.go.th"
    assert sorted(received.rcpt_tos) == ["delegation@example.org", "desk@example.org"]
    message = parse(received.content)
    assert message["Subject"] == f"Briefing pack: {MEETING}"
    assert message["X-Unsent"] is None  # the sent copy is no draft
    assert [a.addr_spec for a in message["Cc"].addresses] == ["desk@example.org"]
    assert "Bcc" not in message
    assert MEETING in body_text(message)
    pdf = attachment(message)
    assert pdf.get_filename() == f"{STEM}.pdf"
    assert pdf.get_content() == (pack_dir / f"{STEM}.pdf").read_bytes()
    return message


def mail_args(pack_dir: Path, port: int, *extra: str) -> list[str]:
    return [
        "mail", "--counterpart", "US", "--data", str(SPEC), "--out", str(pack_dir),
        "--as-of", "2026-11-01", "--to", "Delegation <delegation@example.org>",
        "--cc", "desk@example.org", "--from", "Briefing Unit <unit@example.go.th>",
        "--send", "--smtp-host", "127.0.0.1", "--smtp-port", str(port), *extra,
    ]  # fmt: skip


def test_cli_sends_without_tls_with_the_password_from_the_environment(
    cli: CliRun,
    smtp_server: Callable[..., Server],
    pack_dir: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level("DEBUG")
    server = smtp_server()
    env = {"BRIEFGEN_SMTP_USER": USER, PASSWORD_ENV: PASSWORD}
    result = cli(*mail_args(pack_dir, server.port, "--no-tls"), env=env)
    assert result.exit_code == 0, result.output
    assert f"Sent through 127.0.0.1:{server.port} (no TLS)" in result.stdout
    assert f"{STEM}.eml" in result.stdout
    check_delivery(server, pack_dir, tls=False)
    # The draft on disk is still a draft.
    assert parse((pack_dir / f"{STEM}.eml").read_bytes())["X-Unsent"] == "1"
    for text in (result.output, caplog.text, (pack_dir / f"{STEM}.eml").read_text("ascii")):
        assert PASSWORD not in text


def test_cli_sends_over_starttls(
    cli: CliRun, smtp_server: Callable[..., Server], pack_dir: Path, tmp_path: Path
) -> None:
    cert, key = self_signed_certificate(tmp_path)
    server = smtp_server(cert, key)
    env = {"BRIEFGEN_SMTP_USER": USER, PASSWORD_ENV: PASSWORD, "BRIEFGEN_SMTP_CA": str(cert)}
    result = cli(*mail_args(pack_dir, server.port), env=env)
    assert result.exit_code == 0, result.output
    assert "(STARTTLS)" in result.stdout
    check_delivery(server, pack_dir, tls=True)
    assert PASSWORD not in result.output


def test_an_untrusted_certificate_is_a_tls_failure(
    smtp_server: Callable[..., Server], pack_dir: Path, tmp_path: Path
) -> None:
    cert, key = self_signed_certificate(tmp_path)
    server = smtp_server(cert, key)
    draft = make_draft(options(pack_dir, sender="unit@example.go.th"))
    settings = SmtpSettings("127.0.0.1", server.port, USER, tls=True)
    with pytest.raises(MailError, match="TLS with 127.0.0.1:.* failed: .*not trusted"):
        send(draft.message, settings, PASSWORD)
    assert server.handler.received == []


def test_a_server_without_starttls_is_refused_unless_no_tls(
    smtp_server: Callable[..., Server], pack_dir: Path
) -> None:
    server = smtp_server()
    draft = make_draft(options(pack_dir, sender="unit@example.go.th"))
    with pytest.raises(MailError, match="does not offer STARTTLS"):
        send(draft.message, SmtpSettings("127.0.0.1", server.port, USER, tls=True), PASSWORD)
    assert server.handler.received == []


def test_a_wrong_password_is_an_authentication_failure(
    cli: CliRun, smtp_server: Callable[..., Server], pack_dir: Path
) -> None:
    server = smtp_server()
    env = {"BRIEFGEN_SMTP_USER": USER, PASSWORD_ENV: "wrong-password"}
    result = cli(*mail_args(pack_dir, server.port, "--no-tls"), env=env)
    assert result.exit_code == 1
    assert f"refused the login of '{USER}'" in result.stderr
    assert "wrong-password" not in result.output
    assert server.handler.received == []


def test_connection_refused(cli: CliRun, pack_dir: Path) -> None:
    port = free_port()  # nothing listens there
    result = cli(*mail_args(pack_dir, port, "--no-tls"))
    assert result.exit_code == 1
    assert f"cannot connect to 127.0.0.1:{port}: connection refused" in result.stderr


def test_no_password_and_no_terminal_is_an_error_not_a_hang(
    cli: CliRun, smtp_server: Callable[..., Server], pack_dir: Path
) -> None:
    server = smtp_server()
    result = cli(*mail_args(pack_dir, server.port, "--no-tls", "--smtp-user", USER))
    assert result.exit_code == 1
    assert PASSWORD_ENV in result.stderr
    assert server.handler.received == []


def test_send_needs_a_sender(cli: CliRun, tmp_path: Path) -> None:
    args = [a for a in mail_args(tmp_path, 25) if a != "Briefing Unit <unit@example.go.th>"]
    args.remove("--from")
    result = cli(*args)
    assert result.exit_code == 1
    assert "--from" in result.stderr
    assert not any(tmp_path.iterdir())  # checked before any work
