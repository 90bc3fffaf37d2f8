"""What a story is: representative headline, time span, outlets, languages, entities, keywords."""

from __future__ import annotations

import heapq
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from functools import lru_cache

import numpy as np

from everyside.cluster.features import DocumentFrequencies, fold, fold_word, tokenize
from everyside.cluster.profile import StoryProfile
from everyside.model import StorySummary


def summarize_story(
    story_id: str,
    profile: StoryProfile,
    *,
    terms_df: DocumentFrequencies | None = None,
    entities_df: DocumentFrequencies | None = None,
    top: int = 5,
) -> StorySummary:
    """Describe a story from its profile; IDF (when given) ranks entities and keywords.

    The headline is the title of the article closest to the story's mean embedding,
    so it states what most of the coverage is about; ties go to the earlier article.
    """
    if top < 1:
        raise ValueError("top must be at least 1")
    centroid = profile.centroid
    headline, headline_id = "", None
    best = -np.inf
    for member in profile.members:
        score = float(np.dot(member.embedding, centroid))
        if member.title and score > best + 1e-9:
            best, headline, headline_id = score, member.title, member.article_id
    entity_idf = entities_df.idf if entities_df is not None else (lambda _: 1.0)
    term_idf = terms_df.idf if terms_df is not None else (lambda _: 1.0)
    entities = heapq.nlargest(
        top, profile.entities.items(), key=lambda item: (item[1] * entity_idf(item[0]), item[0])
    )
    terms = heapq.nlargest(
        top, profile.terms.items(), key=lambda item: (item[1] * term_idf(item[0]), item[0])
    )
    languages = sorted(
        ((language, count) for language, count in profile.languages.items() if language),
        key=lambda item: (-item[1], item[0]),
    )
    return StorySummary(
        id=story_id,
        headline=headline,
        headline_article_id=headline_id,
        size=len(profile),
        first_seen=profile.first_seen,
        last_seen=profile.last_seen,
        outlets=tuple(
            name for name, _ in sorted(profile.outlets.items(), key=lambda i: (-i[1], i[0]))
        ),
        languages=tuple(str(language) for language, _ in languages),
        key_entities=tuple((key, profile.entity_names.get(key, key)) for key, _ in entities),
        keywords=tuple(term for term, _ in terms),
        article_ids=tuple(profile.article_ids),
    )


_WORD = re.compile(r"[^\W_]+")


@lru_cache(maxsize=200_000)
def _word_terms(word: str, language: str | None) -> tuple[str | None, str]:
    """The clustering term a word gives (None for a stop word), and the word folded.

    A story's summary reads every word of its articles each time it changes; a word's
    terms never change, so each distinct word is tokenized once.
    """
    found = tokenize(word, language)
    return (found[0] if found else None), fold_word(word)


@lru_cache(maxsize=512)
def _word_counts(text: str) -> Counter[str]:
    """A text's words, counted; read only (cached: each change of a story rereads them all)."""
    return Counter(match.group() for match in _WORD.finditer(text))


def display_keywords(
    keywords: Sequence[str], texts: Iterable[tuple[str, str | None]]
) -> tuple[str, ...]:
    """Keywords in the form the articles write them: whole words with their accents.

    Keywords are clustering terms (folded, lemmatized: "grun", "europaisch"); each is
    shown as the word of ``texts`` ((text, language) pairs) that most often gives that
    term ("Grünen", "europäischen"), else as it is. The terms themselves are unchanged.
    """
    wanted = set(keywords)
    forms: dict[str, Counter[str]] = {term: Counter() for term in wanted}
    for text, language in texts:
        for word, count in _word_counts(text).items():
            lemma, folded = _word_terms(word, language)
            term = lemma if lemma is not None and lemma in wanted else folded
            if term in wanted:  # lemmatized, or folded only (features without lemmas)
                forms[term][word] += count
    return tuple(
        min(forms[term].items(), key=lambda item: (-item[1], fold(item[0]) != term, item[0]))[0]
        if forms[term]
        else term
        for term in keywords
    )
