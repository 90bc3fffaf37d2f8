"""The tense a time expression is told in: whether "in July" is the coming July or the last.

With a parse (English) the verb the expression hangs on decides: a modal "will" or
"shall", "going to", or a present tense look forward; a past tense or "have" + participle
look back. Without one, future markers of the language in the same sentence before the
expression look forward ("wird", "va a", "akan", Spanish and French future endings);
past markers look back; nothing found leaves the choice to the resolver.
"""

from __future__ import annotations

import re
from typing import Literal

from spacy.tokens import Doc, Token

Tense = Literal["past", "future"]

_FUTURE_MODALS = frozenset({"will", "'ll", "shall", "wo", "ll"})
_PRESENT_TAGS = frozenset({"VBP", "VBZ"})
_PAST_TAGS = frozenset({"VBD"})
# Future and past markers by language where no parse is loaded.
_FUTURE_CUES = {
    "de": re.compile(r"\b(?:wird|werden|wirst|soll|sollen|will|wollen)\b", re.I),
    "es": re.compile(r"\b(?:va|van|vamos|voy)\s+a\b|\b\w{3,}(?:rá|rán|remos)\b", re.I),
    "fr": re.compile(r"\b(?:va|vont|allons)\s+\w+er\b|\b\w{3,}(?:ra|ront|rons)\b", re.I),
    "id": re.compile(r"\b(?:akan|bakal)\b", re.I),
    "it": re.compile(r"\b\w{3,}(?:rà|ranno|remo)\b", re.I),
    "pt": re.compile(r"\b(?:vai|vão)\b|\b\w{3,}(?:rá|rão|remos)\b", re.I),
    "pl": re.compile(r"\b(?:będzie|będą|będziemy)\b", re.I),
    "tr": re.compile(r"\w+(?:ecek|acak|ecekler|acaklar)\w*", re.I),
}
_PAST_CUES = {
    "de": re.compile(r"\b(?:hat|haben|hatte|hatten|war|waren|wurde|wurden)\b", re.I),
    "es": re.compile(r"\b\w{2,}(?:ó|aron|ieron|ió)\b|\b(?:fue|fueron|ha|han)\b", re.I),
    "fr": re.compile(r"\b(?:a|ont|avait|était|fut)\s+(?:\w+\s+)?\w+(?:é|ée|és|i|is|u)\b", re.I),
    "id": re.compile(r"\b(?:telah|sudah|lalu)\b", re.I),
    "pl": re.compile(r"\b\w+(?:ł|ła|ło|li|ły)\b", re.I),
    "tr": re.compile(r"\w+(?:dı|di|du|dü|tı|ti|tu|tü)(?:k|lar|ler)?\b", re.I),
}


def tense_at(doc: Doc, start: int, end: int) -> Tense | None:
    """The tense of the clause a time expression at doc.text[start:end] belongs to."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return None
    if doc.has_annotation("DEP"):
        return _parsed_tense(span.root)
    sentence = span.sent.text if doc.has_annotation("SENT_START") else doc.text
    offset = span.sent.start_char if doc.has_annotation("SENT_START") else 0
    before = sentence[: start - offset]
    whole = sentence
    language = doc.lang_
    if language in _FUTURE_CUES and _FUTURE_CUES[language].search(before or whole):
        return "future"
    if language in _PAST_CUES and _PAST_CUES[language].search(whole):
        return "past"
    return None


def _parsed_tense(token: Token) -> Tense | None:
    """Walk up from the expression to its verb and read the verb's tense and auxiliaries."""
    verb = token
    while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
        verb = verb.head
    if verb.pos_ not in ("VERB", "AUX"):
        return None
    auxiliaries = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    words = {a.lower_ for a in auxiliaries}
    if words & _FUTURE_MODALS or (verb.lower_ == "going" and verb.tag_ == "VBG"):
        return "future"
    if any(a.lower_ == "to" for a in auxiliaries) and verb.head.i != verb.i:
        return _parsed_tense(verb.head)  # "plans to visit in July": the planning's tense
    tags = {verb.tag_, *(a.tag_ for a in auxiliaries)}
    if tags & _PAST_TAGS or (verb.tag_ == "VBN" and words & {"has", "have", "had"}):
        return "past"
    if tags & _PRESENT_TAGS or (verb.tag_ == "VBG" and words & {"is", "are", "am"}):
        return "future"
    return None
