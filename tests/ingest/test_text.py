"""Plain-text articles: the two real seed files, field by field, and the text conventions."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from everyside.ingest.sources import InputFile
from everyside.ingest.text import parse_text_article, read_text, split_paragraphs
from everyside.model import Article, BoilerplateKind, SourceRef
from everyside.settings import IngestOptions

KYIV = "000_0a8e922b3ed89e77.txt"
JAKARTA = "001_526393992c5fe1fa.txt"


def _read(path: Path) -> Article:
    (article,) = read_text(InputFile(str(path), path), IngestOptions())
    assert isinstance(article, Article)
    return article


def _removed(article: Article, kind: BoilerplateKind) -> list[str]:
    return [b.text for b in article.boilerplate if b.kind is kind]


def test_kyiv_seed_header_fields(seeds: Path) -> None:
    article = _read(seeds / KYIV)
    assert article.title == "NATO Secretary General comments on Moscow-Pyongyang pact"
    assert _removed(article, BoilerplateKind.REPEATED_TITLE) == [article.title]
    assert article.outlet is not None and article.outlet.name == "UNN"
    assert article.place == "Kyiv"
    assert article.published_at == datetime(2024, 6, 20, 0, 17)
    assert article.view_count == 113463
    assert _removed(article, BoilerplateKind.BYLINE) == ["Kyiv • UNN"]
    assert _removed(article, BoilerplateKind.TIMESTAMP) == ["June 20 2024, 12:17 AM • 113463 views"]


def test_kyiv_seed_boilerplate_and_teaser_removed(seeds: Path) -> None:
    article = _read(seeds / KYIV)
    assert _removed(article, BoilerplateKind.SECTION_LABEL) == ["Details", "addition"]
    (teaser,) = _removed(article, BoilerplateKind.TEASER)
    assert teaser.startswith("Kuleba believes that if the Russian Federation slipped")
    assert teaser.endswith("June 19 2024, 04:33 PM • 24640 views")
    assert "Details" not in article.paragraphs and "addition" not in article.paragraphs
    assert "Kuleba" not in article.body and "views" not in article.body


def test_kyiv_seed_body_paragraphs(seeds: Path) -> None:
    article = _read(seeds / KYIV)
    paragraphs = article.paragraphs
    assert len(paragraphs) == 11
    assert paragraphs[0].startswith("NATO Secretary General Jens Stoltenberg commented that")
    assert paragraphs[-1].endswith("climate change and education ... they fail.")
    # The unmarked quote and its attribution line stay two paragraphs, as published.
    assert paragraphs[4].startswith("We must realize that authoritarian states")
    assert paragraphs[5].startswith("Stoltenberg said, speaking at a panel discussion")
    # Non-breaking spaces and runs of spaces are tidied.
    assert "\u00a0" not in article.body and "  " not in article.body


def test_jakarta_seed_fields(seeds: Path) -> None:
    article = _read(seeds / JAKARTA)
    assert article.title.startswith("Highlighting The Signing Of The New North Korea-Russia")
    assert article.title.endswith("Authoritarian Power Is Getting In Line")
    assert article.place == "Jakarta"
    assert article.outlet is None
    assert article.published_at is None and article.view_count is None
    assert _removed(article, BoilerplateKind.DATELINE) == ["JAKARTA -"]
    assert _removed(article, BoilerplateKind.SEE_ALSO) == ["SEE ALSO:"]
    assert _removed(article, BoilerplateKind.REPEATED_TITLE) == []


def test_jakarta_seed_body_paragraphs(seeds: Path) -> None:
    article = _read(seeds / JAKARTA)
    paragraphs = article.paragraphs
    assert len(paragraphs) == 19
    assert paragraphs[0].startswith("The head of the North Atlantic military alliance said")
    assert paragraphs[-1].endswith("ensuring greater stability in Northeast Asia.")
    assert all("SEE ALSO" not in p for p in paragraphs)
    assert any(p.startswith("As the Russian President Yury Ushakov explained") for p in paragraphs)


def test_outlet_option_fills_in_when_text_names_none(seeds: Path) -> None:
    path = seeds / JAKARTA
    (article,) = read_text(InputFile(str(path), path), IngestOptions(outlet="Jakarta Daily"))
    assert isinstance(article, Article) and article.outlet is not None
    assert article.outlet.name == "Jakarta Daily"


def test_paragraph_spans_point_into_body(seeds: Path) -> None:
    article = _read(seeds / KYIV)
    for span, paragraph in zip(article.paragraph_spans(), article.paragraphs, strict=True):
        assert span.text_of(article.body) == paragraph


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a\n\nb\nc\n\n\nd", ["a", "b c", "d"]),
        ("a\nb\nc", ["a", "b", "c"]),
        ("a\r\n\r\nb", ["a", "b"]),
        ("a\n \nb", ["a", "b"]),
    ],
)
def test_split_paragraphs(text: str, expected: list[str]) -> None:
    assert split_paragraphs(text) == expected


def test_teaser_glued_to_last_sentence_is_split_off() -> None:
    text = (
        "Harbour fees rise\n\n"
        "The port authority raised fees by 4% on Monday.\n\n"
        "Officials said the change was overdue.Ferry operators threaten strike over new "
        "rules June 18 2024, 09:10 AM • 5120 views"
    )
    article = parse_text_article(text, SourceRef(locator="t.txt", format="text"))
    assert article.paragraphs[-1] == "Officials said the change was overdue."
    (teaser,) = _removed(article, BoilerplateKind.TEASER)
    assert teaser.startswith("Ferry operators threaten strike")


def test_sentence_ending_in_a_date_is_not_a_teaser() -> None:
    text = "Talks resume\n\nThe two delegations will meet again on June 30 2024."
    article = parse_text_article(text, SourceRef(locator="t.txt", format="text"))
    assert article.paragraphs == ["The two delegations will meet again on June 30 2024."]
    assert _removed(article, BoilerplateKind.TEASER) == []
