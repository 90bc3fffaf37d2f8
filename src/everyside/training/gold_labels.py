"""Our fact-alignment gold as labels only, rebuilt into full gold from the shared sources.

The article texts of the gold are copyrighted pages that live in ``../shared`` only. The
repository keeps ``training/alignment_gold_labels.jsonl``: per story, the articles as
references into the shared source files (an ECB+ record id, or a SemEval-2022 pair id and
side), our facts, and every sentence as character offsets into its article's text with its
fact and label. ``materialize`` reads the sources and gives back the stories in the format
of ``../shared/data/alignment/README.md``; ``labels_of`` is the way back (how more gold gets
added). Training-time code: ``python -m everyside.training.gold_labels --help``.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

SHARED_DIR = Path(__file__).resolve().parents[3].parent / "shared"
SOURCES = {
    "ecbplus": Path("data/clustering/ecbplus_train_dev.jsonl"),
    "semeval22": Path("data/pairs/semeval22_dev.jsonl"),
}
Record = dict[str, Any]


class Sources:
    """The shared source files, read on first use: one (title, text) per reference."""

    def __init__(self, shared_dir: Path) -> None:
        self.shared_dir = shared_dir
        self._read: dict[str, list[Record]] = {}

    def records(self, source: str) -> list[Record]:
        """The records of one source file (``ecbplus`` or ``semeval22``)."""
        if source not in self._read:
            path = self.shared_dir / SOURCES[source]
            with path.open(encoding="utf-8") as lines:
                self._read[source] = [json.loads(line) for line in lines if line.strip()]
        return self._read[source]

    def article(self, ref: Record) -> tuple[str, str]:
        """Title and text of the article a reference names; KeyError if absent."""
        if "ecbplus" in ref:
            found = next((r for r in self.records("ecbplus") if r["id"] == ref["ecbplus"]), None)
            if found is not None:
                return found["title"], found["text"]
        else:
            side = str(ref["side"])
            for r in self.records("semeval22"):
                if r["pair_id"] == ref["semeval22"]:
                    return r[f"title{side}"], r[f"text{side}"]
        raise KeyError(f"no shared article for {ref}")

    def find(self, source: str, article: Record, story_ids: set[str]) -> Record:
        """The reference of a full gold article: its record, by id and exact text."""
        if source == "ecbplus":
            ref: Record = {"ecbplus": article["id"]}
            if self.article(ref)[1] == article["text"]:
                return ref
        else:
            found = []
            for r in self.records("semeval22"):
                ids = r["pair_id"].split("_")
                for side in (1, 2):
                    if ids[side - 1] == article["id"] and r[f"text{side}"] == article["text"]:
                        found.append((not set(ids) >= story_ids, r["pair_id"], side))
            if found:
                _, pair, side = min(found)
                return {"semeval22": pair, "side": side}
        raise KeyError(f"article {article['id']} is not in the shared {source} file")


def digest(text: str) -> str:
    """A short fingerprint of an article text (to notice a changed shared copy)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def labels_of(
    stories: Iterable[Record], source: str, shared_dir: Path = SHARED_DIR
) -> list[Record]:
    """Labels-only records of full gold stories whose articles are all in ``source``.

    Sentences become (article, start, end) offsets, found in reading order as
    ``check_gold.py`` finds them; titles and texts are dropped (kept: ids, outlet, lang,
    url, published, facts with their values). ValueError if a sentence is not in its text.
    """
    shared = Sources(shared_dir)
    out = []
    for story in stories:
        ids = {a["id"] for a in story["articles"]}
        texts = {a["id"]: a["text"] for a in story["articles"]}
        articles = [
            {
                "id": a["id"],
                "ref": shared.find(source, a, ids),
                "sha256": digest(a["text"]),
                **{k: a[k] for k in ("outlet", "lang", "published", "url")},
            }
            for a in story["articles"]
        ]
        cursor = dict.fromkeys(ids, 0)
        sentences = []
        for s in story["sentences"]:
            start = texts[s["article"]].find(s["text"], cursor[s["article"]])
            if start < 0:
                raise ValueError(f"{story['story']}: sentence not in order: {s['text'][:60]!r}")
            cursor[s["article"]] = end = start + len(s["text"])
            extra = {k: s[k] for k in ("also", "label") if k in s}
            sentences.append(
                {"article": s["article"], "start": start, "end": end, "fact": s["fact"], **extra}
            )
        out.append(
            {
                "story": story["story"],
                "source": source,
                "source_label": story["source"],
                "articles": articles,
                "facts": story["facts"],
                "sentences": sentences,
            }
        )
    return out


def materialize(labels_path: Path, shared_dir: Path = SHARED_DIR) -> list[Record]:
    """Full gold stories (README format, exact titles and texts) from a labels file.

    KeyError when an article is missing from the shared sources, ValueError when its text
    is not the one the labels were written on.
    """
    shared = Sources(shared_dir)
    stories = []
    for line in filter(str.strip, labels_path.read_text(encoding="utf-8").splitlines()):
        labels = json.loads(line)
        articles, texts = [], {}
        for a in labels["articles"]:
            title, text = shared.article(a["ref"])
            if digest(text) != a["sha256"]:
                raise ValueError(f"{labels['story']}: shared text of {a['ref']} has changed")
            texts[a["id"]] = text
            found = {"id": a["id"], "outlet": a["outlet"], "lang": a["lang"], "title": title}
            articles.append({**found, "text": text, "published": a["published"], "url": a["url"]})
        sentences = [
            {
                "article": s["article"],
                "text": texts[s["article"]][s["start"] : s["end"]],
                "fact": s["fact"],
                **{k: s[k] for k in ("also", "label") if k in s},
            }
            for s in labels["sentences"]
        ]
        story = {"story": labels["story"], "source": labels["source_label"]}
        stories.append(
            {**story, "articles": articles, "facts": labels["facts"], "sentences": sentences}
        )
    return stories


def write_jsonl(records: Iterable[Record], path: Path, append: bool = False) -> None:
    """One record a line, UTF-8 as written (ensure_ascii off), as the gold files are."""
    with path.open("a" if append else "w", encoding="utf-8") as out:
        out.writelines(json.dumps(r, ensure_ascii=False) + "\n" for r in records)


def main(argv: Sequence[str] | None = None) -> int:
    """``add GOLD.jsonl --source S``: append labels of full gold; ``materialize OUT``."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("action", choices=["add", "materialize"])
    parser.add_argument("file", type=Path, help="Full gold to add, or the JSONL to write.")
    parser.add_argument("--labels", type=Path, default=Path("training/alignment_gold_labels.jsonl"))
    parser.add_argument("--shared", type=Path, default=SHARED_DIR, help="The shared/ folder.")
    parser.add_argument("--source", choices=sorted(SOURCES), help="Where the gold's articles are.")
    args = parser.parse_args(argv)
    if args.action == "materialize":
        write_jsonl(materialize(args.labels, args.shared), args.file)
        return 0
    if args.source is None:
        parser.error("add needs --source")
    with args.file.open(encoding="utf-8") as lines:
        stories = [json.loads(line) for line in lines if line.strip()]
    known = set()
    if args.labels.exists():
        known = {json.loads(x)["story"] for x in args.labels.read_text("utf-8").splitlines() if x}
    if clash := known & {s["story"] for s in stories}:
        parser.error(f"already in {args.labels}: {sorted(clash)}")
    write_jsonl(labels_of(stories, args.source, args.shared), args.labels, append=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
