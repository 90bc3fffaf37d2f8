"""Story-level entity projection: names one article of a story found, found in the others.

Languages without a named-entity recognizer find only the names the alias tables know.
The articles of one story name the same people and organizations, so a name that an
article with a recognizer found ("Mahmoud Abbas" in English) is looked for in the
story's other articles, across scripts:

- Latin script: the same word, any case marks and accents aside, capitalized as names
  are; a longer word is the name with a case ending when it adds at most three letters
  to a name of five or more ("Bidena", "Merkels"; "Putin'in" is split at the
  apostrophe), one to a place ("Japans", not the adjective "Londoner");
- Cyrillic and Arabic: both sides transliterated to Latin letters (``anyascii``) and
  reduced to a consonant skeleton (vowels, w, y and h dropped; b and p, f and v, k, c
  and q made one), so "Путиным" (Russian case ending removed), "بوتين" and "Putin" are
  all "btn"; Arabic proclitics are tried off ("وبوتين", "لبوتين"); a name's skeleton
  must have three letters, two more for each further word ("Mahmoud Abbas": "mmd bs").

A person is also found by the last word of the name ("Abbas"); an organization or
place only by its whole name. A stretch of text another mention already covers, or that
two different entities would claim, is left alone. Pure: analyses in, mentions out.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace

from anyascii import anyascii

from everyside.analyze.entities import ARABIC_PROCLITICS
from everyside.analyze.nlp import entity_models
from everyside.model import Article, ArticleAnalysis, Entity, Mention, Span

# The kinds of entity whose names are projected.
_NAME_KINDS = {"PERSON", "ORG", "GPE", "LOC"}
_WORD = re.compile(r"[^\W\d_]+")
# Russian and Ukrainian case endings that end in a consonant (those ending in a vowel
# drop out of the skeleton anyway): "Путиным", "Байденом".
_CYRILLIC_ENDINGS = re.compile(r"(?:ым|им|ом|ем|ой|ей|ого|его|ому|ему|ами|ями|ах|ях|ов|ев)$")
_DIGRAPHS = (("sch", "s"), ("sh", "s"), ("ch", "s"), ("zh", "j"), ("kh", "h"), ("gh", "g"),
             ("ph", "f"), ("th", "t"), ("dh", "d"))  # fmt: skip
_SOUNDS = str.maketrans({"p": "b", "v": "f", "c": "k", "q": "k", "x": "k"})
_SILENT = re.compile(r"[aeiouwyh]")
# Shortest skeleton a match across scripts may rest on (two letters more per further
# word: "Mahmoud Abbas" is "mmd bs"), and shortest Latin name a case ending may follow:
# shorter ones collide with ordinary words.
_MIN_SKELETON = 3
_MIN_STEM = 5
_MAX_ENDING = 3
# A place takes only a genitive "s" ("Japans"): "Londoner", "Berliner" are adjectives.
_PLACE_KINDS = {"GPE", "LOC"}
_PLACE_ENDING = 1


@dataclass(frozen=True, slots=True)
class _Surface:
    """One written form of an entity to look for: its words, their keys, and the entity."""

    words: tuple[str, ...]
    entity: Entity
    keys: tuple[tuple[str, str], ...] = ()

    @classmethod
    def of(cls, words: tuple[str, ...], entity: Entity) -> _Surface:
        """A form with each word's folded form and skeleton (see _name_keys)."""
        keys = [_name_keys(word) for word in words]
        if sum(len(skeleton) for _, skeleton in keys) < _MIN_SKELETON + 2 * (len(words) - 1):
            keys = [(folded, "") for folded, _ in keys]  # too short to compare across scripts
        return cls(words, entity, tuple(keys))


def project_mentions(
    articles: Sequence[Article], analyses: Mapping[str, ArticleAnalysis]
) -> dict[str, list[Mention]]:
    """The mentions to add to each article of a story without a recognizer, by article id.

    Names come from the story's articles whose language has a recognizer (English, and
    those in the entity-model registry); each is looked for in the others.
    """
    recognized = {"en", *entity_models()}
    sources = [analyses[a.id] for a in articles if a.language in recognized and a.id in analyses]
    surfaces = _surfaces(sources)
    added: dict[str, list[Mention]] = {}
    for article in articles:
        if article.language in recognized or not surfaces:
            continue
        found = analyses.get(article.id)
        taken = [(m.span.start, m.span.end) for m in _kept_mentions(found)]
        mentions = _find(article, surfaces, taken)
        if mentions:
            added[article.id] = mentions
    return added


def with_projected(
    articles: Sequence[Article], analyses: Mapping[str, ArticleAnalysis]
) -> dict[str, ArticleAnalysis]:
    """The story's analyses with the projected mentions added (``project_mentions``)."""
    entities = {e.id: e for a in analyses.values() for e in a.entities.values()}
    out = dict(analyses)
    for article_id, mentions in project_mentions(articles, analyses).items():
        current = analyses.get(article_id, ArticleAnalysis(article_id=article_id))
        spans = [(m.span.start, m.span.end) for m in mentions]
        # A name of unknown kind that a projected mention covers gives way to it.
        own = [
            m
            for m in current.mentions
            if not any(m.span.start < e and s < m.span.end for s, e in spans)
        ]
        merged = sorted([*own, *mentions], key=lambda m: m.span.start)
        known = dict(current.entities)  # kept whole: a quote's speaker may name one
        known.update({m.entity_id: entities[m.entity_id] for m in mentions if m.entity_id})
        out[article_id] = replace(current, mentions=merged, entities=known)
    return out


def _kept_mentions(analysis: ArticleAnalysis | None) -> list[Mention]:
    """An article's mentions that projection leaves alone: all but names of unknown kind
    (``NAME``, from analyze/names.py), which a recognizer's entity may replace ("CDU" is
    the source's ``org:cdu``, not ``name:cdu``)."""
    if analysis is None:
        return []
    return [
        m
        for m in analysis.mentions
        if (entity := analysis.entities.get(m.entity_id or "")) is None or entity.kind != "NAME"
    ]


def _surfaces(sources: Iterable[ArticleAnalysis]) -> list[_Surface]:
    """The written forms of the named entities of some analyses, longest first."""
    forms: dict[tuple[str, ...], set[str]] = {}
    entities: dict[str, Entity] = {}
    for analysis in sources:
        for mention in analysis.mentions:
            entity = analysis.entities.get(mention.entity_id or "")
            if entity is None or entity.kind not in _NAME_KINDS:
                continue
            entities[entity.id] = entity
            names = [entity.name, mention.text]
            if entity.kind == "PERSON":
                names += [w[-1] for w in (_WORD.findall(n) for n in names) if w]
            for name in names:
                words = tuple(_WORD.findall(name))
                if words and sum(len(w) for w in words) >= _MIN_SKELETON:
                    forms.setdefault(words, set()).add(entity.id)
    # A form two entities share ("Kim") names neither.
    return sorted(
        (
            _Surface.of(words, entities[next(iter(ids))])
            for words, ids in forms.items()
            if len(ids) == 1
        ),
        key=lambda s: -len(s.words),
    )


def _find(
    article: Article, surfaces: list[_Surface], taken: list[tuple[int, int]]
) -> list[Mention]:
    """The projected mentions of one article: each stretch once, never over a mention."""
    tokens = [(m.start(), m.end(), m.group()) for m in _WORD.finditer(article.body)]
    keys = [_token_keys(word) for _, _, word in tokens]
    # Where each form occurs, so that a name is compared only where its first word may be.
    where: dict[str, list[int]] = {}
    for i, (_, forms) in enumerate(keys):
        for form in forms:
            where.setdefault(form, []).append(i)
    by_stem: dict[str, list[str]] = {}
    for form in where:
        by_stem.setdefault(form[:_MIN_STEM], []).append(form)
    found: list[Mention] = []
    used = list(taken)
    for surface in surfaces:
        size, name_keys = len(surface.words), surface.keys
        ending = _PLACE_ENDING if surface.entity.kind in _PLACE_KINDS else _MAX_ENDING
        folded, skeleton = name_keys[0]
        longer = by_stem.get(folded[:_MIN_STEM], []) if len(folded) >= _MIN_STEM else []
        wanted = {folded, skeleton, *(f for f in longer if f.startswith(folded))}
        starts = sorted({i for form in wanted for i in where.get(form, [])})
        for i in starts:
            if i + size > len(tokens) or not all(
                _same(keys[i + k], name_keys[k], tokens[i + k][2], ending) for k in range(size)
            ):
                continue
            start, end = tokens[i][0], tokens[i + size - 1][1]
            if any(s < end and start < e for s, e in used):
                continue
            used.append((start, end))
            found.append(
                Mention(
                    article_id=article.id,
                    span=Span(start, end),
                    text=article.body[start:end],
                    entity_id=surface.entity.id,
                    label=surface.entity.kind,
                )
            )
    return sorted(found, key=lambda m: m.span.start)


def _same(
    token: tuple[str, frozenset[str]], name: tuple[str, str], written: str, ending: int
) -> bool:
    """Whether a token of the text is a word of a name (see the module doc)."""
    script, token_forms = token
    folded, skeleton = name
    if script == "latin":
        if not written[:1].isupper():
            return False
        (word,) = token_forms
        if word == folded:
            return True
        return (
            len(folded) >= _MIN_STEM
            and word.startswith(folded)
            and len(word) - len(folded) <= ending
        )
    return bool(skeleton) and skeleton in token_forms


def _token_keys(word: str) -> tuple[str, frozenset[str]]:
    """A text word's script and its forms to compare: folded (Latin) or skeletons."""
    script = _script(word)
    if script == "latin":
        return script, frozenset({_fold(word)})
    forms = {word}
    if script == "arabic":
        forms |= {clitic.sub("", word) for clitic in ARABIC_PROCLITICS}
    else:
        forms.add(_CYRILLIC_ENDINGS.sub("", word.lower()))
    return script, frozenset(_skeleton(form) for form in forms)


def _name_keys(word: str) -> tuple[str, str]:
    """A name word's folded form and its consonant skeleton."""
    return _fold(word), _skeleton(word)


def _script(word: str) -> str:
    """ "arabic", "cyrillic" or "latin" (any other script is compared as Latin letters)."""
    first = word[0]
    if "\u0600" <= first <= "\u06ff":
        return "arabic"
    if "\u0400" <= first <= "\u04ff":
        return "cyrillic"
    return "latin"


def _fold(word: str) -> str:
    """A word in lower-case Latin letters without accents ("Erdoğan": "erdogan")."""
    return re.sub(r"[^a-z]", "", anyascii(word).lower())


def _skeleton(word: str) -> str:
    """A word's consonant skeleton in Latin letters, the same across scripts ("btn")."""
    # Doubled letters are one sound (Arabic writes them once): "Abbas" is "bs".
    text = re.sub(r"(.)\1+", r"\1", _fold(word))
    for digraph, sound in _DIGRAPHS:
        text = text.replace(digraph, sound)
    return _SILENT.sub("", text.translate(_SOUNDS))
