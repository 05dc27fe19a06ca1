"""`publish send`: delivery to a local SMTP server (aiosmtpd) over STARTTLS, and each refusal."""
from __future__ import annotations

import hashlib
import shutil
import socket
import ssl
import subprocess
import zipfile
from dataclasses import dataclass
from email import message_from_bytes, policy
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

from conftest import FIXTURES
from publish.send import mail, settings as mailsettings
from publish.cli import main
from publish.errors import ConfigError

USER, PASSWORD = "reader", "s3cret pass"
ENV_VARS = (*(var for var, _ in mailsettings.KEYS.values()),
            mailsettings.PASSWORD_ENV, mailsettings.CAFILE_ENV)


@dataclass
class Received:
    mail_from: str
    rcpt_tos: list[str]
    content: bytes
    tls: bool
    authenticated: bool

    @property
    def message(self):
        return message_from_bytes(self.content, policy=policy.default)


class Inbox:
    """An aiosmtpd handler that keeps what it receives and refuses some recipients."""

    def __init__(self, refuse=()) -> None:
        self.received: list[Received] = []
        self.refuse = set(refuse)

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refuse:
            return "550 5.1.1 <%s>: mailbox unavailable" % address
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.received.append(Received(envelope.mail_from, list(envelope.rcpt_tos), envelope.content,
                                      session.ssl is not None, bool(session.authenticated)))
        return "250 2.0.0 Message accepted"


def _authenticate(server, session, envelope, mechanism, auth_data) -> AuthResult:
    ok = (isinstance(auth_data, LoginPassword) and auth_data.login == USER.encode()
          and auth_data.password == PASSWORD.encode())
    return AuthResult(success=ok, handled=False)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def certificate(tmp_path_factory) -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1 (and its key), valid for a day."""
    if not shutil.which("openssl"):
        pytest.fail("the openssl command is needed to make a test certificate")
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=localhost",
                    "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost",
                    "-keyout", str(key), "-out", str(cert), "-days", "1"],
                   check=True, capture_output=True, timeout=60)
    return cert, key


@pytest.fixture
def smtp_server(certificate):
    """Starts local SMTP servers: plain, or STARTTLS-only with a login (tls=True)."""
    controllers = []

    def start(*, tls: bool = False, refuse=()) -> tuple[Inbox, int]:
        inbox, port = Inbox(refuse), free_port()
        options = {}
        if tls:
            context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
            context.load_cert_chain(*certificate)
            options = dict(tls_context=context, require_starttls=True, authenticator=_authenticate,
                           auth_required=True, auth_require_tls=True)
        controller = Controller(inbox, hostname="127.0.0.1", port=port, **options)
        controller.start()
        controllers.append(controller)
        return inbox, port

    yield start
    for controller in controllers:
        controller.stop()


@pytest.fixture(autouse=True)
def clean_env(monkeypatch):
    """No SMTP setting leaks in from the machine running the tests."""
    for var in ENV_VARS:
        monkeypatch.delenv(var, raising=False)


def set_env(monkeypatch, port: int, **values: str) -> None:
    """The environment for a local server; keyword names are the variables' last word."""
    env = {"HOST": "127.0.0.1", "PORT": str(port), "FROM": "author@example.com", **values}
    for name, value in env.items():
        var = "PUBLISH_SEND_TO" if name == "TO" else f"PUBLISH_SMTP_{name}"
        monkeypatch.setenv(var, value)


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(["send", *args])
    out, err = capsys.readouterr()
    return code, out, err


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def attachment_of(message):
    parts = list(message.iter_attachments())
    assert len(parts) == 1
    return parts[0]


def test_send_delivers_the_epub_intact(smtp_server, seed_epubs, monkeypatch, capsys, tmp_path):
    inbox, port = smtp_server()
    set_env(monkeypatch, port, STARTTLS="0", TO="ignored@kindle.com")
    epub = seed_epubs["ru"]
    code, out, err = run(capsys, "--file", str(epub), "--to", "reader@kindle.com",
                         "--source", str(tmp_path))
    assert code == 0, err
    assert out == f"sent {epub} to reader@kindle.com (Send to Kindle)\n"
    assert err == (f"warning: 127.0.0.1:{port}: STARTTLS is off: the book travels unencrypted "
                   "(use this only for a relay on this machine or your own network)\n")
    [got] = inbox.received
    assert (got.mail_from, got.rcpt_tos, got.tls) == ("author@example.com", ["reader@kindle.com"], False)
    message = got.message
    assert message["From"] == "author@example.com"
    assert message["To"] == "reader@kindle.com"
    assert message["Subject"] == "Rossia i Laos: kak vstrecautsa druz'a"     # ASCII (ICU's)
    assert "Россия и Лаос" in message.get_body(("plain",)).get_content()      # the text keeps it
    part = attachment_of(message)
    assert part.get_content_type() == "application/epub+zip"
    assert part.get_filename() == epub.name == "russia-and-laos-ru.epub"
    assert sha256(part.get_content()) == sha256(epub.read_bytes())


def test_send_builds_and_mails_each_language_over_starttls_with_login(
        smtp_server, certificate, monkeypatch, capsys, tmp_path):
    inbox, port = smtp_server(tls=True)
    project = tmp_path / "multi"
    shutil.copytree(FIXTURES / "multi", project)
    config = project / "source" / "book.toml"
    config.write_text(config.read_text() + (
        f'\n[send]\nto = "jane@kindle.com"\nfrom = "Jane Q. Writer <jane@example.com>"\n'
        f'host = "localhost"\nport = 25\nuser = "{USER}"\n'), encoding="utf-8")
    monkeypatch.setenv("PUBLISH_SMTP_HOST", "127.0.0.1")            # the environment wins
    monkeypatch.setenv("PUBLISH_SMTP_PORT", str(port))
    monkeypatch.setenv("PUBLISH_SMTP_PASSWORD", PASSWORD)
    monkeypatch.setenv("PUBLISH_SMTP_CAFILE", str(certificate[0]))
    code, out, err = run(capsys, "--source", str(project))
    assert code == 0, err
    assert err == ""
    epubs = [project / "build" / f"multi-{lang}.epub" for lang in ("en", "fr")]
    assert out.splitlines() == [f"sent {path} to jane@kindle.com (Send to Kindle)" for path in epubs]
    assert [(r.tls, r.authenticated, r.rcpt_tos) for r in inbox.received] == \
        [(True, True, ["jane@kindle.com"])] * 2
    for received, path, title in zip(inbox.received, epubs, ("Three Small Chapters", "Trois petits chapitres")):
        message = received.message
        assert message["Subject"] == title
        [sender] = message["From"].addresses
        assert (sender.display_name, sender.addr_spec) == ("Jane Q. Writer", "jane@example.com")
        assert received.mail_from == "jane@example.com"
        part = attachment_of(message)
        assert (part.get_filename(), part.get_content_type()) == (path.name, "application/epub+zip")
        assert sha256(part.get_content()) == sha256(path.read_bytes())


def test_send_one_language_reuses_an_up_to_date_book(smtp_server, monkeypatch, capsys, tmp_path):
    inbox, port = smtp_server()
    project = tmp_path / "multi"
    shutil.copytree(FIXTURES / "multi", project)
    assert main(["epub", "--source", str(project), "--lang", "fr"]) == 0
    built = project / "build" / "multi-fr.epub"
    stamp = built.stat().st_mtime_ns
    set_env(monkeypatch, port, STARTTLS="0", TO="jane@kindle.com")
    code, out, err = run(capsys, "--source", str(project), "--lang", "fr")
    assert code == 0, err
    assert built.stat().st_mtime_ns == stamp                      # not rebuilt
    assert not (project / "build" / "multi-en.epub").exists()
    assert [attachment_of(r.message).get_filename() for r in inbox.received] == ["multi-fr.epub"]


def test_send_format_kepub_mails_the_kepub_made_from_the_epub(smtp_server, monkeypatch, capsys,
                                                             tmp_path):
    inbox, port = smtp_server()
    project = tmp_path / "multi"
    shutil.copytree(FIXTURES / "multi", project)
    assert main(["epub", "--source", str(project), "--lang", "fr"]) == 0
    epub = project / "build" / "multi-fr.epub"
    stamp = epub.stat().st_mtime_ns
    capsys.readouterr()
    set_env(monkeypatch, port, STARTTLS="0", TO="jane@example.com")
    code, out, err = run(capsys, "--source", str(project), "--lang", "fr", "--format", "kepub")
    assert code == 0, err
    kepub = project / "build" / "multi-fr.kepub.epub"
    assert out == f"sent {kepub} to jane@example.com\n"
    assert epub.stat().st_mtime_ns == stamp                       # made from it, not rebuilt
    part = attachment_of(inbox.received[0].message)
    assert (part.get_filename(), part.get_content_type()) == (kepub.name, "application/epub+zip")
    assert sha256(part.get_content()) == sha256(kepub.read_bytes())
    with zipfile.ZipFile(kepub) as z:
        assert any(b'class="koboSpan"' in z.read(n) for n in z.namelist() if n.endswith(".xhtml"))


def test_an_untrusted_certificate_stops_before_anything_is_sent(smtp_server, seed_epubs, monkeypatch, capsys, tmp_path):
    inbox, port = smtp_server(tls=True)
    set_env(monkeypatch, port, TO="reader@kindle.com", USER=USER, PASSWORD=PASSWORD)
    code, _, err = run(capsys, "--file", str(seed_epubs["en"]), "--source", str(tmp_path))
    assert code == 6
    assert err.startswith(f"error: 127.0.0.1:{port}: TLS: the server's certificate is not trusted (")
    assert err.endswith("); for a private certificate authority set PUBLISH_SMTP_CAFILE\n")
    assert err.count("\n") == 1 and not inbox.received


def test_a_server_without_starttls_is_refused(smtp_server, seed_epubs, monkeypatch, capsys, tmp_path):
    inbox, port = smtp_server()
    set_env(monkeypatch, port, TO="reader@kindle.com")
    code, _, err = run(capsys, "--file", str(seed_epubs["en"]), "--source", str(tmp_path))
    assert code == 6
    assert err == (f"error: 127.0.0.1:{port}: the server does not offer STARTTLS, and send never "
                   "mails without TLS (for a relay on this machine only: starttls = false in [send], "
                   "or PUBLISH_SMTP_STARTTLS=0)\n")
    assert not inbox.received


def test_a_wrong_password_is_one_clear_error(smtp_server, certificate, seed_epubs, monkeypatch, capsys, tmp_path):
    inbox, port = smtp_server(tls=True)
    set_env(monkeypatch, port, TO="reader@kindle.com", USER=USER, PASSWORD="wrong",
            CAFILE=str(certificate[0]))
    code, _, err = run(capsys, "--file", str(seed_epubs["en"]), "--source", str(tmp_path))
    assert code == 6
    assert err.startswith(f"error: 127.0.0.1:{port}: the server refused the login of 'reader' (535 ")
    assert err.endswith("); check PUBLISH_SMTP_USER and PUBLISH_SMTP_PASSWORD\n")
    assert not inbox.received


def test_a_refused_recipient_is_one_clear_error(smtp_server, seed_epubs, monkeypatch, capsys, tmp_path):
    inbox, port = smtp_server(refuse={"nobody@kindle.com"})
    set_env(monkeypatch, port, STARTTLS="0", TO="nobody@kindle.com")
    code, out, err = run(capsys, "--file", str(seed_epubs["en"]), "--source", str(tmp_path))
    assert code == 6 and out == ""
    assert err.splitlines()[-1] == (f"error: 127.0.0.1:{port}: the server refused the recipient "
                                    "'nobody@kindle.com' (550 5.1.1 <nobody@kindle.com>: mailbox unavailable)")
    assert not inbox.received


def test_a_closed_port_is_one_clear_error(seed_epubs, monkeypatch, capsys, tmp_path):
    port = free_port()
    set_env(monkeypatch, port, TO="reader@kindle.com")
    code, _, err = run(capsys, "--file", str(seed_epubs["en"]), "--source", str(tmp_path))
    assert code == 6
    assert err == (f"error: 127.0.0.1:{port}: the connection was refused "
                   "(is the server running, and is the port right?)\n")


def test_a_book_over_50_mb_is_refused_before_connecting(smtp_server, monkeypatch, capsys, tmp_path):
    inbox, port = smtp_server()
    big = tmp_path / "big.epub"
    with big.open("wb") as f:
        f.truncate(60 * 2**20)                                        # sparse: no disk used
    set_env(monkeypatch, port, STARTTLS="0", TO="reader@kindle.com")
    code, out, err = run(capsys, "--file", str(big), "--source", str(tmp_path))
    assert code == 6 and out == ""
    assert err.splitlines()[-1] == (f"error: {big}: 60.0 MB: over the 50 MB e-mail limit of Send to "
                                    "Kindle; make the images smaller, or copy the book over USB")
    assert not inbox.received


@pytest.mark.parametrize("missing, message", [
    ("HOST", "send.host: no SMTP server: set PUBLISH_SMTP_HOST, or 'host' in the [send] table of book.toml"),
    ("FROM", "send.from: no sender address: set PUBLISH_SMTP_FROM, or 'from' in the [send] table of book.toml"),
    ("TO", "send.to: no recipient address: set PUBLISH_SEND_TO, or --to, or 'to' in the [send] table "
           "of book.toml"),
])
def test_a_missing_setting_names_the_variable_and_the_key(missing, message, monkeypatch, capsys, tmp_path):
    set_env(monkeypatch, 587, TO="reader@kindle.com")
    monkeypatch.delenv("PUBLISH_SEND_TO" if missing == "TO" else f"PUBLISH_SMTP_{missing}")
    code, _, err = run(capsys, "--file", str(tmp_path / "book.epub"), "--source", str(tmp_path))
    assert (code, err) == (3, f"error: {message}\n")


def test_a_password_in_book_toml_is_an_error(project, monkeypatch, capsys):
    config = project / "source" / "book.toml"
    config.write_text(config.read_text() + '\n[send]\nto = "a@kindle.com"\npassword = "hunter2"\n')
    code, out, err = run(capsys, "--source", str(project))
    assert (code, out) == (3, "")
    assert err == (f"error: {config}:10: send.password: never put the password in book.toml; "
                   "set PUBLISH_SMTP_PASSWORD\n")
    assert not (project / "build").exists()


def test_settings_come_from_to_then_the_environment_then_the_config(tmp_path, caplog):
    table = {"to": "config@kindle.com", "from": "config@example.com", "host": "smtp.example.com",
             "port": 2525, "user": "me"}
    env = {"PUBLISH_SEND_TO": "env@kindle.com", "PUBLISH_SMTP_PASSWORD": "pw"}
    settings = mailsettings.resolve(table, env)
    assert (settings.to, settings.sender, settings.host, settings.port, settings.user, settings.starttls) == \
        ("env@kindle.com", "config@example.com", "smtp.example.com", 2525, "me", True)
    assert mailsettings.resolve(table, env, to="cli@kindle.com").to == "cli@kindle.com"
    assert "pw" not in repr(settings)
    plain = mailsettings.resolve({"to": "a@b.c", "from": "d@e.f", "host": "relay"},
                                 {"PUBLISH_SMTP_STARTTLS": "off"})
    assert (plain.port, plain.starttls, plain.user) == (587, False, None)
    assert "STARTTLS is off" in caplog.text


@pytest.mark.parametrize("table, env, message", [
    ({"starttls": False}, {"PUBLISH_SMTP_USER": "me", "PUBLISH_SMTP_PASSWORD": "pw"},
     "send.starttls: refusing to send the password without TLS"),
    ({"user": "me"}, {}, "send.user: a user is set but no password: set PUBLISH_SMTP_PASSWORD"),
    ({}, {"PUBLISH_SMTP_PORT": "smtp"}, "PUBLISH_SMTP_PORT: expected a port number, got 'smtp'"),
    ({"port": "587"}, {}, "send.port: expected a whole number, got '587'"),
    ({"starttls": "no"}, {}, "send.starttls: expected true or false, got 'no'"),
    ({}, {"PUBLISH_SEND_TO": "a@b.c\nBcc: x@y.z"}, "PUBLISH_SEND_TO: expected one e-mail address"),
    ({}, {"PUBLISH_SEND_TO": "a@b.c, x@y.z"}, "PUBLISH_SEND_TO: expected one e-mail address"),
])
def test_bad_settings_are_config_errors(table, env, message):
    base = {"to": "a@kindle.com", "from": "b@example.com", "host": "smtp.example.com"}
    with pytest.raises(ConfigError) as raised:
        mailsettings.resolve({**base, **table}, env)
    assert str(raised.value).startswith(message)


def test_unknown_send_keys_warn_or_stop_when_strict(tmp_path, caplog):
    table = {"to": "a@kindle.com", "from": "b@example.com", "host": "smtp.example.com", "hots": "x"}
    assert mailsettings.resolve(table, {}).host == "smtp.example.com"
    assert "unknown key 'hots' in send" in caplog.text
    with pytest.raises(ConfigError, match="unknown key 'hots'"):
        mailsettings.resolve(table, {}, strict=True)


def test_the_message_carries_a_pdf_too(tmp_path):
    pdf = tmp_path / "book.pdf"
    pdf.write_bytes(b"%PDF-1.7\n%test\n")
    settings = mailsettings.Settings("smtp.example.com", 587, "a@example.com", "b@kindle.com")
    message = mail.compose(pdf, settings, subject="A\nTitle")
    assert message["Subject"] == "A Title"
    assert message["Message-ID"].endswith("@example.com>")
    part = attachment_of(message)
    assert (part.get_content_type(), part.get_filename(), part.get_content()) == \
        ("application/pdf", "book.pdf", pdf.read_bytes())


def test_the_subject_is_the_typeset_title(seed_epubs):
    from publish.commands.send import epub_title

    assert epub_title(seed_epubs["fr"]) == "Russie et Laos\u00a0: des retrouvailles entre amis"
    assert mail.one_line(" A\r\nB\u202f!\t") == "A B\u202f!"


# Known targets (issue 27): PocketBook's address, ASCII names and subjects, Kindle's limits.

def test_a_pocketbook_address_gets_ascii_names_and_subject(smtp_server, seed_epubs, monkeypatch,
                                                           capsys, tmp_path):
    inbox, port = smtp_server()
    book = tmp_path / "Война и мир.epub"
    shutil.copyfile(seed_epubs["ru"], book)
    set_env(monkeypatch, port, STARTTLS="0", TO="reader@pbsync.com")
    code, out, err = run(capsys, "--file", str(book), "--source", str(tmp_path))
    assert code == 0, err
    assert out == f"sent {book} to reader@pbsync.com (Send-to-PocketBook)\n"
    [got] = inbox.received
    message = got.message
    assert message["Subject"] == "Rossia i Laos: kak vstrecautsa druz'a"
    part = attachment_of(message)
    assert part.get_filename() == "Vojna-i-mir.epub"
    headers = got.content.split(b"\r\n\r\n", 1)[0]
    assert headers.isascii() and b"=?utf-8?" not in headers          # no encoded-word subject
    assert b'filename="Vojna-i-mir.epub"' in got.content and b"filename*=" not in got.content
    assert sha256(part.get_content()) == sha256(book.read_bytes())


@pytest.mark.parametrize("text, expected", [
    ("Russie et Laos\u00a0: des retrouvailles entre amis", "Russie et Laos : des retrouvailles entre amis"),
    ("俄罗斯与老挝：朋友如何相聚", "e luo si yu lao wo: peng you ru he xiang ju"),
    ("روسيا ولاوس", "rwsya wlaws"),
    ("Ωμέγα — “½”", 'Omega - " 1/2"'),         # ICU spells ½ " 1/2"
    ("ລັດເຊຍ ແລະ ລາວ", ""),          # ICU has no Lao-Latin: the subject falls back to the file's name
])
def test_ascii_text_transliterates_or_gives_up(text, expected):
    assert mail.ascii_text(text) == expected


def test_ascii_names_keep_their_suffixes(tmp_path):
    assert mail.ascii_name("Война и мир.kepub.epub") == "Vojna-i-mir.kepub.epub"
    assert mail.ascii_name("ລາວ.pdf") == "book.pdf"
    assert mail.ascii_name("russia-and-laos-zh-Hans.epub") == "russia-and-laos-zh-Hans.epub"
    settings = mailsettings.Settings("smtp.example.com", 587, "a@example.com", "b@pbsync.com")
    lao = tmp_path / "russia-and-laos-lo.epub"
    lao.write_bytes(b"PK")
    message = mail.compose(lao, settings, subject="ລັດເຊຍ ແລະ ລາວ")
    assert message["Subject"] == "russia-and-laos-lo"                 # the file's name stands in
    assert "ລັດເຊຍ ແລະ ລາວ" in message.get_body(("plain",)).get_content()


def test_together_sends_one_message_to_a_kindle(smtp_server, seed_epubs, monkeypatch, capsys,
                                                tmp_path):
    inbox, port = smtp_server()
    set_env(monkeypatch, port, STARTTLS="0", TO="reader@kindle.com")
    files = [str(seed_epubs["en"]), str(seed_epubs["ru"])]
    code, out, err = run(capsys, "--together", "--file", files[0], "--file", files[1],
                         "--source", str(tmp_path))
    assert code == 0, err
    [got] = inbox.received
    names = [p.get_filename() for p in got.message.iter_attachments()]
    assert names == [Path(f).name for f in files]
    assert len(out.splitlines()) == 2


def test_more_than_25_attachments_to_a_kindle_are_refused(smtp_server, monkeypatch, capsys,
                                                          tmp_path):
    inbox, port = smtp_server()
    set_env(monkeypatch, port, STARTTLS="0", TO="reader@kindle.com")
    args = []
    for n in range(26):
        (tmp_path / f"b{n}.epub").write_bytes(b"PK")
        args += ["--file", str(tmp_path / f"b{n}.epub")]
    code, out, err = run(capsys, "--together", *args, "--source", str(tmp_path))
    assert (code, out) == (6, "")
    assert err.splitlines()[-1] == ("error: --together: 26 attachments: Send to Kindle takes at "
                                    "most 25 in one e-mail; send fewer files")
    assert not inbox.received
    (tmp_path / "b25.epub").unlink()                       # one by one: no such limit
    code, out, err = run(capsys, *args[:-2], "--source", str(tmp_path))
    assert code == 0, err
    assert len(inbox.received) == 25


def test_over_50_mb_in_one_message_to_a_kindle_is_refused(smtp_server, monkeypatch, capsys,
                                                         tmp_path):
    inbox, port = smtp_server()
    set_env(monkeypatch, port, STARTTLS="0", TO="reader@kindle.com")
    for name in ("a.epub", "b.epub"):
        with (tmp_path / name).open("wb") as f:
            f.truncate(30 * 2**20)                                    # sparse: no disk used
    code, out, err = run(capsys, "--together", "--file", str(tmp_path / "a.epub"),
                         "--file", str(tmp_path / "b.epub"), "--source", str(tmp_path))
    assert (code, out) == (6, "")
    assert err.splitlines()[-1] == ("error: --together: 60.0 MB in one e-mail: over the 50 MB "
                                    "limit of Send to Kindle; send the books one by one (without "
                                    "--together)")
    assert not inbox.received
