"""Quote extraction: the two seed articles, each construction on original sentences, languages."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pytest
import spacy
from spacy.language import Language
from spacy.tokens import Doc, DocBin

from everyside.analyze import attribution
from everyside.analyze import quotes as quote_module
from everyside.analyze.cues import inflect, is_speech_cue, lexicon_for
from everyside.analyze.nlp import load_nlp
from everyside.analyze.quotes import QuoteAnnotation, find_marked_spans, paragraph_spans
from everyside.ingest.sources import InputFile
from everyside.ingest.text import read_text
from everyside.model import Article, QuoteKind
from everyside.settings import IngestOptions

KYIV = "000_0a8e922b3ed89e77.txt"
JAKARTA = "001_526393992c5fe1fa.txt"


@dataclass(frozen=True)
class Found:
    """A quote as text, for readable assertions."""

    text: str
    kind: QuoteKind
    cue: str | None
    speaker: str | None
    antecedent: str | None
    medium: str | None

    @property
    def who(self) -> str:
        """The resolved speaker: antecedent, else as written."""
        return self.antecedent or self.speaker or ""


def _found(doc: Doc) -> list[Found]:
    text = doc.text

    def part(span: tuple[int, int] | None) -> str | None:
        return text[span[0] : span[1]] if span else None

    quotes: list[QuoteAnnotation] = doc._.quotes
    return [
        Found(
            q.text(text),
            q.kind,
            part(q.cue),
            part(q.speaker),
            part(q.speaker_antecedent),
            q.medium,
        )
        for q in quotes
    ]


def _one(found: list[Found], start: str, kind: QuoteKind | None = None) -> Found:
    matches = [f for f in found if f.text.startswith(start) and kind in (None, f.kind)]
    assert matches, f"no quote starting {start!r} in {[f.text[:40] for f in found]}"
    return matches[0]


@pytest.fixture(scope="module")
def english() -> Language:
    """The English model with the quote component."""
    nlp = load_nlp("en")
    nlp.add_pipe("everyside_quotes")
    return nlp


def _pipeline(language: str) -> Language:
    nlp = load_nlp(language)
    nlp.add_pipe("everyside_quotes")
    return nlp


def _article(path: Path) -> Article:
    (article,) = read_text(InputFile(str(path), path), IngestOptions())
    assert isinstance(article, Article)
    return article


# --- the seed articles ---------------------------------------------------------------


@pytest.fixture(scope="module")
def kyiv(english: Language) -> list[Found]:
    path = Path(__file__).resolve().parents[3] / "shared" / "seeds" / KYIV
    if not path.is_file():
        pytest.skip(f"seed article not found at {path}")
    return _found(english(_article(path).body))


@pytest.fixture(scope="module")
def jakarta(english: Language) -> list[Found]:
    path = Path(__file__).resolve().parents[3] / "shared" / "seeds" / JAKARTA
    if not path.is_file():
        pytest.skip(f"seed article not found at {path}")
    return _found(english(_article(path).body))


def test_kyiv_indirect_lead_and_role_noun(kyiv: list[Found]) -> None:
    lead = _one(kyiv, "the new pact between Russia and North Korea", QuoteKind.INDIRECT)
    assert lead.speaker == "NATO Secretary General Jens Stoltenberg"
    head = _one(kyiv, "The new agreement on Russia's", QuoteKind.INDIRECT)
    assert head.speaker == "the head of NATO"
    assert head.antecedent is not None and "Stoltenberg" in head.antecedent


def test_kyiv_partial_quote_with_a_stray_mark(kyiv: list[Found]) -> None:
    partial = _one(kyiv, "a huge amount of ammunition", QuoteKind.PARTIAL)
    assert partial.text == "a huge amount of ammunition"
    assert partial.cue == "said"
    assert "Stoltenberg" in partial.who
    clause = _one(kyiv, "North Korea has provided Russia", QuoteKind.INDIRECT)
    assert clause.cue == "said" and "Stoltenberg" in clause.who


def test_kyiv_unmarked_paragraph(kyiv: list[Found]) -> None:
    unmarked = _one(kyiv, "We must realize that authoritarian states", QuoteKind.UNMARKED)
    assert unmarked.text.endswith("in ways we've never seen before")
    assert unmarked.speaker == "Stoltenberg"
    assert unmarked.antecedent is None


def test_kyiv_direct_quote_and_he_added(kyiv: list[Found]) -> None:
    direct = _one(kyiv, "At a time when they are increasingly United", QuoteKind.DIRECT)
    assert direct.speaker == "he" and direct.antecedent is not None
    assert "Stoltenberg" in direct.antecedent
    added = _one(kyiv, "Deepening contacts between Russia", QuoteKind.INDIRECT)
    assert added.cue == "added" and "Stoltenberg" in added.who


def test_kyiv_unclosed_quote_at_the_end(kyiv: list[Found]) -> None:
    concerned = _one(kyiv, "concerned about the fiscal balance", QuoteKind.PARTIAL)
    assert concerned.speaker == "he" and "Stoltenberg" in concerned.who
    unclosed = _one(kyiv, "if we can't save the world")
    assert unclosed.text.endswith("they fail.")
    assert unclosed.speaker == "he" and "Stoltenberg" in unclosed.who


def test_kyiv_belief_is_not_speech_by_default(kyiv: list[Found]) -> None:
    assert not [f for f in kyiv if f.text.startswith("if the Russian Federation")]


def test_jakarta_stoltenberg(jakarta: list[Found]) -> None:
    partial = _one(jakarta, "a large amount of ammunition", QuoteKind.PARTIAL)
    assert "Stoltenberg" in partial.who
    first = _one(jakarta, "We need to realize that authoritarian forces", QuoteKind.DIRECT)
    assert first.speaker == "he" and "Stoltenberg" in first.who
    second = _one(jakarta, "As they become more and more aligned", QuoteKind.DIRECT)
    assert second.speaker == "Stoltenberg" and second.cue == "continued"


def test_jakarta_putin_via_tass(jakarta: list[Found]) -> None:
    putin = _one(jakarta, "Today, a new fundamental document", QuoteKind.DIRECT)
    assert putin.speaker == "President Putin"
    assert putin.medium == "TASS"


def test_jakarta_leader_kim(jakarta: list[Found]) -> None:
    inverted = _one(jakarta, "This strong agreement is nothing more", QuoteKind.DIRECT)
    assert inverted.speaker == "Leader Kim" and inverted.antecedent is None
    for start in ("I have no doubt this will be", "Times have changed"):
        quote = _one(jakarta, start, QuoteKind.DIRECT)
        assert quote.speaker == "he"
        assert quote.antecedent is not None and "Kim" in quote.antecedent
    long_quote = _one(jakarta, "There is no doubt that the Comprehensive", QuoteKind.DIRECT)
    assert long_quote.speaker == "Leader Kim"
    described = _one(jakarta, "the strongest and most comprehensive", QuoteKind.PARTIAL)
    assert described.speaker == "Leader Kim" and described.cue == "described"
    said = _one(jakarta, "the agreement on a new comprehensive", QuoteKind.INDIRECT)
    assert said.speaker == "Leader Kim"


def test_jakarta_ushakov(jakarta: list[Found]) -> None:
    explained = _one(jakarta, "this new document replaces the 1961", QuoteKind.INDIRECT)
    assert explained.cue == "explained"
    assert explained.speaker == "the Russian President Yury Ushakov"
    according = _one(jakarta, "this new document is needed", QuoteKind.INDIRECT)
    assert according.cue == "According to" and according.speaker == "Ushakov"
    official = _one(jakarta, "the new document would comply", QuoteKind.INDIRECT)
    assert official.speaker == "The Kremlin official"
    assert official.antecedent == "Ushakov"


def test_seeds_every_quote_is_attributed(kyiv: list[Found], jakarta: list[Found]) -> None:
    assert all(f.cue and (f.speaker or f.antecedent) for f in kyiv + jakarta)


# --- quote marks ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "content"),
    [
        ('He said: "We are ready." Then he left.', "We are ready."),
        ("He said: “We are ready.” Then he left.", "We are ready."),
        ("Er sagte: „Wir sind bereit.“ Dann ging er.", "Wir sind bereit."),
        ("Il a dit : « Nous sommes prêts. » Puis il est parti.", "Nous sommes prêts."),
        ("Er sagte: »Wir sind bereit.« Dann ging er.", "Wir sind bereit."),
        ("She said: ‘We don’t accept the voters’ verdict.’ Then she left.",
         "We don’t accept the voters’ verdict."),
        ("The NYT style: ''We are ready,'' he said.", "We are ready,"),
        ('It had" a huge amount of ammunition", while others waited.',
         "a huge amount of ammunition"),
    ],
)  # fmt: skip
def test_marks_of_every_style(text: str, content: str) -> None:
    spans = find_marked_spans(text)
    assert [text[s.start : s.end] for s in spans] == [content]


def test_apostrophes_are_not_quotes() -> None:
    text = "It's the farmers' land, and the '90s are over, O'Brien said of Trump's plan."
    assert find_marked_spans(text) == []


def test_unclosed_quote_runs_to_the_paragraph_end() -> None:
    text = 'He warned that "if we fail, they win.\n\nNext paragraph without marks.'
    (span,) = find_marked_spans(text)
    assert text[span.start : span.end] == "if we fail, they win."
    assert not span.closed


def test_quote_over_two_paragraphs() -> None:
    text = '"The first part goes on.\n\n"And the second part ends it," she said.'
    (span,) = find_marked_spans(text)
    assert span.paragraphs == 2 and span.closed
    assert text[span.start : span.end].startswith("The first part goes on.")
    assert text[span.start : span.end].endswith("ends it,")


def test_paragraphs_split_on_any_newline() -> None:
    text = "One.\n\nTwo.\nThree.\n"
    assert [text[s:e] for s, e in paragraph_spans(text)] == ["One.", "Two.", "Three."]


# --- constructions, English ----------------------------------------------------------


def test_direct_quote_with_inverted_speaker(english: Language) -> None:
    (quote,) = _found(english("“We will rebuild the bridge,” said Mayor Ana Ruiz."))
    assert quote.kind is QuoteKind.DIRECT
    assert quote.text == "We will rebuild the bridge,"
    assert (quote.cue, quote.speaker) == ("said", "Mayor Ana Ruiz")


def test_quote_continued_after_the_attribution(english: Language) -> None:
    found = _found(english('"We are ready," the coach said. "The team trained all winter."'))
    assert [f.kind for f in found] == [QuoteKind.DIRECT, QuoteKind.DIRECT]
    assert {f.speaker for f in found} == {"the coach"}


def test_multi_paragraph_quote_is_one_quote(english: Language) -> None:
    text = (
        "Finance Minister Tom Hale presented the budget.\n\n"
        '"This is the first part of a long statement.\n\n'
        '"And this is the second part," Hale said.'
    )
    (quote,) = _found(english(text))
    assert quote.kind is QuoteKind.DIRECT and quote.speaker == "Hale"
    assert quote.text.startswith("This is the first part")
    assert quote.text.endswith("the second part,")


def test_partial_quote_and_its_clause(english: Language) -> None:
    text = 'The mayor said the city had" a serious water problem", while others disagreed.'
    found = _found(english(text))
    partial = _one(found, "a serious water problem", QuoteKind.PARTIAL)
    assert partial.speaker == "The mayor"
    clause = _one(found, "the city had", QuoteKind.INDIRECT)
    assert clause.cue == partial.cue == "said"


def test_scare_quotes_and_titles_are_not_quotes(english: Language) -> None:
    assert _found(english('The film "Night Train" opened on Friday to good reviews.')) == []
    assert _found(english('The so-called "peace plan" was never published.')) == []


def test_short_fragment_is_a_quote_when_attributed(english: Language) -> None:
    found = _found(english('Critics called the plan "reckless."'))
    partial = _one(found, "reckless", QuoteKind.PARTIAL)
    assert (partial.cue, partial.speaker) == ("called", "Critics")


def test_indirect_speech(english: Language) -> None:
    (quote,) = _found(english("The minister said that the budget would be cut next year."))
    assert quote.kind is QuoteKind.INDIRECT
    assert quote.text == "the budget would be cut next year"
    assert quote.speaker == "The minister"


@pytest.mark.parametrize(
    ("text", "content", "source"),
    [
        ("According to the report, prices rose sharply in March.",
         "prices rose sharply in March", "the report"),
        ("Prices rose sharply in March, according to the central bank.",
         "Prices rose sharply in March", "the central bank"),
    ],
)  # fmt: skip
def test_according_to(english: Language, text: str, content: str, source: str) -> None:
    (quote,) = _found(english(text))
    assert (quote.kind, quote.text, quote.speaker) == (QuoteKind.INDIRECT, content, source)


def test_told_a_medium(english: Language) -> None:
    (quote,) = _found(english("Senator Mia Lopez told Reuters that the vote would be delayed."))
    assert quote.speaker == "Senator Mia Lopez" and quote.medium == "Reuters"
    assert quote.text == "the vote would be delayed"


def test_participle_cue_takes_the_main_subject(english: Language) -> None:
    text = (
        'President Lee spoke in Seoul. "The talks will continue," he said, '
        "adding that a deal was close."
    )
    found = _found(english(text))
    adding = _one(found, "a deal was close", QuoteKind.INDIRECT)
    assert adding.cue == "adding" and adding.speaker == "he" and adding.antecedent == "Lee"


def test_role_noun_antecedent(english: Language) -> None:
    text = (
        "Finance Minister Tom Hale presented the plan. The minister said the deficit would shrink."
    )
    (quote,) = _found(english(text))
    assert quote.speaker == "The minister" and quote.antecedent == "Tom Hale"


def test_pronoun_agrees_in_gender(english: Language) -> None:
    (quote,) = _found(english('Anna Berg met John Miles in Oslo. "It went well," she said.'))
    assert quote.speaker == "she" and quote.antecedent == "Anna Berg"


def test_it_refers_to_an_organization(english: Language) -> None:
    text = "Acme Corp reported a loss on Tuesday. It said demand had fallen in Europe."
    (quote,) = _found(english(text))
    assert quote.speaker == "It" and quote.antecedent == "Acme Corp"


def test_unmarked_speech_attributed_by_the_next_line(english: Language) -> None:
    text = (
        "Our schools need more money. Every child deserves a good teacher.\n\n"
        "Governor Sam Ortiz said, speaking at a rally in Denver."
    )
    (quote,) = _found(english(text))
    assert quote.kind is QuoteKind.UNMARKED
    assert quote.text == "Our schools need more money. Every child deserves a good teacher."
    assert quote.speaker == "Governor Sam Ortiz"


def test_narration_before_a_said_line_is_not_unmarked_speech(english: Language) -> None:
    text = "The storm hit the coast on Monday.\n\nThe mayor said, speaking on radio."
    assert _found(english(text)) == []


def test_idioms_are_not_cues(english: Language) -> None:
    assert _found(english("That said, the company expects growth to return.")) == []


def test_beliefs_are_opt_in() -> None:
    nlp = load_nlp("en")
    nlp.add_pipe("everyside_quotes", config={"beliefs": True})
    (quote,) = _found(nlp("The governor believes that the tax will pass."))
    assert quote.kind is QuoteKind.INDIRECT and quote.speaker == "The governor"


def test_overwrite_is_off_by_default(english: Language) -> None:
    doc = english.make_doc("placeholder")
    kept = QuoteAnnotation(0, 5, QuoteKind.DIRECT, None, None, None, None)
    doc._.quotes = [kept]
    english.get_pipe("everyside_quotes").set_annotations(doc, [])
    assert doc._.quotes == [kept]


# --- other languages (no parser) -----------------------------------------------------


def test_german() -> None:
    text = (
        "Die Lage sei ernst, sagte Kanzlerin Maria Berger am Montag.\n\n"
        "„Wir werden nicht nachgeben“, sagte Berger.\n\n"
        "Berger erklärte, dass die Regierung weitere Hilfen plane."
    )
    found = _found(_pipeline("de")(text))
    assert _one(found, "Die Lage sei ernst", QuoteKind.INDIRECT).speaker == "Kanzlerin Maria Berger"
    assert _one(found, "Wir werden nicht nachgeben", QuoteKind.DIRECT).speaker == "Berger"
    erklaerte = _one(found, "die Regierung weitere Hilfen plane", QuoteKind.INDIRECT)
    assert erklaerte.cue == "erklärte" and erklaerte.speaker == "Berger"


def test_spanish() -> None:
    text = (
        "«Es un día histórico», dijo el ministro Pablo Ortega.\n\n"
        "Según Ortega, el acuerdo llegará en mayo.\n\n"
        '"No vamos a ceder", añadió.'
    )
    found = _found(_pipeline("es")(text))
    assert _one(found, "Es un día histórico", QuoteKind.DIRECT).speaker == "Pablo Ortega"
    segun = _one(found, "el acuerdo llegará en mayo", QuoteKind.INDIRECT)
    assert (segun.cue, segun.speaker) == ("Según", "Ortega")
    dropped = _one(found, "No vamos a ceder", QuoteKind.DIRECT)
    assert dropped.speaker is None and dropped.antecedent == "Pablo Ortega"  # the full name


def test_indonesian() -> None:
    text = (
        '"Kami akan terus bekerja keras," kata Menteri Rina Wulandari di Jakarta.\n\n'
        "Menurut Rina, program itu akan selesai tahun depan.\n\n"
        '"Tidak ada yang berubah," ujarnya.'
    )
    found = _found(_pipeline("id")(text))
    assert _one(found, "Kami akan terus", QuoteKind.DIRECT).speaker == "Menteri Rina Wulandari"
    assert _one(found, "program itu akan selesai", QuoteKind.INDIRECT).speaker == "Rina"
    clitic = _one(found, "Tidak ada yang berubah", QuoteKind.DIRECT)
    assert (clitic.cue, clitic.speaker, clitic.antecedent) == ("ujarnya", "nya", "Rina")


def test_french() -> None:
    text = (
        "« Nous ne reculerons pas », a déclaré le ministre Paul Durand.\n\n"
        "Selon Durand, la réforme entrera en vigueur en janvier."
    )
    found = _found(_pipeline("fr")(text))
    direct = _one(found, "Nous ne reculerons pas", QuoteKind.DIRECT)
    assert (direct.cue, direct.speaker) == ("déclaré", "Paul Durand")
    assert _one(found, "la réforme entrera", QuoteKind.INDIRECT).speaker == "Durand"


# Partial quotes whose subject is set off from the cue by commas: an apposition or an
# insertion between the name and its verb.
@pytest.mark.parametrize(
    ("language", "text", "content", "speaker"),
    [
        ("de", "Ministerin Petra Lang, die seit Mai im Amt ist, sprach von einem „klaren Signal“.",
         "klaren Signal", "Petra Lang"),
        ("es", "La portavoz del partido, Marta Gil, describió el pacto como «un paso adelante».",
         "un paso adelante", "Marta Gil"),
        ("es", "Rosa Vidal, por su parte, aseguró que fue «un error grave».",
         "un error grave", "Rosa Vidal"),
        ("id", "Juru bicara kepolisian, Agus Salim, menyebut insiden itu \"sangat serius\".",
         "sangat serius", "Agus Salim"),
    ],
)  # fmt: skip
def test_subject_set_off_by_commas(language: str, text: str, content: str, speaker: str) -> None:
    found = _one(_found(_pipeline(language)(text)), content)
    assert found.speaker is not None and speaker in found.speaker


def test_name_apposed_to_a_role_after_the_cue() -> None:
    text = "«Nadie debe salir de casa», declaró la alcaldesa de Toledo, Clara Ruiz, por la tarde."
    assert _one(_found(_pipeline("es")(text)), "Nadie debe salir").speaker == "Clara Ruiz"


def test_colon_after_a_name_attributes_the_quote() -> None:
    text = (
        "Weber ging noch weiter: Es sei der „beste Plan seit Jahren“.\n\nWeber: „Wir bleiben dabei“"
    )
    found = _found(_pipeline("de")(text))
    assert _one(found, "beste Plan seit Jahren").speaker == "Weber"
    assert _one(found, "Wir bleiben dabei").speaker == "Weber"


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("de", "Zugleich sagten die Länder zu, die Mittel zu erhöhen. "
               "In Bayern sagten Schulen den Unterricht ab."),
        ("es", "Además, en Madrid dijeron que todo seguía igual."),
    ],
)  # fmt: skip
def test_sentence_adverbs_and_places_are_not_speakers(language: str, text: str) -> None:
    speakers = {f.speaker for f in _found(_pipeline(language)(text))}
    assert not speakers & {"Zugleich", "Bayern", "Además", "Madrid"}


def test_german_role_noun_and_titled_name() -> None:
    text = (
        "Umweltminister Jonas Brandt reiste nach Wien. Die Lage sei ernst, betonte der "
        "Österreicher Thomas Huber.\n\n"
        "Das Abkommen komme zu spät, sagte der Minister.\n\n"
        "„Wir haben keine Zeit“, sagt der Wiener Klimaforscher Stefan Gruber."
    )
    found = _found(_pipeline("de")(text))
    role = _one(found, "Das Abkommen komme zu spät", QuoteKind.INDIRECT)
    assert (role.speaker, role.antecedent) == ("Minister", "Thomas Huber")
    titled = _one(found, "Wir haben keine Zeit", QuoteKind.DIRECT)
    assert titled.speaker == "Wiener Klimaforscher Stefan Gruber"
    assert titled.antecedent == "Stefan Gruber"


def test_pronoun_takes_the_person_named_since_the_last_quote() -> None:
    text = (
        "„Der Vertrag ist historisch“, sagte Anna Roth.\n\n"
        "Kanzler Peter Vogel traf die Minister am Abend. „Wir prüfen alles“, sagte er."
    )
    found = _found(_pipeline("de")(text))
    assert _one(found, "Wir prüfen alles").antecedent == "Peter Vogel"
    spanish = "El ministro, Luis Mora, habló primero. «Es un buen día», dijo él."
    assert _one(_found(_pipeline("es")(spanish)), "Es un buen día").antecedent == "Luis Mora"


def test_english_pronoun_after_a_new_subject(english: Language) -> None:
    text = (
        '"We won," the mayor told Ann Price. Governor Paul Stone said it was fine.\n\n'
        'Later Mark Hill arrived at the hall. "It is over," he said.'
    )
    assert _one(_found(english(text)), "It is over").antecedent == "Mark Hill"


def test_title_naming_an_organization_resolves_to_the_person(english: Language) -> None:
    doc = english('"We will be back," Green Party leader Maria Santos said on Sunday.')
    (quote,) = doc._.quotes
    assert quote.speaker_text(doc.text) == "Maria Santos"


# --- the component -------------------------------------------------------------------


def test_save_and_reload(tmp_path: Path) -> None:
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("everyside_quotes", config={"beliefs": True, "unmarked": False})
    nlp.to_disk(tmp_path / "pipeline")
    reloaded = spacy.load(tmp_path / "pipeline")
    assert reloaded.pipe_names == ["sentencizer", "everyside_quotes"]
    finder = reloaded.get_pipe("everyside_quotes")
    assert finder.beliefs is True and finder.unmarked is False
    text = '"We are ready," said Ana Ruiz.'
    assert [q.text(text) for q in reloaded(text)._.quotes] == ["We are ready,"]


def test_annotations_survive_serialization(english: Language) -> None:
    doc = english('"We are ready," said Ana Ruiz.')
    restored = Doc(english.vocab).from_bytes(doc.to_bytes())
    assert restored._.quotes == doc._.quotes
    docs = DocBin(store_user_data=True, docs=[doc])
    (again,) = DocBin().from_bytes(docs.to_bytes()).get_docs(english.vocab)
    assert list(again._.quotes) == doc._.quotes  # DocBin gives sequences back as tuples


def test_component_declares_what_it_writes(english: Language) -> None:
    meta = english.get_pipe_meta("everyside_quotes")
    assert meta.assigns == ["doc._.quotes"]
    assert meta.requires == ["doc.sents"]


def test_paragraph_breaks_component() -> None:
    nlp = spacy.blank("en")
    nlp.add_pipe("everyside_paragraph_breaks")
    doc = nlp("First paragraph without a stop\n\nSecond paragraph")
    second = next(t for t in doc if t.text == "Second")
    assert second.is_sent_start


def test_empty_doc(english: Language) -> None:
    assert english("")._.quotes == []


def test_works_without_sentence_boundaries() -> None:
    nlp = spacy.blank("de")
    nlp.add_pipe("everyside_quotes")
    (quote,) = nlp("„Wir sind bereit“, sagte Berger.")._.quotes
    assert quote.kind is QuoteKind.DIRECT


# --- the cue data --------------------------------------------------------------------


def test_inflection() -> None:
    assert inflect("say", {"say": ["said", "says", "saying"]}) == ("say", "said", "says", "saying")
    assert inflect("note") == ("note", "notes", "noted", "noting")
    assert inflect("deny") == ("deny", "denies", "denied", "denying")
    assert inflect("stress") == ("stress", "stresses", "stressed", "stressing")


def test_lexicons() -> None:
    assert {"said", "told", "added", "according to"} <= lexicon_for("en").verbs | set(
        lexicon_for("en").sources
    )
    assert "dijo" in lexicon_for("es").verbs and "según" in lexicon_for("es").sources
    assert "mengatakan" in lexicon_for("id").verbs and "menurut" in lexicon_for("id").sources
    assert "sagte" in lexicon_for("de").verbs
    assert "déclaré" in lexicon_for("fr").verbs and "selon" in lexicon_for("fr").sources
    assert lexicon_for("xx") is lexicon_for("en")


@pytest.mark.parametrize(
    ("cue", "speech"),
    [("said", True), ("has said", True), ("according to", True), ("told", True),
     ("believes", False), ("called for", False), ("said in a statement", True), (":", False)],
)  # fmt: skip
def test_speech_cues(cue: str, speech: bool) -> None:
    assert is_speech_cue(cue) is speech


def test_module_exports() -> None:
    assert set(quote_module.__all__) >= {"QuoteAnnotation", "QuoteFinder", "find_marked_spans"}


# --- the learned attribution model (all_attributions) ----------------------------------


@pytest.fixture(scope="module")
def every_attribution() -> Language:
    """The English model with the quote component reporting every attribution."""
    nlp = load_nlp("en")
    nlp.add_pipe("everyside_quotes", config={"all_attributions": True})
    return nlp


def test_all_attributions_finds_beliefs_intentions_and_polls(
    english: Language, every_attribution: Language
) -> None:
    text = (
        "Most economists believe that the new tariff will raise prices. "
        "The governor wants to raise the minimum wage next year. "
        "The new poll shows that most voters want a change in Washington."
    )
    assert _found(english(text)) == []  # speech only, by default
    found = _found(every_attribution(text))
    belief = _one(found, "the new tariff will raise prices", QuoteKind.INDIRECT)
    assert belief.cue == "believe" and belief.speaker == "Most economists"
    intention = _one(found, "to raise the minimum wage", QuoteKind.INDIRECT)
    assert intention.cue == "wants" and intention.who == "The governor"
    poll = _one(found, "most voters want a change", QuoteKind.INDIRECT)
    assert poll.cue == "shows" and poll.speaker == "The new poll"


def test_all_attributions_keeps_what_the_rules_find(
    english: Language, every_attribution: Language
) -> None:
    text = '"We are ready," said Mayor Ana Ruiz. She said the bridge would reopen in May.'
    rules = _found(english(text))
    assert all(quote in _found(every_attribution(text)) for quote in rules)


def test_span_candidates_are_named_kinds(english: Language) -> None:
    doc = english("The poll shows that the race is close, according to the campaign.")
    for token in doc:
        if attribution.is_candidate(token):
            offered = attribution.span_candidates(token, attribution.SpanBounds(0, len(doc)))
            assert set(offered) <= set(attribution.SPAN_KINDS)
            assert all(0 <= first < last < len(doc) for first, last in offered.values())


def test_attribution_model_round_trip(tmp_path: Path) -> None:
    model = attribution.AttributionModel(bias=-1.0, weights={"w=claim": 3.0}, threshold=0.5)
    path = tmp_path / "model.json"
    path.write_text(json.dumps(model.to_json()), encoding="utf-8")
    loaded = attribution.load_model(path)
    assert loaded == model
    assert loaded.probability(["w=claim"]) > 0.5 > loaded.probability(["w=table"])
