"""Entity evaluation: mention detection and canonicalization against the demo corpus gold."""

from __future__ import annotations

import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from everyside.analyze.pipeline import build_pipeline
from everyside.evaluate.corpus import Counts, demo_records, locate, match_spans


@dataclass(frozen=True, slots=True)
class Confusion:
    """A gold mention linked to the wrong entity."""

    article: str
    text: str
    gold: str
    predicted: str


@dataclass(slots=True)
class EntityScores:
    """Mention P/R/F1 (at ≥ 50 % overlap) and canonicalization accuracy of matched mentions.

    Recall is given per gold kind only: everyside's labels (a capital acting as its
    state is GPE, a city LOC) do not line up one-to-one with the gold's kinds.
    """

    mentions: Counts
    recall_by_kind: dict[str, float]
    correct: int
    scored: int
    by_language: dict[str, tuple[int, int]]
    confusions: list[Confusion] = field(default_factory=list)

    @property
    def accuracy(self) -> float:
        """Share of found gold mentions linked to the right canonical entity."""
        return self.correct / self.scored if self.scored else 0.0


def _same_name(a: str, b: str) -> bool:
    def fold(name: str) -> str:
        ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
        return " ".join(ascii_name.replace("-", " ").casefold().split())

    return fold(a) == fold(b)


def evaluate_entities(path: Path, corpus: Path | None = None) -> EntityScores:
    """Score the entity linker on every article of a demo gold file."""
    totals = {"tp": 0, "predicted": 0, "gold": 0}
    kinds: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    languages: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    correct = scored = 0
    confusions: list[Confusion] = []
    for item in demo_records(path, corpus):
        article, mentions = item.article, item.record.get("entities", [])
        nlp = build_pipeline(article.language or "en")
        doc = nlp.make_doc(article.body)
        doc._.published_on = article.published_at.date() if article.published_at else None
        doc = nlp(doc)
        gold_spans, gold_items, cursor = [], [], 0
        for mention in mentions:
            span = locate(article.body, mention["text"], cursor)
            if span is not None:
                gold_spans.append(span)
                gold_items.append(mention)
                cursor = span[1]
        predicted = list(doc._.mentions)
        names = {entity_id: entity.name for entity_id, entity in doc._.entities.items()}
        pairs = match_spans(gold_spans, [(m.start, m.end) for m in predicted])
        totals["tp"] += len(pairs)
        totals["predicted"] += len(predicted)
        totals["gold"] += len(gold_spans)
        for mention in gold_items:
            kinds[mention["kind"]][1] += 1
        language = article.language or "?"
        for g, p in pairs:
            gold_item, guess = gold_items[g], predicted[p]
            kinds[gold_item["kind"]][0] += 1
            name = names.get(guess.entity_id, guess.entity_id)
            scored += 1
            languages[language][1] += 1
            if _same_name(name, gold_item["entity"]):
                correct += 1
                languages[language][0] += 1
            else:
                confusions.append(
                    Confusion(
                        article.url or article.source.locator,
                        gold_item["text"],
                        gold_item["entity"],
                        name,
                    )
                )
    return EntityScores(
        mentions=Counts(
            totals["tp"], totals["predicted"] - totals["tp"], totals["gold"] - totals["tp"]
        ),
        recall_by_kind={kind: found / gold for kind, (found, gold) in sorted(kinds.items())},
        correct=correct,
        scored=scored,
        by_language={lang: (c, s) for lang, (c, s) in sorted(languages.items())},
        confusions=confusions,
    )
