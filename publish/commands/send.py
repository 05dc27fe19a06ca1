"""`publish send`: e-mails the EPUBs to a Send-to-Kindle (or other e-reader) address over SMTP."""
from __future__ import annotations

import argparse
from pathlib import Path

from publish.commands import add_source_arguments, languages, load_config, out_dir

HELP = "e-mail the EPUBs to a Send-to-Kindle (or other e-reader) address over SMTP with STARTTLS"
SENDABLE = ("epub", "kepub", "pdf")      # the formats a mail attachment can carry (mail.TYPES)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_source_arguments(parser)
    parser.add_argument("--to", metavar="ADDRESS",
                        help="recipient (default: $PUBLISH_SEND_TO, else 'to' in [send])")
    parser.add_argument("--file", type=Path, action="append", metavar="PATH",
                        help="send this EPUB (or PDF) instead of the book's (repeatable)")
    parser.add_argument("--build", action="store_true",
                        help="rebuild the EPUBs before sending, even when up to date")
    parser.add_argument("--format", choices=SENDABLE, default="epub",
                        help="the book's format to send (default: epub; kepub for a Kobo)")
    parser.add_argument("--together", action="store_true",
                        help="send every book in one e-mail (Send to Kindle takes at most 25 "
                             "attachments and 50 MB in one)")


def run(args: argparse.Namespace) -> int:
    import os

    from publish import stores
    from publish.paths import shown
    from publish.send import mail, settings as mailsettings

    config = _config(args)
    settings = mailsettings.resolve(config.send if config else {}, os.environ,
                                    to=args.to, path=config.path if config else None,
                                    strict=args.strict)
    paths = _books(args, config)
    messages = [paths] if args.together else [[path] for path in paths]
    for path in paths:                  # every limit is checked before anything is sent
        mail.check_file(path)
    for group in messages:
        mail.check_message(group, settings)
    target = stores.target_of(settings.to_address)
    kind = f" ({target.name})" if target else ""
    with mail.Mailer(settings) as mailer:
        for group in messages:
            mailer.send(mail.compose(group, settings,
                                     subject=epub_title(group[0]) or group[0].stem))
            for path in group:
                print(f"sent {shown(path)} to {settings.to_address}{kind}", flush=True)
    return 0


def _config(args: argparse.Namespace):
    """The book's config; with --file it is optional (the settings may all come from the environment)."""
    from publish.config import find_config
    from publish.errors import ConfigError

    if args.file:
        if args.lang or args.build or args.format != "epub":
            raise ConfigError("--file sends the files given; --lang, --build and --format do "
                              "not apply", key="--file")
        try:
            find_config(args.source.resolve())
        except ConfigError:
            return None
    return load_config(args)


def _books(args: argparse.Namespace, config) -> list[Path]:
    """The files to send: --file, or each language's book in --format (EPUB unless told),
    built when missing or out of date."""
    from publish.build import build

    if args.file:
        return list(args.file)
    return [r.path for r in build(config, (args.format,), languages(args, config), out_dir(args, config),
                                  strict=args.strict, force=args.build or args.force)]


def epub_title(path: Path) -> str | None:
    """The dc:title in an EPUB's package document, or None when it cannot be read."""
    import zipfile

    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    ns = {"c": "urn:oasis:names:tc:opendocument:xmlns:container",
          "dc": "http://purl.org/dc/elements/1.1/"}
    try:
        with zipfile.ZipFile(path) as z:
            container = etree.fromstring(z.read("META-INF/container.xml"), parser)
            opf = container.xpath("string(//c:rootfile/@full-path)", namespaces=ns)
            titles = etree.fromstring(z.read(opf), parser).xpath("//dc:title/text()", namespaces=ns)
    except (OSError, KeyError, zipfile.BadZipFile, etree.XMLSyntaxError):
        return None
    from publish.send.mail import one_line

    return one_line(titles[0]) if titles else None
