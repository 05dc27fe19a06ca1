"""The SMTP settings of `publish send`: --to, then PUBLISH_* environment variables, then [send] in book.toml."""
from __future__ import annotations

import logging
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from email.utils import formataddr, getaddresses, parseaddr
from pathlib import Path
from typing import Any

from publish.errors import ConfigError

log = logging.getLogger("publish")

DEFAULT_PORT = 587
# [send] key -> (environment variable, type); the environment wins over the config file.
KEYS: dict[str, tuple[str, type]] = {
    "host": ("PUBLISH_SMTP_HOST", str),
    "port": ("PUBLISH_SMTP_PORT", int),
    "user": ("PUBLISH_SMTP_USER", str),
    "from": ("PUBLISH_SMTP_FROM", str),
    "to": ("PUBLISH_SEND_TO", str),
    "starttls": ("PUBLISH_SMTP_STARTTLS", bool),
}
PASSWORD_ENV = "PUBLISH_SMTP_PASSWORD"
CAFILE_ENV = "PUBLISH_SMTP_CAFILE"
_ADDRESS = re.compile(r"[^@\s<>()\[\],;:\"\\]+@[^@\s<>()\[\],;:\"\\]+")
_BOOLS = {"1": True, "true": True, "yes": True, "on": True,
          "0": False, "false": False, "no": False, "off": False}


@dataclass(frozen=True)
class Settings:
    """Where and how to send: the server, the two addresses and the login."""

    host: str
    port: int
    sender: str                      # the From: header (may carry a display name)
    to: str
    user: str | None = None
    password: str | None = field(default=None, repr=False)
    starttls: bool = True
    cafile: str | None = None

    @property
    def where(self) -> str:
        return f"[{self.host}]:{self.port}" if ":" in self.host else f"{self.host}:{self.port}"

    @property
    def sender_address(self) -> str:
        return parseaddr(self.sender)[1]

    @property
    def to_address(self) -> str:
        return parseaddr(self.to)[1]


@dataclass(frozen=True)
class _Origin:
    """Where one value came from, to name it in a message."""

    key: str
    path: Path | None = None
    line: int | None = None

    def error(self, message: str) -> ConfigError:
        return ConfigError(message, path=self.path, line=self.line, key=self.key)


def resolve(table: Mapping[str, Any], env: Mapping[str, str], *, to: str | None = None,
            path: Path | None = None, strict: bool = False) -> Settings:
    """The settings from `--to`, the environment and the [send] table, checked."""
    values: dict[str, Any] = {}
    origins: dict[str, _Origin] = {}
    for key, value in check_table(table, path, strict).items():
        values[key], origins[key] = value, _Origin(f"send.{key}", path, _line(path, key))
    for key, (var, kind) in KEYS.items():
        raw = env.get(var, "").strip()
        if raw:
            values[key], origins[key] = _from_env(var, raw, kind), _Origin(var)
    if to:
        values["to"], origins["to"] = to, _Origin("--to")
    for key in ("host", "from", "to"):
        if not values.get(key):
            raise _missing(key)
    for key in ("from", "to"):
        values[key] = _address(values[key], origins[key])
    return _finish(values, origins, env)


def _finish(values: dict[str, Any], origins: dict[str, _Origin], env: Mapping[str, str]) -> Settings:
    """Port, TLS and login rules, then the Settings."""
    host, port = values["host"], values.get("port", DEFAULT_PORT)
    if re.search(r"\s|/", host):
        raise origins["host"].error(f"expected a host name or address, got {host!r}")
    if not 1 <= port <= 65535:
        raise origins["port"].error(f"expected a port from 1 to 65535, got {port}")
    user, password = values.get("user") or None, env.get(PASSWORD_ENV) or None
    if user and not password:
        raise origins["user"].error(f"a user is set but no password: set {PASSWORD_ENV}")
    if password and not user:
        raise ConfigError(f"{PASSWORD_ENV} is set but no user: set PUBLISH_SMTP_USER "
                          "or 'user' in the [send] table of book.toml", key=PASSWORD_ENV)
    starttls = values.get("starttls", True)
    settings = Settings(host=host, port=port, sender=values["from"], to=values["to"], user=user,
                        password=password, starttls=starttls,
                        cafile=env.get(CAFILE_ENV, "").strip() or None)
    if not starttls:
        if user:
            raise origins["starttls"].error("refusing to send the password without TLS: "
                                            "turn STARTTLS back on, or use a relay that needs no login")
        log.warning("%s: STARTTLS is off: the book travels unencrypted (use this only for a "
                    "relay on this machine or your own network)", settings.where)
    return settings


def check_table(table: Mapping[str, Any], path: Path | None, strict: bool) -> dict[str, Any]:
    """The [send] table's values, type-checked; a password in it is always an error."""
    checked: dict[str, Any] = {}
    for key, value in table.items():
        origin = _Origin(f"send.{key}", path, _line(path, key))
        if key == "password":
            raise origin.error(f"never put the password in book.toml; set {PASSWORD_ENV}")
        if key not in KEYS:
            error = origin.error(f"unknown key '{key}' in send (known: {', '.join(KEYS)})")
            if strict:
                raise error
            log.warning("%s", error)
            continue
        kind = KEYS[key][1]
        if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
            raise origin.error(f"expected {_KIND_NAMES[kind]}, got {value!r}")
        checked[key] = value.strip() if isinstance(value, str) else value
    return checked


_KIND_NAMES = {str: "a string", int: "a whole number", bool: "true or false"}


def _from_env(var: str, raw: str, kind: type) -> Any:
    if kind is int:
        if not raw.isdigit():
            raise ConfigError(f"expected a port number, got {raw!r}", key=var)
        return int(raw)
    if kind is bool:
        if raw.lower() not in _BOOLS:
            raise ConfigError(f"expected 1 or 0 (true or false), got {raw!r}", key=var)
        return _BOOLS[raw.lower()]
    return raw


def _missing(key: str) -> ConfigError:
    what = {"host": "no SMTP server", "from": "no sender address",
            "to": "no recipient address"}[key]
    also = ", or --to" if key == "to" else ""
    return ConfigError(f"{what}: set {KEYS[key][0]}{also}, or '{key}' in the [send] table "
                       "of book.toml", key=f"send.{key}")


def _address(value: str, origin: _Origin) -> str:
    """One e-mail address, optionally with a display name ("Jane <jane@example.com>")."""
    found = getaddresses([value])
    name, address = found[0] if len(found) == 1 else ("", "")
    if "\n" in value or "\r" in value or not _ADDRESS.fullmatch(address):
        raise origin.error(f"expected one e-mail address, got {value!r}")
    return formataddr((name, address)) if name else address


def _line(path: Path | None, key: str) -> int | None:
    """The line setting `key` in the [send] table (or as send.key), else the table's own line."""
    if path is None:
        return None
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return None
    quoted = rf"""["']?{re.escape(key)}["']?\s*="""
    inside, table = False, None
    for number, text in enumerate(lines, 1):
        text = text.strip()
        if text.startswith("["):
            inside = re.fullmatch(r"\[\s*send\s*\](\s*#.*)?", text) is not None
            table = number if inside else table
        elif (inside and re.match(quoted, text)) or re.match(rf"send\s*\.\s*{quoted}", text):
            return number
        elif re.match(r"send\s*=", text):
            table = number
    return table
