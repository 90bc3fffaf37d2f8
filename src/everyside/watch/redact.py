"""Credentials out of sight: URLs and messages as shown in status, the API, stored sources, logs.

A feed URL may carry a password (``https://user:pass@host/``) or a token in its query
(``?token=…``, ``?apikey=…``, ``?sig=…``); a webhook URL is often a secret as a whole
(Slack and Discord put it in the path). Everything the watcher shows or stores about
such URLs goes through these functions. Redaction is deterministic, so a redacted URL
stays a stable key.
"""

from __future__ import annotations

import logging
import re
from urllib.parse import urlsplit

MASK = "REDACTED"
# Query (or fragment) parameter names whose values are secrets, compared without case
# and without "-", "_" and ".": api_key, X-Api-Key, access_token, X-Amz-Signature, …
_SECRET_NAMES = frozenset(
    (
        *("auth", "authorization", "code", "cookie", "credential", "credentials", "hmac"),
        *("jwt", "pass", "passwd", "password", "pwd", "session", "sessionid", "sid"),
        *("sig", "signature", "token", "key", "secret", "apikey", "otp"),
    )
)
_SECRET_ENDINGS = (
    *("token", "secret", "password", "passwd", "apikey", "key", "signature", "sig"),
    *("credential", "credentials"),
)
# A URL in prose ends before a closing quote, bracket or a sentence's punctuation.
_URL = re.compile(r"\b[a-zA-Z][a-zA-Z0-9+.-]*://[^\s\"'<>#]*[^\s\"'<>#.,:;!?)\]]")
_PARAM = re.compile(r"(^|[&;])([^=&;]*)=([^&;]*)")


def is_secret_name(name: str) -> bool:
    """Whether a query parameter of this name carries a credential."""
    normal = re.sub(r"[-_.\s]", "", name).lower()
    return normal in _SECRET_NAMES or normal.endswith(_SECRET_ENDINGS)


def _redact_params(query: str) -> str:
    def mask(match: re.Match[str]) -> str:
        start, name, value = match.groups()
        return f"{start}{name}={MASK}" if value and is_secret_name(name) else match.group(0)

    return _PARAM.sub(mask, query)


def redact_url(url: str) -> str:
    """The URL with its user info and the values of credential-like parameters masked."""
    scheme, separator, rest = url.partition("://")
    if not separator:
        return url
    end = len(rest)
    for mark in "/?#":
        position = rest.find(mark)
        if position != -1:
            end = min(end, position)
    authority, tail = rest[:end], rest[end:]
    if "@" in authority:
        authority = f"{MASK}@{authority.rpartition('@')[2]}"
    path, hash_mark, fragment = tail.partition("#")
    path, question, query = path.partition("?")
    query = _redact_params(query) if question else ""
    if "=" in fragment:
        fragment = _redact_params(fragment)
    return f"{scheme}://{authority}{path}{question}{query}{hash_mark}{fragment}"


def redact_text(text: str) -> str:
    """A message with every URL in it redacted (``redact_url``)."""
    return _URL.sub(lambda match: redact_url(match.group(0)), text)


def url_origin(url: str) -> str:
    """Only the scheme and host of a URL that is a secret as a whole (a webhook's)."""
    parts = urlsplit(url)
    host = parts.hostname or "?"
    port = f":{parts.port}" if parts.port else ""
    return f"{parts.scheme}://{host}{port}/…"


class RedactingFilter(logging.Filter):
    """A logging filter that masks credentials in URLs of every record it sees."""

    def filter(self, record: logging.LogRecord) -> bool:
        """Rewrite the record's message with its URLs redacted; never drop it."""
        message = record.getMessage()
        if "://" in message:
            record.msg, record.args = redact_text(message), None
        return True
