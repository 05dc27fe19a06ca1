"""A book by e-mail: the message with its attachment, the size limit, and SMTP delivery over STARTTLS."""
from __future__ import annotations

import contextlib
import re
import unicodedata
import smtplib
import ssl
from collections.abc import Iterator
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from pathlib import Path

from publish import __version__, stores
from publish.errors import OutputError
from publish.send.settings import CAFILE_ENV, PASSWORD_ENV, Settings

# Send to Kindle's e-mail limit (stores.toml: targets.kindle), checked for every address.
MAX_BYTES = stores.targets()["kindle"].message_bytes_max
TIMEOUT = 30                   # seconds, for the connection and every reply
TYPES = {".epub": ("application", "epub+zip"), ".pdf": ("application", "pdf")}


def check_file(path: Path) -> int:
    """The size of a book that may be mailed; an OutputError if it is missing, of the wrong kind or too large."""
    if path.suffix.lower() not in TYPES:
        raise OutputError(f"expected an EPUB (or a PDF), got a '{path.suffix}' file", path=path)
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise OutputError(f"cannot read: {exc.strerror}", path=path) from None
    if size > MAX_BYTES:
        raise OutputError(f"{size / 2**20:.1f} MB: over the {MAX_BYTES / 2**20:.0f} MB e-mail limit "
                          "of Send to Kindle; make the images smaller, or copy the book over USB",
                          path=path)
    return size


def check_message(paths: list[Path], settings: Settings) -> None:
    """The limits of the recipient's kind (Send to Kindle: attachments and size of one
    message) on the files one message carries; an OutputError naming the limit."""
    target = stores.target_of(settings.to_address)
    if target is None:
        return
    if target.attachments_max and len(paths) > target.attachments_max:
        raise OutputError(f"{len(paths)} attachments: {target.name} takes at most "
                          f"{target.attachments_max} in one e-mail; send fewer files",
                          key="--together")
    total = sum(path.stat().st_size for path in paths)
    if target.message_bytes_max and total > target.message_bytes_max:
        raise OutputError(f"{total / 2**20:.1f} MB in one e-mail: over the "
                          f"{target.message_bytes_max / 2**20:.0f} MB limit of {target.name}; "
                          "send the books one by one (without --together)", key="--together")


def compose(paths: Path | list[Path], settings: Settings, subject: str) -> EmailMessage:
    """The message: From, To, Subject, a short text and the books attached. The subject and
    the file names are ASCII (Kindle's and PocketBook's mail parsing mishandle others); the
    text keeps the title as it is."""
    paths = [paths] if isinstance(paths, Path) else list(paths)
    title = one_line(subject) or paths[0].stem
    message = EmailMessage()
    message["From"] = settings.sender
    message["To"] = settings.to
    message["Subject"] = ascii_text(title) or ascii_name(paths[0].stem)
    message["Date"] = formatdate(usegmt=True)
    message["Message-ID"] = make_msgid(domain=settings.sender_address.rpartition("@")[2])
    names = ", ".join(path.name for path in paths)
    message.set_content(f"{title}\n\nAttached: {names}.\n-- \nSent by publish {__version__}\n")
    for path in paths:
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise OutputError(f"cannot read: {exc.strerror}", path=path) from None
        maintype, subtype = TYPES[path.suffix.lower()]
        message.add_attachment(data, maintype=maintype, subtype=subtype,
                               filename=ascii_name(path.name))
    return message


def ascii_text(text: str) -> str:
    """`text` in ASCII: transliterated by ICU (Any-Latin, then Latin-ASCII); "" when a script
    ICU cannot transliterate (Lao, say) would leave less than half of its letters."""
    latin = _transliterator().transliterate(text)
    plain = unicodedata.normalize("NFKD", latin).encode("ascii", "ignore").decode("ascii")
    plain = " ".join(re.sub(r"[\x00-\x1f\x7f]", " ", plain).split())
    lost = sum(ch.isalnum() for ch in latin if not ch.isascii())
    return plain if sum(ch.isalnum() for ch in plain) > lost else ""


def ascii_name(name: str) -> str:
    """A file name in ASCII letters, digits, dots and hyphens, its suffixes kept."""
    suffix = ".kepub.epub" if name.lower().endswith(".kepub.epub") else Path(name).suffix
    stem = name[:len(name) - len(suffix)] if suffix else name
    plain = re.sub(r"[^A-Za-z0-9._-]+", "-", ascii_text(stem)).strip("-_.")
    return (plain or "book") + re.sub(r"[^A-Za-z0-9.]+", "", suffix)


_ICU: list = []


def _transliterator():
    if not _ICU:
        import icu

        _ICU.append(icu.Transliterator.createInstance("Any-Latin; Latin-ASCII"))
    return _ICU[0]


def one_line(text: str) -> str:
    """`text` with line breaks, tabs and runs of spaces made one space (no-break spaces kept)."""
    return re.sub(r"[ \x00-\x1f\x7f]+", " ", text).strip()


class Mailer:
    """An SMTP session: connected, upgraded to TLS and logged in; `send` delivers one message."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.smtp: smtplib.SMTP | None = None

    def __enter__(self) -> Mailer:
        with explained(self.settings):
            self.smtp = _open(self.settings)
        return self

    def send(self, message: EmailMessage) -> None:
        assert self.smtp is not None, "use Mailer as a context manager"
        with explained(self.settings):
            self.smtp.send_message(message, from_addr=self.settings.sender_address,
                                   to_addrs=[self.settings.to_address])

    def __exit__(self, *exc_info) -> None:
        if self.smtp is None:
            return
        try:
            self.smtp.quit()
        except (smtplib.SMTPException, OSError):
            self.smtp.close()


def _open(settings: Settings) -> smtplib.SMTP:
    context = _tls_context(settings) if settings.starttls else None
    smtp = smtplib.SMTP(settings.host, settings.port, timeout=TIMEOUT)
    try:
        smtp.ehlo()
        if settings.starttls:
            if not smtp.has_extn("starttls"):
                raise OutputError(f"{settings.where}: the server does not offer STARTTLS, and send "
                                  "never mails without TLS (for a relay on this machine only: "
                                  "starttls = false in [send], or PUBLISH_SMTP_STARTTLS=0)")
            smtp.starttls(context=context)
            smtp.ehlo()
        if settings.user:
            if not smtp.has_extn("auth"):
                raise OutputError(f"{settings.where}: the server offers no login (AUTH); "
                                  "unset PUBLISH_SMTP_USER and the user in [send]")
            smtp.login(settings.user, settings.password or "")
    except BaseException:
        smtp.close()
        raise
    return smtp


def _tls_context(settings: Settings) -> ssl.SSLContext:
    """The system's trusted authorities (or PUBLISH_SMTP_CAFILE's) and host-name checking."""
    try:
        return ssl.create_default_context(cafile=settings.cafile)
    except OSError as exc:
        reason = getattr(exc, "reason", None) or exc.strerror or exc
        raise OutputError(f"cannot use {CAFILE_ENV} '{settings.cafile}': {reason}") from None


@contextlib.contextmanager
def explained(settings: Settings) -> Iterator[None]:
    """Turns SMTP, TLS and network failures into one OutputError line each."""
    try:
        yield
    except (smtplib.SMTPException, OSError, UnicodeError) as exc:
        raise OutputError(f"{settings.where}: {_reason(exc, settings)}") from None


def _reason(exc: BaseException, settings: Settings) -> str:
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        address, (code, text) = next(iter(exc.recipients.items()))
        return f"the server refused the recipient '{address}' ({_reply(code, text)})"
    if isinstance(exc, smtplib.SMTPSenderRefused):
        return f"the server refused the sender '{exc.sender}' ({_reply(exc.smtp_code, exc.smtp_error)})"
    if isinstance(exc, smtplib.SMTPAuthenticationError):
        return (f"the server refused the login of '{settings.user}' "
                f"({_reply(exc.smtp_code, exc.smtp_error)}); check PUBLISH_SMTP_USER and {PASSWORD_ENV}")
    if isinstance(exc, smtplib.SMTPDataError):
        return f"the server refused the message ({_reply(exc.smtp_code, exc.smtp_error)})"
    if isinstance(exc, smtplib.SMTPResponseException):
        return f"the server answered {_reply(exc.smtp_code, exc.smtp_error)}"
    if isinstance(exc, smtplib.SMTPServerDisconnected):
        return f"the server closed the connection ({exc or 'no reason given'})"
    if isinstance(exc, smtplib.SMTPException):
        return f"SMTP failed: {exc}"
    return _network_reason(exc, settings)


def _network_reason(exc: BaseException, settings: Settings) -> str:
    if isinstance(exc, ssl.SSLCertVerificationError):
        return (f"TLS: the server's certificate is not trusted ({exc.verify_message}); "
                f"for a private certificate authority set {CAFILE_ENV}")
    if isinstance(exc, ssl.SSLError):
        return f"TLS failed: {exc.reason or exc}"
    if isinstance(exc, UnicodeError):
        return "the user name and password must be ASCII for SMTP login"
    if isinstance(exc, TimeoutError):
        hint = " (port 465 expects TLS from the start; use 587 with STARTTLS)" if settings.port == 465 else ""
        return f"no answer within {TIMEOUT} s{hint}"
    if isinstance(exc, ConnectionRefusedError):
        return "the connection was refused (is the server running, and is the port right?)"
    return f"cannot connect: {getattr(exc, 'strerror', None) or exc}"


def _reply(code: int, text: bytes | str) -> str:
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    return " ".join(f"{code} {text}".split())
