"""Framing: who gets a voice, what each outlet calls the same actor, headlines and tone.

Tone is a lexicon count, deliberately simple and documented: the share of positive minus
negative words among the words of an outlet's articles that are in either list
(``data/lexicon.json``, per language). It separates a "peace agreement" story from an
"attack" story and an upbeat outlet from a grim one; it does not read sarcasm or context.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence

from everyside.model import Article, Entity, Mention

from .lexicon import lexicon_for, words_of
from .results import ActorLabels, Headline, QuoteRef, Tone, Voice


def voices(quotes: Sequence[QuoteRef], names: Mapping[str, str]) -> list[Voice]:
    """Quotes and quoted words per speaker and outlet; the most quoted first within an outlet."""
    quotes_by: Counter[tuple[str, str, str | None]] = Counter()
    words_by: Counter[tuple[str, str, str | None]] = Counter()
    outlet_words: Counter[str] = Counter()
    for quote in quotes:
        speaker = names.get(quote.speaker_entity_id or "") or quote.speaker or "unattributed"
        key = (quote.outlet, speaker, quote.speaker_entity_id)
        words = len(words_of(quote.text))
        quotes_by[key] += 1
        words_by[key] += words
        outlet_words[quote.outlet] += words
    found = [
        Voice(
            outlet=outlet,
            speaker=speaker,
            speaker_entity_id=entity_id,
            quotes=quotes_by[(outlet, speaker, entity_id)],
            words=words,
            share=round(words / outlet_words[outlet], 4) if outlet_words[outlet] else 0.0,
        )
        for (outlet, speaker, entity_id), words in words_by.items()
    ]
    return sorted(found, key=lambda v: (v.outlet, -v.words, v.speaker))


def actor_labels(
    mentions: Sequence[tuple[str, Mention]], entities: Mapping[str, Entity]
) -> list[ActorLabels]:
    """The labels each outlet uses for each actor mentioned by more than one outlet."""
    labels: dict[str, dict[str, Counter[str]]] = defaultdict(lambda: defaultdict(Counter))
    for outlet, mention in mentions:
        if mention.entity_id and mention.entity_id in entities:
            label = re.sub(r"^(the|The)\s+", "", mention.text.strip())
            labels[mention.entity_id][outlet][label] += 1
    found = [
        ActorLabels(
            entity_id=entity_id,
            name=entities[entity_id].name,
            labels={outlet: dict(counts.most_common()) for outlet, counts in by_outlet.items()},
        )
        for entity_id, by_outlet in labels.items()
        if len(by_outlet) > 1
    ]
    return sorted(found, key=lambda a: (-sum(sum(c.values()) for c in a.labels.values()), a.name))


def headlines(
    articles: Sequence[tuple[str, Article]],
    mentions: Sequence[tuple[str, Mention]],
    entities: Mapping[str, Entity],
) -> list[Headline]:
    """Each headline with the actors it names, in the order it names them."""
    # Every way the story's articles write each entity, longest first so that
    # "North Korea" is found before "Korea".
    forms: dict[str, str] = {}
    for _, mention in mentions:
        if mention.entity_id in entities:
            forms.setdefault(mention.text.lower(), mention.entity_id or "")
    for entity in entities.values():
        for form in (entity.name, *entity.aliases):
            forms.setdefault(form.lower(), entity.id)
    ordered = sorted(forms, key=len, reverse=True)
    pattern = (
        re.compile(r"\b(" + "|".join(re.escape(f) for f in ordered) + r")\b", re.IGNORECASE)
        if ordered
        else None
    )
    found = []
    for outlet, article in articles:
        focus: list[str] = []
        for match in pattern.finditer(article.title) if pattern else ():
            name = entities[forms[match.group(0).lower()]].name
            if name not in focus:
                focus.append(name)
        found.append(
            Headline(article_id=article.id, outlet=outlet, title=article.title, focus=focus)
        )
    return found


def tone(articles: Sequence[tuple[str, Article]]) -> list[Tone]:
    """The lexicon tone of each outlet's articles in the story."""
    positive: Counter[str] = Counter()
    negative: Counter[str] = Counter()
    total: Counter[str] = Counter()
    for outlet, article in articles:
        lexicon = lexicon_for(article.language)
        words = words_of(f"{article.title}\n{article.body}")
        positive[outlet] += lexicon.positive.count(words)
        negative[outlet] += lexicon.negative.count(words)
        total[outlet] += len(words)
    return [
        Tone(
            outlet=outlet,
            positive=positive[outlet],
            negative=negative[outlet],
            words=total[outlet],
            score=round(
                (positive[outlet] - negative[outlet]) / (positive[outlet] + negative[outlet]), 4
            )
            if positive[outlet] + negative[outlet]
            else 0.0,
        )
        for outlet in dict.fromkeys(outlet for outlet, _ in articles)
    ]


def shared_headline_entities(titles: Sequence[str], entities: Sequence[Entity]) -> list[str]:
    """Entities most of the headlines name (by name or alias): what the headlines agree on."""
    if not titles:
        return []
    shared = []
    for entity in entities:
        forms = [f for f in (entity.name, *entity.aliases) if len(f) > 2]
        if not forms:
            continue
        pattern = re.compile(r"\b(?:" + "|".join(re.escape(f) for f in forms) + r")\b", re.I)
        naming = sum(1 for title in titles if pattern.search(title))
        if naming * 2 > len(titles) and (naming > 1 or len(titles) == 1):
            shared.append(entity.name)
    return shared
