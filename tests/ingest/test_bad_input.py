"""Bad inputs: each gives one clear error, the batch goes on, and nothing half-written is stored."""

from __future__ import annotations

import io
import json
import random
import re
import struct
import tracemalloc
import zlib
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import text
from typer.testing import CliRunner
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from everyside.cli import app
from everyside.ingest import IngestEvent, IngestReport, Outcome
from everyside.jobs import ingest
from everyside.settings import IngestOptions
from everyside.store import repository
from everyside.store.db import Store

# The good article every batch carries next to its bad input, to show the batch goes on.
GOOD_TITLE = "Island ferry crews end two-day strike after pay deal"
GOOD_TEXT = f"""{GOOD_TITLE}

Crews on the Skerry Point ferry line returned to work on Thursday morning after the operator
agreed to raise night-shift pay by nine percent and to hire six more deckhands before summer.

The two-day strike cancelled fourteen crossings and left about three hundred commuters relying on
a single chartered boat. The harbour office said the timetable would be back to normal by Friday.

"Nobody wanted to leave the islands cut off, but the night rota had become unsafe," said union
representative Oda Brekke. The operator thanked passengers for their patience.
"""

# Articles in other scripts and encodings, each with characters that a wrong guess would mangle.
RUSSIAN_TITLE = "Городской совет Харькова утвердил ремонт трёх мостов"
RUSSIAN_TEXT = f"""{RUSSIAN_TITLE}

Во вторник депутаты городского совета проголосовали за выделение средств на ремонт трёх мостов
через реку Лопань. Работы начнутся весной и продлятся до конца осени.

По словам главного инженера, самый старый мост был построен ещё в шестидесятых годах и давно
нуждается в замене опор. Жители жалуются на пробки и шум.

Мэр пообещал, что движение транспорта не будет полностью перекрыто ни на одном из мостов.
"""
UKRAINIAN_TITLE = "Львівська міська рада схвалила ремонт трамвайних колій"
UKRAINIAN_TEXT = f"""{UKRAINIAN_TITLE}

У четвер депутати Львівської міської ради більшістю голосів підтримали програму ремонту
трамвайних колій на вулицях Городоцькій та Личаківській. Роботи розпочнуться навесні.

За словами заступника міського голови, найстаріші ділянки колій не ремонтували понад двадцять
років. Пасажирів просять заздалегідь планувати поїздки, бо частину маршрутів змінять.

Місто також обіцяє встановити нові зупинки з навісами та табло, де показуватимуть час прибуття.
"""
GERMAN_TITLE = "Stadtrat in Görlitz beschließt autofreie Altstadt"
GERMAN_TEXT = f"""{GERMAN_TITLE}

Der Stadtrat von Görlitz hat am Dienstag mit großer Mehrheit beschlossen, die Altstadt ab dem
kommenden Frühjahr für den Autoverkehr zu sperren. Händler äußerten gemischte Gefühle.

Die Bürgermeisterin erklärte, dass die Straßen zwischen dem Untermarkt und der Peterskirche
künftig nur noch für Lieferfahrzeuge geöffnet würden. Anwohner dürfen weiter mit Genehmigung fahren.

Eine Umfrage hatte zuvor ergeben, dass fast zwei Drittel der Befragten die Maßnahme befürworten.
"""
POLISH_TITLE = "Gdańsk otwiera nową przeprawę promową przez Martwą Wisłę"
POLISH_TEXT = f"""{POLISH_TITLE}

Władze Gdańska uruchomiły w środę nową przeprawę promową łączącą Westerplatte z Nowym Portem.
Prom będzie kursował co dwadzieścia minut od szóstej rano do północy.

Według zarządu dróg miejskich z przeprawy może dziennie skorzystać nawet cztery tysiące osób.
Mieszkańcy od lat skarżyli się na długie objazdy przez most w centrum miasta.

Bilet na prom kosztuje tyle samo co przejazd tramwajem, a rowery przewożone są bezpłatnie.
"""

# More real-looking articles, for the multi-article containers (feeds, WARC, CSV, JSONL).
STORIES = [
    (
        "Flood barriers raised along the Elm river",
        [
            "Workers raised temporary flood barriers along the Elm river on Tuesday as "
            "forecasters warned of three days of heavy rain across the valley.",
            "Residents of the lower town were asked to move cars away from the riverbank and to "
            "keep sandbags ready. Two schools near the water will close early on Wednesday.",
            "The last serious flood in the valley, eight years ago, damaged more than two "
            "hundred homes and closed the main bridge for a month.",
        ],
    ),
    (
        "City library reopens after two-year renovation",
        [
            "The central library reopened on Saturday after a renovation that added a children's "
            "wing, a rooftop reading garden and longer opening hours.",
            "The project cost eleven million and ran four months late, partly because of a "
            "shortage of steel for the new roof. The head librarian said the delay was worth it.",
            "Evening hours on weekdays will now run until ten, and a mobile library van will "
            "visit the outlying villages twice a week.",
        ],
    ),
    (
        "Regional rail line adds night trains from June",
        [
            "The regional rail operator will run night trains between the valley towns and the "
            "capital from the first week of June, it announced on Monday.",
            "Commuter groups welcomed the plan but asked for more staff at stations after dark. "
            "The operator said it would hire forty new conductors before the summer.",
            "Tickets for the night service will cost the same as daytime fares, and monthly "
            "passes will be valid on every train.",
            "A spokesman said the first trains would leave the capital at half past midnight, "
            "with a later departure added on Fridays and Saturdays if demand allows.",
        ],
    ),
]

MARKET_STORY = (
    "Saturday market moves to the harbour front",
    [
        "The Saturday market will move from the cathedral square to the harbour front from next "
        "month, the town council decided on Wednesday after a long dispute with stallholders.",
        "Traders had complained that the square was too small for the forty stalls and that "
        "delivery vans blocked the narrow streets around it every weekend.",
        "The council said the new site would have electricity for every stall and space for a "
        "covered food hall, which is expected to open in the autumn.",
    ],
)

runner = CliRunner()


# ---------------------------------------------------------------------------- helpers


def write_good(folder: Path, name: str = "good.txt") -> Path:
    """Write the good article into ``folder`` and return its path."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(GOOD_TEXT, encoding="utf-8")
    return path


def counts(store: Store) -> dict[str, int]:
    """Row counts of the tables an article is written to."""
    with store.engine.connect() as connection:

        def one(sql: str) -> int:
            return int(connection.execute(text(sql)).scalar_one())

        return {
            "articles": one("SELECT count(*) FROM articles"),
            # The first sighting of each article is written in the same transaction as it.
            "first_sightings": one(
                "SELECT count(*) FROM article_sources s JOIN articles a "
                "ON a.id = s.article_id AND a.source_locator = s.locator"
            ),
            "fts": one("SELECT count(*) FROM articles_fts"),
            "fts_orphans": one(
                "SELECT count(*) FROM articles_fts f LEFT JOIN articles a "
                "ON a.id = f.article_id WHERE a.id IS NULL"
            ),
            "source_orphans": one(
                "SELECT count(*) FROM article_sources s LEFT JOIN articles a "
                "ON a.id = s.article_id WHERE a.id IS NULL"
            ),
        }


def stored_locators(store: Store) -> set[str]:
    """Every locator the store has read an article from."""
    with store.engine.connect() as connection:
        rows = connection.execute(
            text("SELECT source_locator FROM articles UNION SELECT locator FROM article_sources")
        )
        return {row[0] for row in rows}


def assert_store_consistent(store: Store, articles: int) -> None:
    """Articles, their first sightings and full-text rows agree, with nothing dangling."""
    assert counts(store) == {
        "articles": articles,
        "first_sightings": articles,
        "fts": articles,
        "fts_orphans": 0,
        "source_orphans": 0,
    }


def assert_nothing_from(store: Store, locator: str) -> None:
    """No article or sighting was kept from this input (or any item inside it)."""
    kept = {
        found
        for found in stored_locators(store)
        if found == locator or found.startswith((f"{locator}#", f"{locator}:"))
    }
    assert not kept, f"rows kept from failed input {locator}: {kept}"


def one_failure(report: IngestReport) -> IngestEvent:
    """The single FAILED event of a report, checked to be one clear line."""
    assert len(report.errors) == 1, report.errors
    (error,) = report.errors
    assert error.message, error
    assert "\n" not in error.message and len(error.message) < 200, error.message
    assert "Traceback" not in error.message and "unexpected" not in error.message
    return error


def assert_good_stored(report: IngestReport, good: Path) -> None:
    """The good file of the batch was read and stored."""
    added = [e for e in report.events if e.locator == str(good)]
    assert [e.outcome for e in added] == [Outcome.ADDED]
    assert added[0].title == GOOD_TITLE


def check_bad_file(
    store: Store,
    tmp_path: Path,
    bad: Path | str,
    *problem_words: str,
    options: IngestOptions | None = None,
) -> IngestEvent:
    """Ingest the good article and ``bad`` together; check the one error and a clean store."""
    good = write_good(tmp_path / "good")
    report = ingest([str(good), str(bad)], store, options)
    error = one_failure(report)
    assert error.locator == str(bad)
    assert error.message is not None
    assert any(word in error.message.lower() for word in problem_words), error.message
    assert_good_stored(report, good)
    assert_nothing_from(store, str(bad))
    assert_store_consistent(store, 1)
    return error


def html_page(title: str, paragraphs: list[str], *, site: str = "Valley Courier") -> str:
    """A news page with navigation and footer around the article."""
    body = "\n".join(f"<p>{p}</p>" for p in paragraphs)
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{title} | {site}</title>
<meta property="og:site_name" content="{site}"></head>
<body><nav><a href="/">Home</a> <a href="/local">Local</a> <a href="/weather">Weather</a></nav>
<article><h1>{title}</h1>
{body}
</article>
<footer>© 2024 {site}. All rights reserved.</footer></body></html>"""


def gzipped_warc(pages: list[tuple[str, str]], *, compress: bool = True) -> tuple[bytes, list[int]]:
    """A WARC (gzipped unless told) with an HTML response per (url, html); where records start."""
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=compress)
    starts = []
    for url, html in pages:
        headers = StatusAndHeaders(
            "200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1"
        )
        record = writer.create_warc_record(
            url, "response", payload=io.BytesIO(html.encode("utf-8")), http_headers=headers
        )
        starts.append(buffer.tell())
        writer.write_record(record)
    return buffer.getvalue(), starts


def rss(items: list[tuple[str, str, list[str]]]) -> str:
    """An RSS 2.0 feed, one item per (title, link, paragraphs)."""
    entries = "".join(
        f"<item><title>{title}</title><link>{link}</link>"
        f"<description>{' '.join(paragraphs)}</description></item>\n"
        for title, link, paragraphs in items
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel>'
        "<title>Valley Courier</title><link>https://valley.example/</link>\n"
        f"{entries}</channel></rss>\n"
    )


def feed_items() -> list[tuple[str, str, list[str]]]:
    """The stories as feed items: (title, link, paragraphs)."""
    return [(title, f"https://valley.example/{n}", ps) for n, (title, ps) in enumerate(STORIES)]


def png_bytes(seed: int) -> bytes:
    """The start of a real PNG: signature, an IHDR chunk, then deterministic noise."""
    ihdr = struct.pack(">IIBBBBB", 640, 480, 8, 6, 0, 0, 0)
    chunk = struct.pack(">I", len(ihdr)) + b"IHDR" + ihdr
    chunk += struct.pack(">I", zlib.crc32(b"IHDR" + ihdr))
    return b"\x89PNG\r\n\x1a\n" + chunk + random.Random(seed).randbytes(4000)


# ---------------------------------------------------------------------------- empty and binary


@pytest.mark.parametrize("content", [b"", b"  \n\t \r\n   \n"], ids=["empty", "whitespace"])
def test_empty_file_fails_alone(fresh_store: Store, tmp_path: Path, content: bytes) -> None:
    bad = tmp_path / "bad" / "empty.txt"
    bad.parent.mkdir()
    bad.write_bytes(content)
    check_bad_file(fresh_store, tmp_path, bad, "empty")


@pytest.mark.parametrize(
    "content",
    [
        png_bytes(seed=1),
        # Text with NULs in it, as left by a crashed writer or a mis-saved UTF-16 file.
        GOOD_TEXT.replace("Thursday", "Thurs\x00\x00\x00day").encode("utf-8"),
        # Noise without a single NUL, so only the encoding detection can refuse it.
        bytes(b for b in random.Random(2).randbytes(6000) if b),
    ],
    ids=["png", "text-with-nuls", "noise-without-nuls"],
)
def test_binary_file_named_txt_fails_alone(
    fresh_store: Store, tmp_path: Path, content: bytes
) -> None:
    bad = tmp_path / "bad" / "picture.txt"
    bad.parent.mkdir()
    bad.write_bytes(content)
    check_bad_file(fresh_store, tmp_path, bad, "binary")


# ---------------------------------------------------------------------------- encodings


@pytest.mark.parametrize(
    ("article", "encoding", "title", "body_words"),
    [
        (RUSSIAN_TEXT, "cp1251", RUSSIAN_TITLE, ["трёх мостов", "шестидесятых"]),
        (UKRAINIAN_TEXT, "cp1251", UKRAINIAN_TITLE, ["Личаківській", "показуватимуть"]),
        (GERMAN_TEXT, "latin-1", GERMAN_TITLE, ["großer Mehrheit", "Händler äußerten"]),
        # Python's "utf-16" writes a byte-order mark first.
        (POLISH_TEXT, "utf-16", POLISH_TITLE, ["Władze Gdańska", "dwadzieścia", "bezpłatnie"]),
    ],
    ids=["cp1251-russian", "cp1251-ukrainian", "latin1-german", "utf16-bom-polish"],
)
def test_legacy_encodings_are_decoded_and_stored(
    fresh_store: Store,
    tmp_path: Path,
    article: str,
    encoding: str,
    title: str,
    body_words: list[str],
) -> None:
    path = tmp_path / "article.txt"
    path.write_bytes(article.encode(encoding))
    good = write_good(tmp_path / "good")
    report = ingest([str(good), str(path)], fresh_store)
    assert report.ok, report.errors
    (event,) = [e for e in report.events if e.locator == str(path)]
    assert event.outcome is Outcome.ADDED and event.article_id is not None
    with fresh_store.session() as session:
        stored = repository.get_article(session, event.article_id)
    assert stored.title == title
    for words in body_words:
        assert words in stored.body
    assert "\ufffd" not in stored.body
    assert_store_consistent(fresh_store, 2)


# ---------------------------------------------------------------------------- too large


def traced_peak(call: Callable[[], object]) -> int:
    """Run ``call()`` and return the peak bytes Python allocated meanwhile."""
    tracemalloc.start()
    try:
        call()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


HUNDRED_MB = 100_000_000


def sparse_file(path: Path, size: int = HUNDRED_MB) -> Path:
    """A file of ``size`` zero bytes that costs no time or disk to make."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as stream:
        stream.truncate(size)
    return path


@pytest.mark.parametrize("name", ["huge.txt", "huge.html", "huge.xml"])
def test_hundred_mb_document_is_refused_without_reading_it(
    fresh_store: Store, tmp_path: Path, name: str
) -> None:
    bad = sparse_file(tmp_path / "bad" / name)
    check_bad_file(fresh_store, tmp_path, bad, "too large")
    # Reading the file, even only up to the 20 MB limit, would show in the peak.
    peak = traced_peak(lambda: ingest([str(bad)], fresh_store))
    assert peak < 10_000_000, f"{peak / 1e6:.0f} MB allocated to refuse a 100 MB file"


@pytest.mark.parametrize("name", ["huge.jsonl", "huge.csv"])
def test_hundred_mb_line_is_refused_without_reading_it(
    fresh_store: Store, tmp_path: Path, name: str
) -> None:
    # JSONL and CSV are streamed whatever their size; only one line must fit the limit.
    bad = sparse_file(tmp_path / "bad" / name)
    options = IngestOptions(max_document_bytes=1_000_000)
    reports: list[IngestReport] = []
    peak = traced_peak(lambda: reports.append(ingest([str(bad)], fresh_store, options)))
    assert peak < HUNDRED_MB // 2, f"{peak / 1e6:.0f} MB allocated to refuse a 100 MB line"
    error = one_failure(reports[0])
    assert error.locator == f"{bad}:1"
    assert "too long" in (error.message or "") or "too large" in (error.message or "")
    assert_store_consistent(fresh_store, 0)


def test_document_over_a_small_limit_fails_alone(fresh_store: Store, tmp_path: Path) -> None:
    bad = tmp_path / "bad" / "long.txt"
    bad.parent.mkdir()
    bad.write_text(GERMAN_TEXT * 3, encoding="utf-8")
    limit = len(GOOD_TEXT.encode("utf-8")) + 100
    options = IngestOptions(max_document_bytes=limit)
    check_bad_file(fresh_store, tmp_path, bad, "too large", options=options)


def test_too_large_message_states_the_sizes(fresh_store: Store, tmp_path: Path) -> None:
    bad = tmp_path / "long.txt"
    bad.write_text(GOOD_TEXT * 2, encoding="utf-8")
    report = ingest([str(bad)], fresh_store, IngestOptions(max_document_bytes=1_000))
    message = one_failure(report).message or ""
    assert "too large" in message
    # Both sizes are stated in units that show them, not rounded to "0.0 MB".
    assert "0.0 MB" not in message, message
    assert re.search(r"\(\d.*; the limit is \d", message), message


# ---------------------------------------------------------------------------- HTML


def test_html_page_without_text_fails_alone(fresh_store: Store, tmp_path: Path) -> None:
    bad = tmp_path / "bad" / "shell.html"
    bad.parent.mkdir()
    # An app shell: a title, scripts and an empty mount point, as a crawler sees it.
    bad.write_text(
        "<!DOCTYPE html><html><head><title>Valley Courier</title>"
        "<script src='/app.js'></script><style>body{margin:0}</style></head>"
        "<body><div id='root'></div><script>window.__STATE__={}</script></body></html>",
        encoding="utf-8",
    )
    check_bad_file(fresh_store, tmp_path, bad, "no article text")


CHROME_ONLY_PAGES = {
    "navigation": "<nav><a href='/'>Home</a> <a href='/local'>Local</a> <a href='/sport'>Sport</a>"
    "</nav><footer>© 2024 Valley Courier</footer>",
    # What crawlers often get instead of the article.
    "consent-wall": "<nav><a href='/'>Home</a> <a href='/local'>Local</a></nav><div class='cookie'>"
    "We use cookies to improve your experience. Accept all</div><footer>© 2024</footer>",
}


@pytest.mark.parametrize("body", CHROME_ONLY_PAGES.values(), ids=CHROME_ONLY_PAGES.keys())
def test_html_page_of_site_chrome_only_fails_alone(
    fresh_store: Store, tmp_path: Path, body: str
) -> None:
    bad = tmp_path / "bad" / "chrome.html"
    bad.parent.mkdir()
    head = "<!DOCTYPE html><html><head><title>Valley Courier</title></head>"
    bad.write_text(f"{head}<body>{body}</body></html>", encoding="utf-8")
    check_bad_file(fresh_store, tmp_path, bad, "no article text")


def test_html_with_broken_tags_still_gives_its_article(fresh_store: Store, tmp_path: Path) -> None:
    title, paragraphs = STORIES[0]
    # Unclosed <p> and <div>, a mismatched </h2>, a stray </span>, a bare "&", no </html>.
    broken = (
        f"<html><head><title>{title}</title><body><div class='story'><h1>{title}</h2>"
        + "".join(f"<p>{p.replace(' and ', ' & ', 1)}</span>" for p in paragraphs)
        + "<div><span><b>Share this"
    )
    path = tmp_path / "broken.html"
    path.write_text(broken, encoding="utf-8")
    report = ingest([str(path)], fresh_store)
    assert report.ok, report.errors
    (event,) = report.events
    assert event.outcome is Outcome.ADDED and event.title == title
    with fresh_store.session() as session:
        stored = repository.get_article(session, event.article_id or "")
    assert paragraphs[1].replace(" and ", " & ", 1) in stored.body
    assert "Share this" not in stored.body
    assert_store_consistent(fresh_store, 1)


def test_xhtml_page_with_xml_declaration_is_stored(fresh_store: Store, tmp_path: Path) -> None:
    title, paragraphs = STORIES[2]
    page = html_page(title, paragraphs).replace(
        "<!DOCTYPE html>", '<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE html>'
    )
    path = tmp_path / "night-trains.xhtml"
    path.write_text(page, encoding="utf-8")
    report = ingest([str(path)], fresh_store)
    assert report.ok, report.errors
    assert_store_consistent(fresh_store, 1)


# ---------------------------------------------------------------------------- feeds


def test_truncated_feed_without_items_is_malformed(fresh_store: Store, tmp_path: Path) -> None:
    feed = rss(feed_items())
    bad = tmp_path / "bad" / "valley.rss"
    bad.parent.mkdir()
    # Cut inside the first <item> tag: the channel is there, no item is.
    bad.write_text(feed[: feed.index("<item>") + 3], encoding="utf-8")
    check_bad_file(fresh_store, tmp_path, bad, "malformed feed")


def test_feed_cut_inside_an_item_keeps_earlier_items_and_says_so(
    fresh_store: Store, tmp_path: Path
) -> None:
    feed = rss(feed_items())
    cut = feed.index(STORIES[1][1][1])  # in the middle of the second item's text
    path = tmp_path / "valley.rss"
    path.write_text(feed[:cut], encoding="utf-8")
    report = ingest([str(path)], fresh_store)
    assert [e.title for e in report.events if e.outcome is Outcome.ADDED] == [STORIES[0][0]]
    error = one_failure(report)
    assert error.locator.startswith(str(path))
    assert "malformed" in (error.message or "") or "truncated" in (error.message or "")
    assert_store_consistent(fresh_store, 1)


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("barriers raised", "barriers & sandbags raised"),
        ("two-year renovation", "two-year&nbsp;renovation"),
    ],
    ids=["bare-ampersand", "html-entity"],
)
def test_complete_feed_with_sloppy_xml_keeps_every_item(
    fresh_store: Store, tmp_path: Path, old: str, new: str
) -> None:
    # Sloppy but complete: common in real feeds, and feedparser's loose parser reads it all.
    path = tmp_path / "valley.rss"
    path.write_text(rss(feed_items()).replace(old, new, 1), encoding="utf-8")
    report = ingest([str(path)], fresh_store)
    added = [e for e in report.events if e.outcome is Outcome.ADDED]
    assert len(added) == len(STORIES), report.events
    assert_store_consistent(fresh_store, len(STORIES))


# ---------------------------------------------------------------------------- WARC


def truncated_warc(tmp_path: Path, compress: bool, fraction: float) -> Path:
    """A WARC of three article pages, cut ``fraction`` of the way into the third record."""
    pages = [
        (f"https://valley.example/news/{n}", html_page(title, paragraphs))
        for n, (title, paragraphs) in enumerate(STORIES)
    ]
    data, starts = gzipped_warc(pages, compress=compress)
    cut = starts[2] + int((len(data) - starts[2]) * fraction)
    path = tmp_path / ("crawl.warc.gz" if compress else "crawl.warc")
    path.write_bytes(data[:cut])
    return path


WARC_CUTS = [
    pytest.param(True, 0.5, id="gzip-mid-payload"),
    pytest.param(True, 0.9, id="gzip-late-payload"),
    pytest.param(False, 0.6, id="plain-mid-payload"),
    # A cut before the third record's payload: warcio stops as if the archive had ended.
    pytest.param(True, 0.01, id="gzip-member-header"),
    pytest.param(True, 0.2, id="gzip-warc-headers"),
    pytest.param(False, 0.1, id="plain-warc-headers"),
]


@pytest.mark.parametrize(
    ("compress", "fraction"), [p.values for p in WARC_CUTS], ids=[p.id for p in WARC_CUTS]
)
def test_truncated_warc_keeps_the_records_before_the_cut(
    fresh_store: Store, tmp_path: Path, compress: bool, fraction: float
) -> None:
    path = truncated_warc(tmp_path, compress, fraction)
    report = ingest([str(path)], fresh_store)
    added = [e for e in report.events if e.outcome is Outcome.ADDED]
    assert [e.title for e in added] == [STORIES[0][0], STORIES[1][0]]
    assert [e.locator for e in added] == [
        f"{path}#https://valley.example/news/0",
        f"{path}#https://valley.example/news/1",
    ]


@pytest.mark.parametrize(("compress", "fraction"), WARC_CUTS)
def test_truncated_warc_is_reported_and_its_cut_record_not_stored(
    fresh_store: Store, tmp_path: Path, compress: bool, fraction: float
) -> None:
    path = truncated_warc(tmp_path, compress, fraction)
    report = ingest([str(path)], fresh_store)
    assert report.count(Outcome.ADDED) == 2
    error = one_failure(report)
    assert error.locator == str(path)
    assert "truncated" in (error.message or "") or "corrupt" in (error.message or "")
    assert f"{path}#https://valley.example/news/2" not in stored_locators(fresh_store)
    assert_store_consistent(fresh_store, 2)


# ---------------------------------------------------------------------------- CSV and JSONL


def test_csv_without_text_column_names_it(fresh_store: Store, tmp_path: Path) -> None:
    bad = tmp_path / "bad" / "export.csv"
    bad.parent.mkdir()
    bad.write_text(
        "headline,url\n" + "".join(f'"{title}",{link}\n' for title, link, _ in feed_items()),
        encoding="utf-8",
    )
    error = check_bad_file(fresh_store, tmp_path, bad, "missing text column")
    assert "text" in (error.message or "").split("(")[1]  # the column it looked for


def test_csv_row_with_empty_text_fails_alone(fresh_store: Store, tmp_path: Path) -> None:
    rows = ["title,text,outlet"]
    rows += [f'"{t}","{" ".join(ps)}",Valley Courier' for t, ps in STORIES[:2]]
    rows.insert(2, '"Headline with no story",,Valley Courier')  # line 3 of the file
    path = tmp_path / "export.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    report = ingest([str(path)], fresh_store)
    error = one_failure(report)
    assert error.locator == f"{path}:3"
    assert "no text" in (error.message or "")
    added = [e for e in report.events if e.outcome is Outcome.ADDED]
    assert [e.title for e in added] == [STORIES[0][0], STORIES[1][0]]
    assert [e.locator for e in added] == [f"{path}:2", f"{path}:4"]
    assert_nothing_from(fresh_store, error.locator)
    assert_store_consistent(fresh_store, 2)


@pytest.mark.parametrize("encoding", ["cp1252", "utf-16"])
def test_csv_in_a_legacy_encoding_is_decoded(
    fresh_store: Store, tmp_path: Path, encoding: str
) -> None:
    body = " ".join(GERMAN_TEXT.split("\n\n")[1:]).replace("\n", " ")
    rows = ["title,text", f'"{GERMAN_TITLE}","{body}"']
    rows += [f'"{t}","{" ".join(ps)}"' for t, ps in STORIES]
    path = tmp_path / "export.csv"
    path.write_bytes(("\r\n".join(rows) + "\r\n").encode(encoding))
    report = ingest([str(path)], fresh_store)
    assert report.ok, report.errors
    assert [e.title for e in report.events] == [GERMAN_TITLE] + [t for t, _ in STORIES]
    assert_store_consistent(fresh_store, 1 + len(STORIES))


def test_jsonl_invalid_line_fails_alone(fresh_store: Store, tmp_path: Path) -> None:
    lines = [
        json.dumps({"title": t, "text": "\n\n".join(ps), "outlet": "Valley Courier"})
        for t, ps in STORIES
    ]
    lines[1] = lines[1][: len(lines[1]) // 2]  # a line cut short by a crashed exporter
    path = tmp_path / "wire.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    report = ingest([str(path)], fresh_store)
    error = one_failure(report)
    assert error.locator == f"{path}:2"
    assert "invalid json" in (error.message or "").lower()
    added = [e for e in report.events if e.outcome is Outcome.ADDED]
    assert [e.locator for e in added] == [f"{path}:1", f"{path}:3"]
    assert_nothing_from(fresh_store, error.locator)
    assert_store_consistent(fresh_store, 2)


# ---------------------------------------------------------------------------- paths


def test_missing_path_fails_alone(fresh_store: Store, tmp_path: Path) -> None:
    check_bad_file(fresh_store, tmp_path, tmp_path / "no-such-article.txt", "no such file")


def test_glob_matching_nothing_fails_alone(fresh_store: Store, tmp_path: Path) -> None:
    check_bad_file(fresh_store, tmp_path, tmp_path / "archive" / "*.warc.gz", "no file matches")


def test_directory_without_readable_files_fails_alone(fresh_store: Store, tmp_path: Path) -> None:
    folder = tmp_path / "scans"
    folder.mkdir()
    (folder / "page-1.pdf").write_bytes(b"%PDF-1.7\n")
    check_bad_file(fresh_store, tmp_path, folder, "no file", "no readable")


# ---------------------------------------------------------------------------- command line


def bad_png(folder: Path) -> Path:
    """A PNG saved with a .txt name inside ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "scan.txt"
    path.write_bytes(png_bytes(seed=3))
    return path


def cli_count(db: Path) -> int:
    """How many articles the store at ``db`` holds."""
    store = Store(f"sqlite:///{db}")
    try:
        with store.session() as session:
            return repository.count_articles(session)
    finally:
        store.close()


def test_cli_batch_with_a_bad_file_exits_1_and_stores_the_good_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    good, bad = write_good(tmp_path / "in"), bad_png(tmp_path / "in")
    db = tmp_path / "cli.db"
    result = runner.invoke(app, ["--db", str(db), "ingest", str(good), str(bad)])
    assert result.exit_code == 1, result.output
    assert result.stderr.count("error:") == 1, result.stderr
    # Compared without whitespace, so this checks content; the next test checks the wrapping.
    squeezed = re.sub(r"\s+", "", result.stderr)
    assert re.sub(r"\s+", "", f"error: {bad}: binary file") in squeezed, result.stderr
    assert str(good) not in squeezed
    assert cli_count(db) == 1


def test_cli_error_is_one_line_however_long_the_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    good = write_good(tmp_path / "in")
    bad = bad_png(tmp_path / "in" / "2024-06-18-valley-courier-weekend-edition-scans")
    result = runner.invoke(app, ["--db", str(tmp_path / "c.db"), "ingest", str(good), str(bad)])
    assert result.exit_code == 1
    expected = f"error: {bad}: binary file, not text (contains NUL bytes)"
    assert expected in result.stderr.splitlines(), result.stderr


def test_cli_batch_of_good_files_exits_0(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    write_good(folder)
    (folder / "goerlitz.txt").write_bytes(GERMAN_TEXT.encode("latin-1"))
    (folder / "kharkiv.txt").write_bytes(RUSSIAN_TEXT.encode("cp1251"))
    db = tmp_path / "cli.db"
    result = runner.invoke(app, ["--db", str(db), "ingest", str(folder)])
    assert result.exit_code == 0, result.output
    assert "error:" not in result.stderr
    assert cli_count(db) == 3


# ---------------------------------------------------------------------------- reading again


def test_reingesting_good_files_adds_nothing(fresh_store: Store, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    write_good(folder)
    write_good(folder, "syndicated-copy.txt")  # the same text from another place
    (folder / "lviv.txt").write_bytes(UKRAINIAN_TEXT.encode("cp1251"))
    (folder / "gdansk.txt").write_bytes(POLISH_TEXT.encode("utf-16"))
    (folder / "wire.jsonl").write_text(
        "".join(json.dumps({"title": t, "text": "\n\n".join(ps)}) + "\n" for t, ps in STORIES),
        encoding="utf-8",
    )
    (folder / "crawl.warc.gz").write_bytes(
        gzipped_warc([("https://valley.example/x", html_page(*MARKET_STORY))])[0]
    )
    first = ingest([str(folder)], fresh_store)
    assert first.ok, first.errors
    assert first.count(Outcome.ADDED) == 7 and first.count(Outcome.EXACT_DUPLICATE) == 1
    before = counts(fresh_store)

    again = ingest([str(folder)], fresh_store)
    assert again.ok, again.errors
    # The copy was recorded as a source of the first one, so it too is already stored.
    assert [e.outcome for e in again.events] == [Outcome.ALREADY_STORED] * len(first.events)
    assert counts(fresh_store) == before
    assert_store_consistent(fresh_store, 7)
