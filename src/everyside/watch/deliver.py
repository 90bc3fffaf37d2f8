"""Where alerts go: the terminal, a JSON webhook, email. The web app's Atom feed reads the store."""

from __future__ import annotations

import json
import logging
import os
import smtplib
import ssl
from collections.abc import Sequence
from dataclasses import dataclass, field
from email.message import EmailMessage
from typing import Protocol

import httpx
from rich.console import Console
from rich.text import Text

from everyside.errors import EverysideError
from everyside.escaping import rich_text
from everyside.store.watch import Alert
from everyside.watch.fetch import DEFAULT_USER_AGENT
from everyside.watch.redact import redact_text, url_origin

logger = logging.getLogger(__name__)


class DeliveryError(EverysideError):
    """An alert could not be delivered; the message never shows the channel's secrets."""


class Channel(Protocol):
    """Sends one alert somewhere; raises when it could not."""

    def send(self, alert: Alert) -> None:
        """Deliver the alert."""


@dataclass(frozen=True, slots=True)
class TerminalChannel:
    """Prints alerts on a Rich console (standard output unless told otherwise)."""

    console: Console = field(default_factory=Console)

    def send(self, alert: Alert) -> None:
        """Print the alert as two lines: its title, then what happened.

        Both come from articles (a title may read ``[/bold]`` or hold a terminal escape):
        they are printed as ``Text``, never read as markup, with control characters shown.
        Off a terminal (a log file, a pipe) lines are never wrapped: one alert, two lines.
        """
        soft = not self.console.is_terminal
        self.console.print(
            Text.assemble(("alert", "bold yellow"), " ", rich_text(alert.title, "bold")),
            highlight=False,
            soft_wrap=soft,
        )
        self.console.print(
            Text("  ").append_text(rich_text(alert.text)), highlight=False, soft_wrap=soft
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class WebhookChannel:
    """POSTs each alert as JSON (``Alert.as_dict``) to a URL.

    The URL is often a secret as a whole (Slack and Discord put the key in its path), so
    errors and ``repr`` show only its scheme and host.
    """

    url: str = field(repr=False)
    timeout: float = 10.0

    def send(self, alert: Alert) -> None:
        """POST the alert; a non-2xx answer is an error (DeliveryError)."""
        shown = url_origin(self.url)
        try:
            response = httpx.post(
                self.url,
                json=alert.as_dict(),
                timeout=self.timeout,
                headers={"User-Agent": DEFAULT_USER_AGENT},
            )
        except httpx.HTTPError as error:
            problem = str(error).replace(self.url, shown)
            raise DeliveryError(f"webhook {shown}: {type(error).__name__}: {problem}") from None
        if response.is_error:
            raise DeliveryError(
                f"webhook {shown}: HTTP {response.status_code} {response.reason_phrase}"
            )


@dataclass(frozen=True, slots=True, kw_only=True)
class EmailChannel:
    """Mails each alert through an SMTP server.

    The password is read from the environment variable ``password_env`` when sending,
    so it never sits in the configuration file.
    """

    host: str
    port: int = 25
    sender: str
    recipients: tuple[str, ...]
    starttls: bool = False
    username: str | None = None
    password_env: str | None = None
    timeout: float = 20.0

    def __post_init__(self) -> None:
        if not self.recipients:
            raise ValueError("an email delivery needs at least one recipient")

    def send(self, alert: Alert) -> None:
        """Send the alert as a plain-text message with its JSON attached."""
        message = EmailMessage()
        message["Subject"] = f"[everyside] {alert.title}"
        message["From"] = self.sender
        message["To"] = ", ".join(self.recipients)
        message.set_content(f"{alert.title}\n\n{alert.text}\n")
        message.add_attachment(
            json.dumps(alert.as_dict(), ensure_ascii=False, indent=2).encode(),
            maintype="application",
            subtype="json",
            filename="alert.json",
        )
        with smtplib.SMTP(self.host, self.port, timeout=self.timeout) as smtp:
            if self.starttls:
                # Verify the server's certificate and name; smtplib's default does neither.
                smtp.starttls(context=ssl.create_default_context())
            if self.username:
                smtp.login(self.username, os.environ.get(self.password_env or "", ""))
            smtp.send_message(message)


def deliver(alert: Alert, channels: Sequence[Channel]) -> list[str]:
    """Send an alert through every channel; return what failed, each logged, none raised."""
    problems = []
    for channel in channels:
        try:
            channel.send(alert)
        except Exception as error:  # one dead channel must not keep the others from the alert
            problem = redact_text(f"{type(channel).__name__}: {type(error).__name__}: {error}")
            logger.error("could not deliver alert %r: %s", alert.title, problem)
            problems.append(problem)
    return problems
