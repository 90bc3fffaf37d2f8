"""The outlet registry: one name per outlet, found by domain, name or file path."""

from __future__ import annotations

from pathlib import Path

import pytest

from everyside.ingest.article import build_article
from everyside.ingest.outlets import OutletRegistry, outlet_name_from_title
from everyside.model import Article, Outlet, SourceRef

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
