"""A realistic news stream for scale benchmarks, recombined from the demo corpus.

The stream has the shape of a year of news: stories of power-law sizes (most have one
article, a few hundreds), opened at a steady rate over 365 days, their articles following
within hours to days; ~40 outlets of Zipf-like popularity in four languages (the demo
corpus's English, German, Spanish and Indonesian), about a tenth of a story's articles in
another language than its own; 2 % exact copies and 5 % near-copies (a syndicated
article re-published by another outlet, lightly edited); lengths drawn from a log-normal
around 450 words (5th-95th percentile about 150-1,300).

Text is recombined from ``examples/corpus/`` (our own text, never ``/work/shared``): the
sentences of its articles in each language, with every name the corpus's gold file marks
(people, organizations, places) replaced by the story's own invented names and every
number by the story's numbers, so that stories differ in the words clustering reads
while each article reads like its language. Each story also has a few quotes (the
corpus's direct quotes, given to its invented speakers), repeated with small variations
across its articles.

:func:`generate` streams :class:`Generated` items in publication order, deterministic by
seed; memory is bounded by the stories still open, so a million articles stream in a
few hundred megabytes. :func:`synthetic_analysis` gives an article the analysis the
generator knows it holds (its names, quotes and numbers), for benchmarks that cannot run
the language model on every article.
"""

from __future__ import annotations

import heapq
import json
import math
import random
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from functools import cache
from itertools import accumulate
from pathlib import Path

from everyside.model import (
    Article,
    ArticleAnalysis,
    Claim,
    Entity,
    Mention,
    Quote,
    QuoteKind,
    Span,
)

CORPUS = Path(__file__).resolve().parent.parent / "examples" / "corpus"
START = datetime(2024, 1, 1, tzinfo=UTC)
DAYS = 365

# Shares of the stream that copy an earlier article of the same story. Copies need an
# earlier member, which about half the articles have, so the draw per eligible article is
# doubled to keep these shares of the whole stream.
EXACT_COPY_SHARE = 0.02
NEAR_COPY_SHARE = 0.05
# A near-copy changes about this share of words and adds a sentence: an agency story
# lightly re-edited, well above the 0.7 near-duplicate threshold.
NEAR_COPY_EDIT_SHARE = 0.02
# Story sizes: P(size >= k) = k^-1.5 (a power law of exponent 2.5), at most this many.
SIZE_ALPHA = 1.5
MAX_STORY = 500
# Article lengths in words: log-normal, median ~450.
LENGTH_MU, LENGTH_SIGMA = math.log(450), 0.65
MIN_WORDS, MAX_WORDS = 80, 2_500
# Of a story's articles, this share draws its language anew (3 in 4 of them another one).
OTHER_LANGUAGE_SHARE = 1 / 7
# Story languages: the demo corpus's, English most.
LANGUAGE_WEIGHTS = {"en": 0.55, "de": 0.15, "es": 0.15, "id": 0.15}
OUTLETS_PER_LANGUAGE = 10
# The words an outlet's name ends with, by language.
MASTHEADS = {
    "en": ("Courier", "Post", "Herald", "Times", "Ledger", "Dispatch", "Gazette"),
    "de": ("Zeitung", "Kurier", "Rundschau", "Anzeiger", "Tagblatt", "Morgenpost"),
    "es": ("Diario", "Heraldo", "Correo", "Crónica", "Gaceta", "Noticias"),
    "id": ("Harian", "Warta", "Kabar", "Suara", "Berita", "Pos"),
}
CUES = {"en": "said", "de": "sagte", "es": "dijo", "id": "kata"}
# Invented names are built from these syllables (none is a word of the corpus languages).
SYLLABLES = (
    "ba", "dor", "el", "fen", "gar", "hal", "is", "ka", "lun", "mar", "nor", "ost", "pra",
    "quin", "ros", "sel", "tav", "ur", "vel", "wen", "yar", "zo", "bri", "cal", "dun", "esk",
)  # fmt: skip
PLACE_ENDINGS = ("ia", "stan", "burg", "ville", "mor", "ara", "heim", "port")
ORG_FORMS = ("{} Group", "{} Council", "{} Bank", "{} Party", "{} Union", "{} Energy")
# The gold file's entity kinds, as the analysis labels them.
KINDS = {"PERSON": "PERSON", "ORG": "ORG", "GPE": "GPE", "LOC": "GPE"}
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+(?=[\"“„«A-ZÀ-ÝĀ-Ž])")


@dataclass(frozen=True, slots=True)
class Generated:
    """One generated article: its JSONL record and what the generator put in it."""

    record: dict[str, str]
    story: int
    kind: str  # "original", "near_copy" or "exact_copy"
    names: dict[str, str]  # an invented name -> its entity kind
    quotes: tuple[tuple[str, str], ...]  # (quote text, speaker)


@dataclass(frozen=True, slots=True)
class Template:
    """A corpus sentence cut at its names and numbers: ``pieces`` around ``holes``.

    A hole is (kind, key): the kind of name (or ``NUM``) and a key that picks the same
    one of a story's names for the same corpus name.
    """

    pieces: tuple[str, ...]
    holes: tuple[tuple[str, int], ...]

    @classmethod
    def cut(cls, sentence: str, slots: dict[str, str], pattern: re.Pattern[str]) -> Template:
        """Cut a sentence at every slot and number (a number inside a name stays a name)."""
        pieces: list[str] = []
        holes: list[tuple[str, int]] = []
        last = 0
        for match in pattern.finditer(sentence):
            pieces.append(sentence[last : match.start()])
            text = match.group(0)
            holes.append((slots.get(text, "NUM"), sum(map(ord, text))))
            last = match.end()
        pieces.append(sentence[last:])
        return cls(tuple(pieces), tuple(holes))


@dataclass(frozen=True, slots=True)
class Material:
    """What the demo corpus gives: sentences and titles by language, name slots by kind."""

    sentences: dict[str, list[Template]]
    titles: dict[str, list[Template]]
    quotes: dict[str, list[Template]]  # direct quotes by language


@cache
def material() -> Material:
    """Read the demo corpus once: its gold lines and the articles' sentences."""
    from benchmarks.analysis_throughput import corpus_articles

    sentences: dict[str, list[str]] = {lang: [] for lang in LANGUAGE_WEIGHTS}
    titles: dict[str, list[str]] = {lang: [] for lang in LANGUAGE_WEIGHTS}
    quotes: dict[str, list[str]] = {lang: [] for lang in LANGUAGE_WEIGHTS}
    slots: dict[str, str] = {}
    for line in (CORPUS / "gold.jsonl").read_text(encoding="utf-8").splitlines():
        gold = json.loads(line)
        if gold["lang"] not in titles:
            continue
        titles[gold["lang"]].append(gold["title"])
        for entity in gold["entities"]:
            if entity["kind"] in KINDS and len(entity["text"]) > 2:
                slots.setdefault(entity["text"], KINDS[entity["kind"]])
        quotes[gold["lang"]] += [
            q["text"].rstrip(",.; ") for q in gold["quotes"] if q["kind"] == "direct"
        ]
    for article in corpus_articles():
        if article.language in sentences:
            for paragraph in article.body.split("\n\n"):
                sentences[article.language] += [
                    s for s in _SENTENCE_END.split(paragraph) if len(s.split()) >= 5
                ]
    # Any slot, longest first, else a number.
    pattern = re.compile(
        "|".join([*(re.escape(s) for s in sorted(slots, key=len, reverse=True)), _NUMBER.pattern])
    )

    def cut(texts: dict[str, list[str]]) -> dict[str, list[Template]]:
        return {lang: [Template.cut(t, slots, pattern) for t in ts] for lang, ts in texts.items()}

    return Material(cut(sentences), cut(titles), cut(quotes))


@dataclass(slots=True)
class _Story:
    """A story while it still has articles to publish."""

    number: int
    language: str
    names: dict[str, list[str]]  # kind -> the story's invented names
    numbers: list[str]
    core: dict[str, list[str]]  # language -> the story's own sentences
    headline: dict[str, str]
    quotes: list[tuple[str, str]]
    published: list[dict[str, str]] = field(default_factory=list)
    pending: int = 0


def _name(rng: random.Random, syllables: int) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(syllables)).capitalize()


class _Writer:
    """Writes stories and articles from the corpus material with one seeded random source."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.material = material()
        self.outlets = {
            lang: [f"{_name(rng, 2)} {rng.choice(mastheads)}" for _ in range(OUTLETS_PER_LANGUAGE)]
            for lang, mastheads in MASTHEADS.items()
        }
        # Zipf-like popularity: the first outlet of a language publishes most.
        self.outlet_weights = list(
            accumulate(1 / (rank + 1) for rank in range(OUTLETS_PER_LANGUAGE))
        )

    def story(self, number: int) -> _Story:
        """A new story: its language, invented names, numbers, sentences and quotes."""
        rng = self.rng
        language = rng.choices(list(LANGUAGE_WEIGHTS), weights=list(LANGUAGE_WEIGHTS.values()))[0]
        names = {
            "PERSON": [f"{_name(rng, 2)} {_name(rng, 3)}" for _ in range(3)],
            "ORG": [rng.choice(ORG_FORMS).format(_name(rng, 2)) for _ in range(2)],
            "GPE": [_name(rng, 2) + rng.choice(PLACE_ENDINGS) for _ in range(2)],
        }
        story = _Story(
            number=number,
            language=language,
            names=names,
            numbers=[
                str(rng.choice((rng.randint(2, 99), rng.randint(100, 99_999)))) for _ in "abcd"
            ],
            core={},
            headline={},
            quotes=[],
        )
        for lang in LANGUAGE_WEIGHTS:
            story.core[lang] = [
                self.fill(story, s) for s in rng.sample(self.material.sentences[lang], 12)
            ]
            headline = self.fill(story, rng.choice(self.material.titles[lang]))
            if not any(name in headline for group in names.values() for name in group):
                headline = f"{names['GPE'][0]}: {headline}"
            story.headline[lang] = headline
        for speaker in names["PERSON"][:2]:
            said = rng.choice(self.material.quotes[language] or self.material.quotes["en"])
            story.quotes.append((self.fill(story, said), speaker))
        return story

    @staticmethod
    def fill(story: _Story, template: Template) -> str:
        """The sentence with the corpus's names and numbers replaced by the story's."""
        parts = [template.pieces[0]]
        for (kind, key), piece in zip(template.holes, template.pieces[1:], strict=True):
            group = story.numbers if kind == "NUM" else story.names[kind]
            parts += (group[key % len(group)], piece)
        return "".join(parts)

    def article(self, story: _Story, number: int, published: datetime) -> Generated:
        """The next article of a story: a copy of an earlier one, or newly written."""
        rng = self.rng
        language = story.language
        if rng.random() < OTHER_LANGUAGE_SHARE:
            language = rng.choice(list(LANGUAGE_WEIGHTS))
        outlet = rng.choices(self.outlets[language], cum_weights=self.outlet_weights)[0]
        record = {
            "id": f"g{number:07d}",
            "outlet": outlet,
            "url": f"https://{outlet.lower().replace(' ', '-')}.example/{story.number}/{number}",
            "published": published.isoformat(),
            "lang": language,
        }
        kind = "original"
        roll = rng.random()
        earlier = [r for r in story.published if r["outlet"] != outlet]
        if earlier and roll < 2 * EXACT_COPY_SHARE:
            source = rng.choice(earlier)
            record |= {"title": source["title"], "text": source["text"], "lang": source["lang"]}
            kind = "exact_copy"
        elif earlier and roll < 2 * (EXACT_COPY_SHARE + NEAR_COPY_SHARE):
            source = rng.choice(earlier)
            text = near_copy(source["text"], rng, self.sentence(story, source["lang"]))
            record |= {"title": source["title"], "text": text, "lang": source["lang"]}
            kind = "near_copy"
        else:
            record |= {"title": story.headline[language], "text": self.body(story, language)}
        story.published.append(record)
        names = {name: label for label, group in story.names.items() for name in group}
        return Generated(record, story.number, kind, names, tuple(story.quotes))

    def sentence(self, story: _Story, language: str) -> str:
        """A sentence of the story: one of its own, or any of the language's made its own."""
        if self.rng.random() < 0.5:
            return self.rng.choice(story.core[language])
        return self.fill(story, self.rng.choice(self.material.sentences[language]))

    def body(self, story: _Story, language: str) -> str:
        """Paragraphs of one to three sentences up to a log-normal length, quotes among them."""
        rng = self.rng
        target = min(MAX_WORDS, max(MIN_WORDS, int(rng.lognormvariate(LENGTH_MU, LENGTH_SIGMA))))
        paragraphs: list[str] = []
        words = 0
        while words < target:
            sentences = [self.sentence(story, language) for _ in range(rng.randint(1, 3))]
            if language == story.language and rng.random() < 0.2:
                said, speaker = rng.choice(story.quotes)
                sentences.append(f'"{said}," {CUES[language]} {speaker}.')
            paragraphs.append(" ".join(sentences))
            words += sum(len(s.split()) for s in sentences)
        return "\n\n".join(paragraphs)


def near_copy(body: str, rng: random.Random, extra: str) -> str:
    """The text lightly re-edited: a few words swapped for others of it, a sentence added."""
    paragraphs = [paragraph.split(" ") for paragraph in body.split("\n\n")]
    total = sum(len(words) for words in paragraphs)
    for _ in range(max(1, int(total * NEAR_COPY_EDIT_SHARE))):
        words = rng.choice(paragraphs)
        words[rng.randrange(len(words))] = rng.choice(rng.choice(paragraphs))
    edited = "\n\n".join(" ".join(words) for words in paragraphs)
    return f"{edited} {extra}"


def story_size(rng: random.Random) -> int:
    """A power-law story size: most stories have one article, a few hundreds."""
    return min(MAX_STORY, int(rng.paretovariate(SIZE_ALPHA)))


def generate(count: int, seed: int = 0) -> Iterator[Generated]:
    """``count`` generated articles in publication order over a year, deterministic by seed.

    Stories open at a steady rate (the planned articles spread evenly over the year); each
    story's articles follow its opening by exponential delays (a day on average, longer
    for large stories). Only open stories are held in memory.
    """
    rng = random.Random(seed)
    writer = _Writer(rng)
    pending: list[tuple[datetime, int, _Story]] = []  # (published, tie-break, story)
    planned = stories = emitted = order = 0
    while emitted < count:
        opens = START + timedelta(days=DAYS * planned / count)
        while pending and (pending[0][0] <= opens or planned >= count) and emitted < count:
            published, _, story = heapq.heappop(pending)
            yield writer.article(story, emitted, published)
            emitted += 1
            story.pending -= 1
            if not story.pending:
                story.published.clear()  # closed: its texts are no longer needed
        if planned >= count:
            continue
        story = writer.story(stories)
        stories += 1
        story.pending = story_size(rng)
        planned += story.pending
        spread = 1 + math.log(story.pending)  # days, on average, for the larger stories
        for member in range(story.pending):
            delay = 0.0 if member == 0 else rng.expovariate(1 / spread)
            heapq.heappush(pending, (opens + timedelta(days=delay), order, story))
            order += 1


def synthetic_analysis(article: Article, generated: Generated) -> ArticleAnalysis:
    """The analysis the generator knows an article holds: its names, quotes and numbers.

    Spans are found in the stored body (the reader may have tidied the record's text).
    Entity ids are ``gen:<kind>:<name>``; every number is a claim without a unit.
    """
    body = article.body
    found = ArticleAnalysis(article_id=article.id)
    for name, kind in generated.names.items():
        entity = Entity(id=f"gen:{kind.lower()}:{name.lower()}", name=name, kind=kind)
        for start in _occurrences(body, name):
            found.entities[entity.id] = entity
            found.mentions.append(
                Mention(
                    article_id=article.id,
                    span=Span(start, start + len(name)),
                    text=name,
                    entity_id=entity.id,
                    label=kind,
                )
            )
    for said, speaker in generated.quotes:
        speaker_id = f"gen:person:{speaker.lower()}"
        for start in _occurrences(body, said):
            after = body.find(speaker, start + len(said))
            found.quotes.append(
                Quote(
                    article_id=article.id,
                    span=Span(start, start + len(said)),
                    text=said,
                    kind=QuoteKind.DIRECT,
                    speaker_text=speaker,
                    speaker_entity_id=speaker_id if speaker_id in found.entities else None,
                    speaker_span=Span(after, after + len(speaker)) if after >= 0 else None,
                    cue=CUES.get(article.language or "", "said"),
                )
            )
    for match in _NUMBER.finditer(body):
        found.claims.append(
            Claim(
                article_id=article.id,
                span=Span(match.start(), match.end()),
                text=match.group(0),
                value=float(re.sub(r"[.,]", "", match.group(0))),
            )
        )
    return found


def _occurrences(text: str, needle: str) -> Iterator[int]:
    start = text.find(needle)
    while start >= 0:
        yield start
        start = text.find(needle, start + len(needle))
