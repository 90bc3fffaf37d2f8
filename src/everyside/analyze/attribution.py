"""A learned attribution model over the dependency parse: which words attribute, and what.

PolNeAR annotates every attribution, not only speech: beliefs ("thinks that"),
intentions ("wants to"), polls ("shows"), evaluations ("criticized the deal") and nouns
("his claim that"). Their cues are too many and too ambiguous for a word list, so a
logistic regression trained on the PolNeAR train split (``training/attribution.py``)
scores candidates: a verb, noun, adjective or adverb together with one of the spans the
parse offers around it as its content (``SPAN_KINDS``). A word's best candidate is an
attribution when its probability passes the model's threshold. The weights live in
``data/attribution_model.json``: feature names (parse labels and single lowercase words
seen in several articles) and numbers, no text from the corpus.

The quote finder (``analyze/quotes/``) uses the model only with the
``all_attributions`` setting; it finds the source itself (the cue's subject, the owner
of a noun cue, the object of "according to").
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from spacy.tokens import Doc, Token

MODEL_FILE = Path(__file__).resolve().parent.parent / "data" / "attribution_model.json"

# Parts of speech a cue can have: verbs ("said", "wants"), nouns ("claim"), adjectives
# ("confident that"), adverbs ("reportedly"); "according" is tagged a verb.
CUE_POS = frozenset(("VERB", "NOUN", "ADJ", "ADV"))

# Where the content of an attribution stands relative to its cue:
# clause: the cue's clausal complement ("said [that X]", "wants [to X]", "claim [that X]");
# object: everything right of the cue but adjuncts ("criticized [the deal]");
# prep_object: the same without a leading preposition ("talked about [immigration]");
# first_part: the first of those parts ("dismissed [the charges] by pointing out ...");
# around: the clause the cue hangs on, minus the cue ("[X], he said", "according to Y, [X]");
# subject: the cue's subject ("[the comment] was posted by", "[the results] worry");
# subject_clause: the subject and the complement ("[Clinton] is expected [to win]");
# rest: the rest of the sentence after the cue ("said: [X]").
SPAN_KINDS = (
    "clause",
    "object",
    "prep_object",
    "first_part",
    "around",
    "subject",
    "subject_clause",
    "rest",
)

_CLAUSAL = ("ccomp", "xcomp", "acl", "csubj", "advcl")
_SUBJECTS = frozenset(("nsubj", "nsubjpass", "csubj"))
_NOT_OBJECT = frozenset(
    ("punct", "cc", "conj", "advcl", "parataxis", "advmod", "npadvmod", "mark", "relcl", "appos")
)
# Parts of speech whose words are features as such ("about", "that"); others by tag.
_FUNCTION_POS = frozenset(("ADP", "SCONJ", "PART", "DET", "PRON", "CCONJ", "AUX"))
_MARKS = frozenset(("that", "if", "whether", "to", "because", "as"))
# Words that open a content span but are not part of it (PolNeAR leaves them out).
_EDGE_WORDS = frozenset(("that", "and", "but", "or"))


def is_candidate(token: Token) -> bool:
    """Whether a token may be an attribution cue (a content word, not inside a name)."""
    return token.pos_ in CUE_POS and token.is_alpha


def cue_features(
    token: Token, offered: Iterable[str], *, in_quote: bool, in_content: bool
) -> list[str]:
    """Sparse features of a candidate cue: its word, parse role, children and span kinds."""
    lower = token.lower_
    features = [
        *(f"has={kind}" for kind in offered),
        f"w={lower}",
        f"p={token.pos_}",
        f"t={token.tag_}",
        f"d={token.dep_}",
        f"wd={lower}|{token.dep_}",
        f"wt={lower}|{token.tag_}",
        f"hd={token.head.dep_}|{token.dep_}",
        f"hp={token.head.pos_}|{token.dep_}",
    ]
    if in_quote:
        features.append("in_quote")
        features.append(f"wq={lower}")
    if in_content:  # nested: "X said [Y wants Z]"
        features.append("in_content")
        features.append(f"wi={lower}")
    if token.dep_ in ("dobj", "pobj", "attr", "nsubj"):
        features.append(f"hw={token.head.lower_}|{token.dep_}")
    doc = token.doc
    if token.i > 0:
        features.append(f"prev={doc[token.i - 1].lower_}")
    if token.i + 1 < len(doc):
        after = doc[token.i + 1].lower_
        features.append(f"next={after}")
        features.append(f"wn={lower}|{after}")
    subject = "none"
    for child in token.children:
        dep = child.dep_
        features.append(f"c={dep}")
        if dep in _CLAUSAL or dep in ("dobj", "prep", "agent", "poss"):
            features.append(f"wc={lower}|{dep}")
        if dep == "prep":
            features.append(f"wprep={lower}|{child.lower_}")
        if dep in _SUBJECTS:
            subject = child.pos_
            # "the poll shows", "voters want", "he thinks": the kind of source.
            source = "PROPN" if child.pos_ == "PROPN" else child.ent_type_ or child.lower_
            features.append(f"sw={source}")
            features.append(f"wsent={lower}|{child.ent_type_ or child.pos_}")
        if dep in _CLAUSAL:
            for grandchild in child.children:
                if grandchild.dep_ in ("mark", "aux") and grandchild.lower_ in _MARKS:
                    features.append(f"mark={dep}|{grandchild.lower_}")
                    features.append(f"wmark={lower}|{grandchild.lower_}")
    features.append(f"subj={subject}")
    return features


@dataclass(frozen=True, slots=True)
class SpanBounds:
    """Token bounds a content span must stay in: the cue's paragraph and sentence."""

    low: int
    high: int  # exclusive


def _clausal_child(token: Token) -> Token | None:
    for dep in _CLAUSAL:
        for child in token.children:
            if child.dep_ == dep and (dep != "advcl" or child.i > token.i):
                return child
    return None


def _subject(token: Token) -> Token | None:
    head = token.head if token.pos_ == "ADJ" and token.dep_ == "acomp" else token
    return next((c for c in head.children if c.dep_ in _SUBJECTS), None)


def span_candidates(token: Token, bounds: SpanBounds) -> dict[str, tuple[int, int]]:
    """Token ranges ``(first, last)`` of each span kind the parse offers for a cue."""
    spans: dict[str, tuple[int, int]] = {}
    clause = _clausal_child(token)
    subject = _subject(token)
    if clause is not None:
        spans["clause"] = (clause.left_edge.i, clause.right_edge.i)
        if subject is not None and subject.i < token.i:
            spans["subject_clause"] = (subject.left_edge.i, clause.right_edge.i)
    parts = [c for c in token.rights if c.dep_ not in _NOT_OBJECT]
    if parts:
        spans["object"] = (min(c.left_edge.i for c in parts), max(c.right_edge.i for c in parts))
        if parts[0].dep_ == "prep" and parts[0].n_rights:
            spans["prep_object"] = (parts[0].i + 1, spans["object"][1])
        spans["first_part"] = (parts[0].left_edge.i, parts[0].right_edge.i)
    if subject is not None:
        spans["subject"] = (subject.left_edge.i, subject.right_edge.i)
    head = token.head
    if head.i != token.i:
        left, right = token.left_edge.i, token.right_edge.i
        if left > head.i:
            inner = head.left_edge.i, left - 1
            if any(not t.is_punct for t in token.doc[right + 1 : head.right_edge.i + 1]):
                inner = head.left_edge.i, head.right_edge.i
            spans["around"] = inner
        elif right < head.i:
            spans["around"] = (right + 1, head.right_edge.i)
    spans["rest"] = (
        token.right_edge.i + 1 if token.dep_ != "ROOT" else token.i + 1,
        bounds.high - 1,
    )
    clipped = {}
    for kind, (first, last) in spans.items():
        first, last = max(first, bounds.low), min(last, bounds.high - 1)
        if last > first:
            clipped[kind] = (first, last)
    return clipped


def char_span(doc: Doc, first: int, last: int) -> tuple[int, int] | None:
    """Character span of tokens ``first..last`` without edge punctuation, "that" or "and"."""
    while first <= last and (
        doc[first].is_punct
        or doc[first].is_space
        or (doc[first].dep_ in ("mark", "cc") and doc[first].lower_ in _EDGE_WORDS)
    ):
        first += 1
    while last >= first and (doc[last].is_punct or doc[last].is_space):
        last -= 1
    if last - first < 1:
        return None
    return doc[first].idx, doc[last].idx + len(doc[last])


def span_shape(first: int, last: int, token: Token) -> list[str]:
    """The shape of a content span: its length, first word, what follows it, its side."""
    doc = token.doc
    length = last - first + 1
    size = "1" if length < 3 else "2" if length < 8 else "3" if length < 20 else "4"
    opening = doc[first]
    closing = doc[last + 1] if last + 1 < len(doc) else None
    return [
        f"len={size}",
        f"first={opening.lower_ if opening.pos_ in _FUNCTION_POS else opening.pos_}",
        f"firstdep={opening.dep_}",
        f"end={closing.text if closing is not None and closing.is_punct else 'word'}",
        f"side={'left' if first < token.i else 'right'}",
    ]


def candidate_features(
    cue: Sequence[str], kind: str, first: int, last: int, token: Token
) -> list[str]:
    """Features of one (cue, span kind) candidate: the cue's, alone and with the kind,
    and the span's shape with the kind."""
    shape = span_shape(first, last, token)
    return [*cue, f"k={kind}", *(f"{kind}|{feature}" for feature in (*cue, *shape))]


@dataclass(frozen=True, slots=True)
class AttributionModel:
    """Weights of the logistic regression over (cue, span kind) candidates."""

    bias: float
    weights: Mapping[str, float]
    threshold: float  # probability above which the best candidate is an attribution
    # The weights by unprefixed feature, then by span kind ("" for the kind-free ones):
    # scoring every kind of a cue then looks each feature up once.
    by_feature: Mapping[str, Mapping[str, float]] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        by_feature: dict[str, dict[str, float]] = {}
        for name, weight in self.weights.items():
            kind, _, rest = name.partition("|")
            if kind in SPAN_KINDS:
                by_feature.setdefault(rest, {})[kind] = weight
            else:
                by_feature.setdefault(name, {})[""] = weight
        object.__setattr__(self, "by_feature", by_feature)

    def probability(self, features: Iterable[str]) -> float:
        """Probability that a candidate with these (``candidate_features``) is right."""
        weights = self.weights
        return _logistic(self.bias + sum(weights.get(f, 0.0) for f in features))

    def best_span(
        self,
        token: Token,
        offered: Mapping[str, tuple[int, int]],
        *,
        in_quote: bool,
        in_content: bool,
    ) -> tuple[float, tuple[int, int]] | None:
        """The most probable span the parse offers for a cue, with its probability.

        The same sum as ``probability(candidate_features(...))`` for each kind.
        """
        if not offered:
            return None
        by_feature = self.by_feature
        shared = self.bias
        scores = {kind: self.weights.get(f"k={kind}", 0.0) for kind in offered}
        for feature in cue_features(token, offered, in_quote=in_quote, in_content=in_content):
            weights = by_feature.get(feature)
            if weights is None:
                continue
            for kind, weight in weights.items():
                if kind in scores:
                    scores[kind] += weight
                elif not kind:
                    shared += weight
        for kind, (first, last) in offered.items():
            for feature in span_shape(first, last, token):
                scores[kind] += by_feature.get(feature, {}).get(kind, 0.0)
        kind = max(scores, key=lambda k: scores[k])
        return _logistic(shared + scores[kind]), offered[kind]

    def to_json(self) -> dict[str, object]:
        """The model as JSON-ready values (``load_model`` reads them back)."""
        return {"bias": self.bias, "threshold": self.threshold, "weights": self.weights}


def _logistic(score: float) -> float:
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, score))))


@lru_cache(maxsize=2)
def load_model(path: Path = MODEL_FILE) -> AttributionModel:
    """The shipped attribution model (read once per process)."""
    data = json.loads(path.read_text(encoding="utf-8"))
    return AttributionModel(
        bias=float(data["bias"]), weights=data["weights"], threshold=float(data["threshold"])
    )
