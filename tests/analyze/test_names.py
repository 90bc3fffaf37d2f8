"""Names by capitalization in languages without a recognizer (analyze/names.py)."""

from __future__ import annotations

import pytest
import spacy
from spacy.language import Language

from everyside.analyze import names
from everyside.analyze.pipeline import build_pipeline
from tests.analyze.conftest import analyze_text


def _names(language: str, text: str) -> list[tuple[str, str]]:
    """The (text, label) of every name the component alone finds."""
    nlp = spacy.blank(language)
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("everyside_capitalized_names")
    return [(span.text, span.label_) for span in nlp(text).ents]


def test_spanish_names_mid_sentence_not_sentence_openers() -> None:
    found = _names(
        "es",
        "Ayer la empresa Vantaria Solar abrió una planta. Luego habló la ministra Ilse "
        "Varga con la Organización Mundial de la Salud. Mañana seguirá el trabajo.",
    )
    assert ("Vantaria Solar", "NAME") in found
    assert ("Ilse Varga", "PERSON") in found  # after a title
    assert ("Organización Mundial de la Salud", "NAME") in found
    assert not {"Ayer", "Luego", "Mañana"} & {text for text, _ in found}


def test_a_sentence_opener_that_recurs_inside_is_a_name() -> None:
    found = _names("es", "Quintela ganó. El equipo de Quintela celebró en la plaza.")
    assert [text for text, _ in found] == ["Quintela", "Quintela"]


def test_an_opener_no_dictionary_knows_stays_before_more_of_the_name() -> None:
    # "Tobio" opens the sentence and never recurs, but no dictionary knows it: the whole
    # name, not "Larraz" alone; "Luego" is a word, trimmed as before.
    found = _names("es", "Tobio Larraz marcó el gol. Luego Vantaria Solar ganó.")
    assert [text for text, _ in found] == ["Tobio Larraz", "Vantaria Solar"]


def test_a_short_form_of_a_named_entity_is_that_entity() -> None:
    doc = analyze_text(
        build_pipeline("es"),
        "Los aliados de la OTAN se reunieron. Los socios de la Alianza pagan, y la Alianza crece.",
    )
    by_text = {m.text: m.entity_id for m in doc._.mentions}
    assert by_text["Alianza"] == by_text["OTAN"] == "org:nato"


def test_a_word_the_article_also_writes_small_is_no_name() -> None:
    found = _names("es", "Habló con el Gobierno. El gobierno no contestó a la prensa.")
    assert found == []


def test_german_is_conservative() -> None:
    text = (
        "Die Regierung hat am Abend neue Regeln für Schulen beschlossen. Präsidentin Ilse "
        "Varga sagte, die CDU werde zustimmen. Später lobte der Verband Varga für die "
        "Arbeit mit Nordlicht Energie, und Nordlicht Energie investiert im Hafen."
    )
    found = _names("de", text)
    assert ("Ilse Varga", "PERSON") in found
    assert ("Varga", "PERSON") in found  # the surname of a person named in full
    assert ("CDU", "NAME") in found
    assert ("Nordlicht Energie", "NAME") in found  # the same run twice
    assert not {"Regierung", "Abend", "Regeln", "Schulen", "Verband", "Arbeit", "Hafen"} & {
        text for text, _ in found
    }


def test_headlines_and_particles() -> None:
    # A title-case line says nothing; Polish "do" is a preposition, no particle.
    assert _names("pl", "Nowe Przepisy Wchodzą Dzisiaj W Życie\nWyniki podano wczoraj.") == []
    found = _names("pl", "Wczoraj pojechał z Ewą Lisowską do Brzozowic Górnych.")
    assert [text for text, _ in found] == ["Ewą Lisowską", "Brzozowic Górnych"]


def test_turkish_case_endings() -> None:
    found = _names("tr", "Dün Ahmet Korkmaz'ın açıklaması Vantaria Şirketi'ne ulaştı.")
    assert [text for text, _ in found] == ["Ahmet Korkmaz'ın", "Vantaria Şirketi'ne"]


def test_linked_to_the_tables_or_made_entities(monkeypatch: pytest.MonkeyPatch) -> None:
    doc = analyze_text(
        build_pipeline("es"),
        "Ayer el presidente Wladimir Putin recibió a la ministra Ilse Varga en Moscú.",
    )
    by_text = {m.text: doc._.entities[m.entity_id] for m in doc._.mentions}
    assert by_text["Wladimir Putin"].id == "person:vladimir-putin"
    assert by_text["Ilse Varga"].id == "person:ilse-varga"
    assert by_text["Ilse Varga"].kind == "PERSON"


def test_the_setting_chooses_languages(monkeypatch: pytest.MonkeyPatch) -> None:
    assert {"de", "es"} <= names.name_languages()
    monkeypatch.setenv(names.LANGUAGES_VARIABLE, "pl, tr")
    assert names.name_languages() == {"pl", "tr"}
    monkeypatch.setenv(names.LANGUAGES_VARIABLE, "")
    assert names.name_languages() == frozenset()
    build_pipeline.cache_clear()
    try:
        assert "everyside_capitalized_names" not in build_pipeline("es").pipe_names
    finally:
        build_pipeline.cache_clear()


def test_only_where_no_recognizer_runs() -> None:
    assert "everyside_capitalized_names" in build_pipeline("de").pipe_names
    assert "everyside_capitalized_names" not in build_pipeline("en").pipe_names


def test_save_and_reload() -> None:
    nlp: Language = spacy.blank("es")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("everyside_capitalized_names")
    again = spacy.blank("es")
    again.add_pipe("sentencizer")
    again.add_pipe("everyside_capitalized_names")
    again.from_bytes(nlp.to_bytes())
    assert [e.text for e in again("Lo dijo Vantaria Solar.").ents] == ["Vantaria Solar"]


def test_turkish_titles_with_their_possessive_split_institution_from_person() -> None:
    found = _names("tr", "Dün Vantaria Hastanesi Başhekimi Ozan Demirtaş açıklama yaptı.")
    assert ("Vantaria Hastanesi", "NAME") in found
    assert ("Ozan Demirtaş", "PERSON") in found


def test_turkish_demonyms_are_no_names() -> None:
    found = _names(
        "tr",
        "Dün Vantaria'da toplantı oldu, Vantarialılar, ABD'li işçiler ve Vantaria halkı geldi.",
    )
    assert [text for text, _ in found] == ["Vantaria'da", "Vantaria"]


def test_inflected_forms_recur_and_join_one_entity(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(names.LANGUAGES_VARIABLE, "pl")
    build_pipeline.cache_clear()
    try:
        doc = analyze_text(
            build_pipeline("pl"),
            "Wczoraj Tobiasz Nowacki mówił długo. Słowa Nowackiego, czyli Nowackim, dotarły "
            "do Putina. Potem wojewoda Kidawa-",
        )
    finally:
        build_pipeline.cache_clear()
    by_text = {m.text: m.entity_id for m in doc._.mentions}
    # Forms of a surname the article gives in full are that name, recurring or not.
    assert by_text["Nowackiego"] == by_text["Nowackim"] == by_text["Tobiasz Nowacki"]
    assert by_text["Putina"] == "person:vladimir-putin"  # the tables' name, less "-a"
    assert not any(text.endswith("-") for text in by_text)  # a broken name is none


def test_currencies_and_glued_headline_capitals_are_no_names() -> None:
    found = _names(
        "tr", "Dün 15 TL ve 3 USD ödendi. YATAĞA MAHKUM KALDIGeçen hafta Vantaria geldi."
    )
    assert [text for text, _ in found] == ["Vantaria"]


def test_office_words_before_a_title_and_labels_of_values_are_no_names() -> None:
    found = _names(
        "tr",
        "Haber | Son Güncelleme: 05.01.2020\nDün akşam saatlerinde Dışişleri Bakanı Ozan Demirtaş,"
        " uzun süren toplantının ardından İsrail Başbakanı ile telefonda görüştü. Dışişleri"
        " Bakanı yarın da konuşacak.\nHaber | Son Güncelleme: 06.01.2020",
    )
    assert [text for text, _ in found] == ["Ozan Demirtaş", "İsrail"]


def test_turkish_ve_joins_one_institution_not_two_names() -> None:
    found = _names(
        "tr",
        "Dün akşam saatlerinde Vantaria Ticaret ve Sanayi Odası ile birlikte Başkanı Ozan"
        " Demirtaş ve Kulüpler Birliği Vakfı bir açıklama yaptılar.",
    )
    texts = [text for text, _ in found]
    assert "Vantaria Ticaret ve Sanayi Odası" in texts
    assert "Ozan Demirtaş" in texts  # after a title: a person, not joined
