"""The alerts as an Atom 1.0 feed, so any feed reader can follow them."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from xml.etree import ElementTree as ET

from everyside import __version__
from everyside.store.watch import Alert

ATOM = "http://www.w3.org/2005/Atom"


def alerts_atom(alerts: Sequence[Alert], *, site: str, feed_url: str) -> bytes:
    """An Atom document of the alerts (newest first); ``site`` is the web app's base URL."""
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed")
    updated = max((a.created_at for a in alerts if a.created_at), default=datetime.now(UTC))
    _text(feed, "title", "everyside alerts")
    _text(feed, "id", feed_url)
    _text(feed, "updated", updated.isoformat())
    ET.SubElement(feed, f"{{{ATOM}}}link", rel="self", href=feed_url)
    ET.SubElement(feed, f"{{{ATOM}}}link", rel="alternate", href=site)
    generator = _text(feed, "generator", "everyside")
    generator.set("version", __version__)
    for alert in alerts:
        entry = ET.SubElement(feed, f"{{{ATOM}}}entry")
        _text(entry, "title", alert.title)
        _text(entry, "id", f"{feed_url}#alert-{alert.id}")
        _text(entry, "updated", (alert.created_at or updated).isoformat())
        _text(entry, "summary", alert.text)
        ET.SubElement(entry, f"{{{ATOM}}}category", term=alert.kind, label=alert.rule)
        if alert.story_id:
            href = f"{site.rstrip('/')}/stories/{alert.story_id}"
            ET.SubElement(entry, f"{{{ATOM}}}link", rel="alternate", href=href)
    author = ET.SubElement(feed, f"{{{ATOM}}}author")
    _text(author, "name", "everyside watch")
    document: bytes = ET.tostring(feed, encoding="utf-8", xml_declaration=True)
    return document


def _text(parent: ET.Element, tag: str, text: str) -> ET.Element:
    element = ET.SubElement(parent, f"{{{ATOM}}}{tag}")
    element.text = text
    return element
