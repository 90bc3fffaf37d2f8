"""Quote variants: the same quote rendered differently by different outlets.

Two quotes are renderings of one quote when the same speaker (the same canonical
entity) is given words with a similar meaning: the cosine of their multilingual
embeddings, or the share of words they have in common when both are in one language
(machine translation keeps the words of a short quote, and paraphrase keeps its
meaning). Each article's quote is paired with at most one quote of each other article.
Words attributed to *different* speakers are paired too, when they are near-identical.
A rendering whose own article leaves the speaker unresolved takes the speaker of the
rendering it pairs with: roles and pronouns resolve to people within the story.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from difflib import SequenceMatcher

import numpy as np
from numpy.typing import NDArray

from everyside.cluster.features import Embedder

from .lexicon import Lexicon, WordList, lexicon_for, words_of
from .options import CompareOptions
from .results import DiffPart, MeaningChange, QuoteRef, QuoteVariant

_TOKEN = re.compile(r"\w+(?:['’]\w+)*|[^\w\s]")
_DIGITS = re.compile(r"\d+(?:[.,]\d+)*")
# Entity id prefixes of actors (places and groups are not: "Asia-Pacific" vs "the
# Asia-Pacific region" is not a change of who acts).
ACTOR_KINDS = ("person:", "org:", "country:")
# A quote at most this share of another's length, and this many words at least, is a
# fragment of it when the other holds its words.
FRAGMENT_SHARE = 0.6
MIN_FRAGMENT_WORDS = 3
# Sentences and clauses of a quote: one outlet quotes a sentence (or translates a clause)
# of what another quotes whole, and only that part is compared for meaning changes.
# Clauses of fewer words carry too little meaning to compare.
_CLAUSE_END = re.compile(r"(?<=[.!?;:,])\s+|\s+[-–—]\s+")
MIN_PIECE_WORDS = 3
PIECE_LENGTH_RATIO = 1.5


@dataclass(frozen=True, slots=True, kw_only=True)
class QuoteEvidence:
    """A quote with what pairing needs: its language and the entities it names."""

    quote: QuoteRef
    language: str | None
    entities: frozenset[str]


def word_diff(left: str, right: str) -> list[DiffPart]:
    """A word-level diff of two texts, punctuation as separate tokens."""
    a, b = list(_TOKEN.finditer(left)), list(_TOKEN.finditer(right))

    def original(text: str, tokens: list[re.Match[str]], first: int, last: int) -> str:
        # The original text of tokens first..last-1, with its own spacing ("Asia-Pacific").
        return text[tokens[first].start() : tokens[last - 1].end()] if last > first else ""

    matcher = SequenceMatcher(None, [t.group() for t in a], [t.group() for t in b], autojunk=False)
    return [
        DiffPart(op=op, left=original(left, a, i1, i2), right=original(right, b, j1, j2))
        for op, i1, i2, j1, j2 in matcher.get_opcodes()
    ]


def _word_overlap(left: str, right: str) -> float:
    """Share of words two renderings have in common, in order.

    A fragment ("more and more aligned") quoted by one outlet from a paragraph another
    quotes whole is scored by how much of the fragment the paragraph holds.
    """
    a, b = words_of(left), words_of(right)
    if not a or not b:
        return 0.0
    matcher = SequenceMatcher(None, a, b, autojunk=False)
    shorter = min(len(a), len(b))
    if shorter >= MIN_FRAGMENT_WORDS and shorter <= FRAGMENT_SHARE * max(len(a), len(b)):
        matched = sum(block.size for block in matcher.get_matching_blocks())
        return matched / shorter
    return matcher.ratio()


def meaning_changes(
    left: QuoteEvidence, right: QuoteEvidence, focus: tuple[str, str] | None = None
) -> list[MeaningChange]:
    """The differences between two renderings that can change what the quote says.

    Only the parts that render the same words are compared (``focus``: the sentence or
    clause of a longer rendering that matched; in one language, the stretch of the longer
    rendering a fragment's words fall in), so a "never" in the half of a paragraph one
    outlet did not quote is no negation. Negation words are counted with both renderings'
    languages, as an outlet may quote in a language other than its own.
    """
    left_text, right_text = focus or (left.quote.text, right.quote.text)
    left_words, right_words = words_of(left_text), words_of(right_text)
    whole = focus is None or focus == (left.quote.text, right.quote.text)
    if left.language == right.language:
        left_words, right_words, fragment = _same_stretch(left_words, right_words)
        whole = whole and not fragment
    if not whole:
        left_text, right_text = " ".join(left_words), " ".join(right_words)
    left_lex, right_lex = lexicon_for(left.language), lexicon_for(right.language)
    negations = (left_lex.negation, right_lex.negation)
    changes = []
    if _count(left_words, negations) != _count(right_words, negations):
        changes.append(MeaningChange.NEGATION)
    if _numbers(left_text) != _numbers(right_text):
        changes.append(MeaningChange.NUMBER)
    # The entities of a fragment's whole are not all in the fragment: only wholes compare.
    if whole and _actors(left.entities) != _actors(right.entities):
        changes.append(MeaningChange.ACTOR)
    # Hedges do not translate word for word ("would" has no German counterpart in
    # "zurückzutreten"), so strength is compared within one language only.
    if left.language == right.language and _strength(left_words, left_lex) != _strength(
        right_words, right_lex
    ):
        changes.append(MeaningChange.STRENGTH)
    return changes


def _same_stretch(left: list[str], right: list[str]) -> tuple[list[str], list[str], bool]:
    """The shorter rendering and the stretch of the longer one its words fall in; True if cut."""
    shorter, longer = sorted((left, right), key=len)
    if len(shorter) == len(longer):
        return left, right, False
    blocks = [
        b
        for b in SequenceMatcher(None, shorter, longer, autojunk=False).get_matching_blocks()
        if b.size
    ]
    if not blocks:
        return left, right, False
    stretch = longer[blocks[0].b : blocks[-1].b + blocks[-1].size]
    cut = len(stretch) < len(longer)
    return (shorter, stretch, cut) if left is shorter else (stretch, shorter, cut)


def _count(words: list[str], lists: tuple[WordList, ...]) -> int:
    """How many words are in any of the lists."""
    return sum(1 for word in words if any(word in found for found in lists))


def _actors(entity_ids: frozenset[str]) -> frozenset[str]:
    """People, organizations and countries: the named actors a quote can swap."""
    return frozenset(e for e in entity_ids if e.startswith(ACTOR_KINDS))


def _numbers(text: str) -> set[str]:
    return {re.sub(r"[.,]", "", n) for n in _DIGITS.findall(text)}


def _strength(words: list[str], lexicon: Lexicon) -> list[str]:
    """The strong and hedging words, in order: a change in them changes the claim's force."""
    return [
        f"+{w}" if w in lexicon.strong else f"-{w}"
        for w in words
        if w in lexicon.strong or w in lexicon.weak
    ]


def _same_speaker(left: QuoteRef, right: QuoteRef) -> bool | None:
    """True or False when both speakers are resolved entities, None when either is not."""
    if left.speaker_entity_id and right.speaker_entity_id:
        return left.speaker_entity_id == right.speaker_entity_id
    return None


def _threshold(left: QuoteEvidence, right: QuoteEvidence, options: CompareOptions) -> float | None:
    """The similarity a pair needs, or None when it cannot be a pair.

    Same speaker: ``quote_threshold``, or ``cross_language_quote_threshold`` across
    languages, where embeddings of a translation agree less. One speaker unresolved ("a
    spokesman", "he" with no name in the article): the same, and the other article then
    names the speaker. Both unresolved: no pair, nothing would tell who spoke. Different
    speakers: only near-identical words, flagged as the same words given to different people.
    """
    same = _same_speaker(left.quote, right.quote)
    pairing = (
        options.quote_threshold
        if left.language == right.language
        else options.cross_language_quote_threshold
    )
    if same is None:
        known = bool(left.quote.speaker_entity_id) + bool(right.quote.speaker_entity_id)
        return pairing if known == 1 else None
    return pairing if same else options.same_words_threshold


def pieces_of(text: str) -> list[str]:
    """A quote's sentences and clauses of ``MIN_PIECE_WORDS`` words or more, if it has several."""
    parts = [p.strip() for p in _CLAUSE_END.split(text.strip())]
    pieces = [p for p in parts if len(words_of(p)) >= MIN_PIECE_WORDS]
    return pieces if len(parts) > 1 else []


Focus = dict[tuple[int, int], str]


def matched_pieces(
    quotes: Sequence[QuoteEvidence], embeddings: NDArray[np.float32], embedder: Embedder
) -> Focus:
    """For (quote, other): the sentence or clause of the quote most similar to the other.

    Only for a rendering ``PIECE_LENGTH_RATIO`` times longer than the other, whose flags
    are then read on that piece. Pieces do not pair quotes themselves: measured on the
    demo gold, pairing on them found 3 more variants and 4 wrong ones (P 0.91 -> 0.85).
    """
    owners: list[int] = []
    texts: list[str] = []
    for index, evidence in enumerate(quotes):
        for piece in pieces_of(evidence.quote.text):
            owners.append(index)
            texts.append(piece)
    focus: Focus = {}
    if not texts:
        return focus
    vectors = np.asarray(embedder.encode(texts), dtype=np.float32)
    vectors /= np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-9)
    lengths = [len(words_of(e.quote.text)) for e in quotes]
    scores = vectors @ embeddings.T
    best: dict[tuple[int, int], float] = {}
    for row, owner in enumerate(owners):
        for other in range(len(quotes)):
            if other == owner or lengths[owner] < PIECE_LENGTH_RATIO * lengths[other]:
                continue
            if scores[row, other] > best.get((owner, other), -1.0):
                best[(owner, other)] = float(scores[row, other])
                focus[(owner, other)] = texts[row]
    return focus


def pair_quote_variants(
    quotes: Sequence[QuoteEvidence],
    embeddings: NDArray[np.float32],
    options: CompareOptions,
    embedder: Embedder | None = None,
) -> list[QuoteVariant]:
    """Pair renderings of the same quote across articles; most similar pairs first.

    With an ``embedder``, the flags of a long rendering paired across languages are read
    on its sentence or clause that matched (``matched_pieces``).
    """
    cosine = embeddings @ embeddings.T
    focus = matched_pieces(quotes, embeddings, embedder) if embedder is not None else {}
    candidates = []
    for i, left in enumerate(quotes):
        for j in range(i + 1, len(quotes)):
            right = quotes[j]
            if left.quote.article_id == right.quote.article_id:
                continue
            score = float(cosine[i, j])
            if left.language == right.language:
                score = max(score, _word_overlap(left.quote.text, right.quote.text))
            threshold = _threshold(left, right, options)
            if threshold is not None and score >= threshold:
                candidates.append((score, i, j))
    taken: set[tuple[int, str]] = set()
    variants = []
    for score, i, j in sorted(candidates, key=lambda c: (-c[0], c[1], c[2])):
        left, right = quotes[i], quotes[j]
        # One partner per quote in each other article.
        keys = {(i, right.quote.article_id), (j, left.quote.article_id)}
        if keys & taken:
            continue
        taken |= keys
        # Across languages the flags read the matched sentence; in one language the words
        # show which stretch of the longer rendering the shorter one renders.
        parts = (
            (focus.get((i, j), left.quote.text), focus.get((j, i), right.quote.text))
            if left.language != right.language
            else (left.quote.text, right.quote.text)
        )
        variants.append(_variant(left, right, score, parts))
    return variants


def _with_speaker_of(quote: QuoteRef, other: QuoteRef) -> QuoteRef:
    """The quote with the other rendering's speaker when its own article left it unresolved."""
    if quote.speaker_entity_id or not other.speaker_entity_id:
        return quote
    return replace(
        quote,
        speaker=other.speaker,
        speaker_entity_id=other.speaker_entity_id,
        speaker_from_story=True,
    )


def _variant(
    left: QuoteEvidence, right: QuoteEvidence, score: float, focus: tuple[str, str]
) -> QuoteVariant:
    same_language = left.language == right.language
    identical = words_of(left.quote.text) == words_of(right.quote.text)
    return QuoteVariant(
        left=_with_speaker_of(left.quote, right.quote),
        right=_with_speaker_of(right.quote, left.quote),
        similarity=round(min(score, 1.0), 4),
        diff=word_diff(left.quote.text, right.quote.text) if same_language else [],
        changes=[] if identical else meaning_changes(left, right, focus),
        identical=identical,
        speakers_differ=_same_speaker(left.quote, right.quote) is False,
        same_language=same_language,
    )
