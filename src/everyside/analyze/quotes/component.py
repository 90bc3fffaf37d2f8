"""The spaCy component ``everyside_quotes``: ``QuoteFinder`` and its factory.

It picks the path for a doc (``ParsedFinder`` when the doc has a dependency parse,
``LexicalFinder`` otherwise), freezes the drafts into ``QuoteAnnotation`` and writes
them to ``doc._.quotes``, keeping quotes already there unless ``overwrite`` is set.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from everyside.analyze.attribution import load_model
from everyside.analyze.cues import lexicon_for
from everyside.analyze.nlp import doc_text
from everyside.analyze.quotes.annotation import EXTENSION, QuoteAnnotation
from everyside.analyze.quotes.context import Context
from everyside.analyze.quotes.lexical.finder import LexicalFinder
from everyside.analyze.quotes.parsed.finder import ParsedFinder

__all__ = ["DEFAULT_SETTINGS", "QuoteFinder", "make_quote_finder"]


# The finder's switches and their defaults (the factory's default config). Calibrated
# on PolNeAR train: beliefs and objects raise recall on all attributions but cost more
# precision on speech than they add (docs/quotes.md), so they are off.
DEFAULT_SETTINGS: dict[str, bool] = {
    "beliefs": False,
    "objects": False,
    "all_attributions": False,
    "unmarked": True,
    "keep_unattributed": False,
}


class QuoteFinder:
    """spaCy component that finds quotes and writes them to ``doc._.quotes``.

    Args:
        nlp: the pipeline; its language picks the cue lexicon unless ``language`` is set.
        name: the component's name in the pipeline.
        language: ISO 639-1 code of the cue lexicon to use (default: ``nlp.lang``).
        beliefs: also report "X believes/thinks that ..." clauses as indirect quotes.
        objects: also report the object of a cue as what was said ("announced the
            deal", "accused Clinton of lying"), as PolNeAR annotates it.
        all_attributions: also report attributions that are not speech (beliefs,
            intentions, polls, evaluations, noun cues: "his claim that ..."), found by
            the learned model of ``analyze/attribution.py``.
        unmarked: find paragraphs of speech without quote marks ("X said, speaking ...").
        keep_unattributed: keep quotes no cue attributes (whole sentences in marks of at
            least four words; never scare quotes or titles).
        overwrite: replace quotes already on the doc instead of keeping them.
    """

    def __init__(
        self,
        nlp: Language,
        name: str = "everyside_quotes",
        *,
        language: str | None = None,
        beliefs: bool = False,
        objects: bool = False,
        all_attributions: bool = False,
        unmarked: bool = True,
        keep_unattributed: bool = False,
        overwrite: bool = False,
    ) -> None:
        self.name = name
        self.language = language or nlp.lang
        self.lexicon = lexicon_for(self.language)
        self.beliefs = beliefs
        self.objects = objects
        self.all_attributions = all_attributions
        self.unmarked = unmarked
        self.keep_unattributed = keep_unattributed
        self.overwrite = overwrite

    def __call__(self, doc: Doc) -> Doc:
        """Find the quotes of ``doc`` and write them to ``doc._.quotes``."""
        self.set_annotations(doc, self.find_quotes(doc))
        return doc

    def find_quotes(self, doc: Doc) -> list[QuoteAnnotation]:
        """The quotes of ``doc``, in text order, without writing them."""
        if not doc_text(doc).strip():
            return []
        ctx = Context(doc, self.lexicon)
        if doc.has_annotation("DEP"):
            parsed = ParsedFinder(
                ctx,
                beliefs=self.beliefs,
                objects=self.objects,
                unmarked=self.unmarked,
                keep_unattributed=self.keep_unattributed,
                model=load_model() if self.all_attributions else None,
            )
            drafts = parsed.find()
            parsed.resolve(drafts)
        else:
            lexical = LexicalFinder(
                ctx, unmarked=self.unmarked, keep_unattributed=self.keep_unattributed
            )
            drafts = lexical.find()
            lexical.resolve(drafts)
        return [draft.freeze() for draft in drafts]

    def set_annotations(self, doc: Doc, quotes: list[QuoteAnnotation]) -> None:
        """Write quotes to ``doc._.quotes``, keeping earlier ones unless ``overwrite``."""
        existing: list[QuoteAnnotation] = getattr(doc._, EXTENSION) or []
        if existing and not self.overwrite:
            taken = [(q.start, q.end) for q in existing]
            quotes = existing + [
                q for q in quotes if not any(q.start < e and s < q.end for s, e in taken)
            ]
            quotes.sort(key=lambda q: (q.start, q.end))
        setattr(doc._, EXTENSION, quotes)


@Language.factory(
    "everyside_quotes",
    assigns=[f"doc._.{EXTENSION}"],
    requires=["doc.sents"],
    default_config={"language": None, **DEFAULT_SETTINGS, "overwrite": False},
)
def make_quote_finder(
    nlp: Language,
    name: str,
    language: str | None,
    beliefs: bool,
    objects: bool,
    all_attributions: bool,
    unmarked: bool,
    keep_unattributed: bool,
    overwrite: bool,
) -> QuoteFinder:
    """Build the ``everyside_quotes`` component (see ``QuoteFinder`` for the settings)."""
    return QuoteFinder(
        nlp,
        name,
        language=language,
        beliefs=beliefs,
        objects=objects,
        all_attributions=all_attributions,
        unmarked=unmarked,
        keep_unattributed=keep_unattributed,
        overwrite=overwrite,
    )
