"""Check that examples/corpus/gold.jsonl agrees with the corpus files it describes.

For every gold line the script finds the article body in its file (a plain-text file,
an HTML page, one item of an RSS or Atom feed, one response record of the WARC, one
line of a JSONL file or one row of a CSV file), decodes HTML entities, and verifies

* that each quote ``text`` and each number ``text`` is an exact substring of that body,
* that each entity mention is well formed (``text``, ``entity``, ``kind`` in PERSON, ORG,
  GPE, LOC), and that the mentions occur in the body in the listed order, after the title,
* that the required keys are present and well formed,
* that ``duplicate_of`` targets exist, that an ``exact`` duplicate has the same
  paragraphs as its original and that a ``near`` duplicate is similar but not equal,
* and it prints counts per language, format, outlet and story.

It then checks ``compare_gold.jsonl`` (quote variants and statement coverage per story):
every quote and statement ``text`` is an exact substring of its article, the article
belongs to the line's story, the two sides of a variant are different articles, and
every coverage label is ``consensus`` or ``outlet_only``.

Run it from anywhere: ``python examples/check_gold.py``. Exit status 1 means a problem.
"""

from __future__ import annotations

import csv
import difflib
import html
import json
import re
import sys
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

CORPUS = Path(__file__).resolve().parent / "corpus"
KEYS = {
    "file",
    "url",
    "story",
    "outlet",
    "lang",
    "title",
    "published",
    "quotes",
    "numbers",
    "duplicate_of",
    "entities",
}
KINDS = {"direct", "partial", "unmarked", "indirect"}
ENTITY_KINDS = {"PERSON", "ORG", "GPE", "LOC"}
ENTITY_KEYS = {"text", "entity", "kind"}
COVERAGES = {"consensus", "outlet_only"}
NS = {"content": "http://purl.org/rss/1.0/modules/content/", "atom": "http://www.w3.org/2005/Atom"}


def _strip_tags(markup: str) -> str:
    """Turn article HTML into paragraphs separated by blank lines, entities decoded."""
    markup = re.sub(r"(?is)<(script|style)\b.*?</\1>", "", markup)
    markup = re.sub(r"(?i)</?(p|h[1-6]|li|div|aside|section|article)\b[^>]*>", "\n\n", markup)
    text = html.unescape(re.sub(r"<[^>]+>", "", markup))
    return "\n\n".join(p.strip() for p in re.split(r"\n\s*\n", text) if p.strip())


def _html_body(page: str) -> str:
    """The text of an HTML page: the whole document, tags stripped, entities decoded."""
    return _strip_tags(page)


def _article_text(body: str, page: str | None) -> str:
    """The article alone (no menus, banners or footers), for similarity checks."""
    if page is None:
        return body
    start = page.find("<article")
    if start < 0:
        return body
    ends = [
        i
        for i in (
            page.find("</article>", start),
            page.find('<section class="related', start),
            page.find("<footer", start),
        )
        if i > 0
    ]
    return _strip_tags(page[start : min(ends)] if ends else page[start:])


def _warc_bodies(path: Path) -> dict[str, str]:
    from warcio.archiveiterator import ArchiveIterator

    out: dict[str, str] = {}
    with path.open("rb") as fh:
        for rec in ArchiveIterator(fh):
            if rec.rec_type != "response":
                continue
            uri = rec.rec_headers.get_header("WARC-Target-URI")
            status = rec.http_headers.get_statuscode() if rec.http_headers else None
            ctype = rec.http_headers.get_header("Content-Type") or ""
            if status == "200" and ctype.startswith("text/html"):
                out[uri] = _html_body(rec.content_stream().read().decode("utf-8"))
    return out


def article_bodies(rel: str) -> dict[str | None, str]:
    """Map url (None for text files) -> article text for one corpus file."""
    path = CORPUS / rel
    if rel.startswith("text/"):
        return {None: path.read_text(encoding="utf-8")}
    if rel.startswith("html/"):
        page = path.read_text(encoding="utf-8")
        m = re.search(r'<link rel="canonical" href="([^"]+)"', page)
        return {m.group(1) if m else None: _html_body(page)}
    if rel.startswith("jsonl/"):
        out = {}
        for line in path.read_text(encoding="utf-8").splitlines():
            obj = json.loads(line)
            out[obj["url"]] = obj["title"] + "\n\n" + obj["text"]
        return out
    if rel.startswith("csv/"):
        with path.open(encoding="utf-8", newline="") as fh:
            return {row["url"]: row["title"] + "\n\n" + row["text"] for row in csv.DictReader(fh)}
    if rel.startswith("warc/"):
        return {url: text for url, text in _warc_bodies(path).items()}
    if rel.startswith("feeds/"):
        root = ET.parse(path).getroot()
        out = {}
        if root.tag == "rss":
            for item in root.iter("item"):
                body = item.findtext("content:encoded", default="", namespaces=NS)
                out[item.findtext("link")] = item.findtext("title", "") + "\n\n" + _strip_tags(body)
        else:
            for entry in root.findall("atom:entry", NS):
                link = entry.find("atom:link[@rel='alternate']", NS)
                body = entry.findtext("atom:content", default="", namespaces=NS)
                url = link.get("href") if link is not None else None
                out[url] = (
                    html.unescape(entry.findtext("atom:title", "", NS)) + "\n\n" + _strip_tags(body)
                )
        return out
    raise ValueError(f"unknown format: {rel}")


def _paragraphs(text: str) -> list[str]:
    return [p for p in text.split("\n\n") if p]


def _check_entities(g: dict, body: str, where: str) -> list[str]:
    """Entity mentions: well formed, and found in the body one after another, after the title."""
    problems: list[str] = []
    # Mentions come from the article body, not the headline: start after the title's
    # last appearance (pages and text files repeat it above the body).
    pos = body.rfind(g["title"])
    pos = pos + len(g["title"]) if pos >= 0 else 0
    for m in g["entities"]:
        if not isinstance(m, dict) or set(m) != ENTITY_KEYS:
            problems.append(f"{where}: bad entity entry {m}")
            continue
        if m["kind"] not in ENTITY_KINDS or not m["entity"] or not m["text"]:
            problems.append(f"{where}: bad entity entry {m}")
        if m["text"] not in body:
            problems.append(f"{where}: entity not in body: {m['text']!r}")
            continue
        found = body.find(m["text"], pos)
        if found < 0:
            problems.append(f"{where}: entity out of order or in the title: {m['text']!r}")
            continue
        pos = found + len(m["text"])
    return problems


def _compare_ref(
    ref: dict,
    story: str,
    story_of: dict[tuple[str, str | None], str],
    cache: dict[str, dict[str | None, str]],
) -> str | None:
    """What is wrong with one compare-gold reference to article text, or None."""
    key = (ref.get("file", ""), ref.get("url"))
    if story_of.get(key) != story:
        return f"{key} is not an article of this story"
    if key[0] not in cache:
        cache[key[0]] = article_bodies(key[0])
    articles = cache[key[0]]
    # An HTML page or text file holds one article, so its reference may leave the url out.
    body = articles.get(key[1]) or (next(iter(articles.values())) if len(articles) == 1 else "")
    if not ref.get("text") or ref["text"] not in body:
        return f"text not in its article: {ref.get('text')!r}"
    return None


def _check_compare(
    story_of: dict[tuple[str, str | None], str], cache: dict[str, dict[str | None, str]]
) -> list[str]:
    """compare_gold.jsonl: each text in its article, articles of the line's story, valid labels."""
    problems: list[str] = []
    lines = (CORPUS / "compare_gold.jsonl").read_text(encoding="utf-8").splitlines()
    variants = statements = 0
    for n, line in enumerate(lines, 1):
        entry = json.loads(line)
        where = f"compare_gold line {n} ({entry.get('story')})"
        if set(entry) != {"story", "variants", "statements"}:
            problems.append(f"{where}: keys must be story, variants, statements")
            continue
        for variant in entry["variants"]:
            sides = (variant.get("left", {}), variant.get("right", {}))
            problems.extend(
                f"{where}: variant side {problem}"
                for side in sides
                if (problem := _compare_ref(side, entry["story"], story_of, cache))
            )
            articles = [(side.get("file"), side.get("url")) for side in sides]
            if articles[0] == articles[1] or not variant.get("speaker"):
                problems.append(f"{where}: bad variant {variant}")
        for statement in entry["statements"]:
            if problem := _compare_ref(statement, entry["story"], story_of, cache):
                problems.append(f"{where}: statement {problem}")
            if statement.get("coverage") not in COVERAGES:
                problems.append(f"{where}: bad coverage in {statement}")
        variants += len(entry["variants"])
        statements += len(entry["statements"])
    print(f"compare gold: {len(lines)} stories, {variants} variant pairs, {statements} statements")
    return problems


def main() -> int:
    problems: list[str] = []
    gold = [
        json.loads(line)
        for line in (CORPUS / "gold.jsonl").read_text(encoding="utf-8").splitlines()
    ]
    cache: dict[str, dict[str | None, str]] = {}
    bodies: dict[tuple[str, str | None], str] = {}
    pages: dict[tuple[str, str | None], str] = {}
    for n, g in enumerate(gold, 1):
        where = f"gold line {n} ({g.get('file')} {g.get('url')})"
        missing = KEYS - g.keys()
        if missing:
            problems.append(f"{where}: missing keys {sorted(missing)}")
            continue
        if g["file"] not in cache:
            cache[g["file"]] = article_bodies(g["file"])
        body = cache[g["file"]].get(g["url"])
        if body is None:
            problems.append(f"{where}: article not found in file")
            continue
        bodies[(g["file"], g["url"])] = body
        if g["file"].startswith("html/"):
            pages[(g["file"], g["url"])] = (CORPUS / g["file"]).read_text(encoding="utf-8")
        if g["lang"] not in {"en", "de", "es", "id"}:
            problems.append(f"{where}: bad lang {g['lang']}")
        for q in g["quotes"]:
            if q.get("kind") not in KINDS or not q.get("speaker"):
                problems.append(f"{where}: bad quote entry {q}")
            if q["text"] not in body:
                problems.append(f"{where}: quote not in body: {q['text']!r}")
        for x in g["numbers"]:
            if not isinstance(x.get("value"), int | float) or not x.get("about"):
                problems.append(f"{where}: bad number entry {x}")
            if x["text"] not in body:
                problems.append(f"{where}: number not in body: {x['text']!r}")
        problems.extend(_check_entities(g, body, where))
    for g in gold:
        dup = g["duplicate_of"]
        if not dup:
            continue
        key = (dup["file"], dup["url"])
        if key not in bodies:
            problems.append(f"{g['file']}: duplicate_of target {key} is not a gold article")
            continue
        mine_key = (g["file"], g["url"])
        mine = _article_text(bodies[mine_key], pages.get(mine_key))
        orig = _article_text(bodies[key], pages.get(key))
        if g.get("duplicate") == "exact":
            if _paragraphs(mine) != _paragraphs(orig) and mine not in orig and orig not in mine:
                # pages carry boilerplate around the article: compare the feed item's paragraphs
                orig_paras = _paragraphs(orig)
                if not all(p in mine for p in orig_paras):
                    problems.append(f"{g['file']}: not an exact duplicate of {key}")
        elif g.get("duplicate") == "near":
            ratio = difflib.SequenceMatcher(None, orig, mine, autojunk=False).ratio()
            print(f"near duplicate similarity {ratio:.2f}: {g['file']} ~ {dup['file']}")
            if not 0.6 < ratio < 1.0:
                problems.append(f"{g['file']}: near-duplicate similarity {ratio:.2f} out of range")
        else:
            problems.append(f"{g['file']}: duplicate_of without duplicate kind")
    fmt = Counter(g["file"].split("/")[0] for g in gold)
    print(f"{len(gold)} articles")
    for name, counter in [
        ("lang", Counter(g["lang"] for g in gold)),
        ("format", fmt),
        ("outlet", Counter(g["outlet"] for g in gold)),
        ("story", Counter(g["story"] for g in gold)),
    ]:
        print(f"  by {name}: " + ", ".join(f"{k}={v}" for k, v in sorted(counter.items())))
    n_quotes = sum(len(g["quotes"]) for g in gold)
    n_numbers = sum(len(g["numbers"]) for g in gold)
    n_entities = Counter(m.get("kind") for g in gold for m in g.get("entities", []))
    print(
        f"  quotes={n_quotes} numbers={n_numbers} entities={sum(n_entities.values())} "
        + "("
        + ", ".join(f"{k}={v}" for k, v in sorted(n_entities.items(), key=lambda kv: str(kv[0])))
        + ")"
    )
    story_of = {(g["file"], g["url"]): g["story"] for g in gold}
    story_of.update(
        {(g["file"], None): g["story"] for g in gold if g["file"].startswith(("html/", "text/"))}
    )
    problems.extend(_check_compare(story_of, cache))
    for p in problems:
        print("PROBLEM:", p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
