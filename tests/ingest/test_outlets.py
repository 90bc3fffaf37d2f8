"""The outlet registry: one name per outlet, found by domain, name or file path."""

from __future__ import annotations

from pathlib import Path

import pytest

from everyside.ingest.article import build_article
from everyside.ingest.outlets import OutletRegistry, outlet_name_from_title
from everyside.ingest.tabular import record_to_article
from everyside.ingest.text import parse_text_article
from everyside.model import Article, Outlet, SourceRef
from everyside.settings import IngestOptions

REGISTRY = """
[[outlet]]
name = "Wren Courier"
country = "GBR"
domains = ["www.wrencourier.example"]

[[outlet]]
name = "Isle Post"
country = "IRL"
paths = ["scraped/isle-*.txt"]
"""


def _article(*, url: str | None = None, outlet: str | None = None) -> Article:
    return build_article(
        title="Pier closes",
        paragraphs=["The pier will close for repairs in August."],
        source=SourceRef(locator="x", format="text"),
        url=url,
        outlet=Outlet(name=outlet) if outlet else None,
    )


@pytest.mark.parametrize(
    ("title", "name"),
    [
        ("Thames Courier | World and politics", "Thames Courier"),
        ("Maple Dispatch — National & World", "Maple Dispatch"),
        ("BBC News - World", "BBC News"),
        ("Rheinland-Kurier", "Rheinland-Kurier"),
    ],
)
def test_section_suffix_is_dropped(title: str, name: str) -> None:
    assert outlet_name_from_title(title) == name


def test_identified_by_domain_name_and_path(tmp_path: Path) -> None:
    path = tmp_path / "outlets.toml"
    path.write_text(REGISTRY)
    registry = OutletRegistry.load(path)
    by_url = registry.outlet_of(_article(url="https://wrencourier.example/a"), None)
    assert by_url == Outlet(name="Wren Courier", domain="wrencourier.example", country="GBR")
    by_name = registry.outlet_of(_article(outlet="Wren Courier | Local"), None)
    assert by_name is not None and by_name.name == "Wren Courier"
    scraped = tmp_path / "scraped" / "isle-ferry.txt"
    by_path = registry.outlet_of(_article(), scraped)
    assert by_path is not None and by_path.name == "Isle Post" and by_path.country == "IRL"
    unknown = _article(outlet="Harbour Radio")
    assert registry.outlet_of(unknown, tmp_path / "other.txt") == unknown.outlet


def test_bad_registry_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "outlets.toml"
    path.write_text("[[outlet]]\ncountry = 'GBR'\n")
    with pytest.raises(ValueError, match=r"outlets\.toml: not a valid outlet registry"):
        OutletRegistry.load(path)


def _text_outlet(text: str, option: str | None = None) -> tuple[str | None, Article]:
    article = parse_text_article(text, SourceRef(locator="story.txt", format="text"), outlet=option)
    return (article.outlet.name if article.outlet else None), article


def test_a_wire_dateline_names_the_outlet_of_plain_text() -> None:
    name, article = _text_outlet("Pier closes\n\n(Coastwire) - The pier will close in August.")
    assert name == "Coastwire"
    assert article.body == "The pier will close in August."


@pytest.mark.parametrize(
    "text",
    [
        "Pier closes\n\nThe pier will close in August.\n\nSource: Isle Post",
        "Pier closes\n\nBy Mira Holt, Isle Post\n\nThe pier will close in August.",
        "Pier closes\n\nThe pier will close in August.\n\nQuelle: Isle Post",
    ],
)
def test_a_source_or_byline_line_names_the_outlet_and_leaves_the_body(text: str) -> None:
    name, article = _text_outlet(text)
    assert name == "Isle Post"
    assert article.body == "The pier will close in August."


def test_the_outlet_option_is_for_text_that_names_none() -> None:
    assert _text_outlet("Pier closes\n\nThe pier will close.", "Wren Courier")[0] == "Wren Courier"
    named = "Pier closes\n\nThe pier will close.\n\nSource: Isle Post"
    assert _text_outlet(named, "Wren Courier")[0] == "Isle Post"
    assert _text_outlet("Pier closes\n\nThe pier will close.")[0] is None


def test_a_record_without_an_outlet_is_named_by_its_url_host() -> None:
    source = SourceRef(locator="export.jsonl:1", format="jsonl")
    options = IngestOptions(outlet="Fallback")
    text = "The pier will close in August."
    by_host = record_to_article(
        {"text": text, "url": "https://www.isle.example/a"}, source, options
    )
    by_field = record_to_article({"text": text, "outlet": "Isle Post"}, source, options)
    fallback = record_to_article({"text": text}, source, options)
    assert [a.outlet.name if a.outlet else None for a in (by_host, by_field, fallback)] == [
        "isle.example",
        "Isle Post",
        "Fallback",
    ]
