"""Event coding: the seed articles, moods, compound actors, agents, tables and round trips."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
import spacy
import srsly  # type: ignore[import-untyped]
from spacy.language import Language

from everyside.analyze.cameo import (
    ActorCode,
    EventAnnotation,
    EventCoder,
    EventLexicon,
    event_from,
    load_actor_files,
    read_verb_dictionary,
)
from everyside.analyze.cameo.mood import verb_mood
from everyside.analyze.pipeline import build_pipeline
from everyside.ingest.sources import InputFile
from everyside.ingest.text import read_text
from everyside.model import Article, EventMood
from everyside.settings import IngestOptions
from tests.analyze.conftest import analyze_text

JUNE_2024 = date(2024, 6, 20)


@pytest.fixture(scope="module")
def coder() -> EventCoder:
    """The event coder with everyside's shipped tables."""
    return EventCoder()


def _events(nlp: Language, coder: EventCoder, text: str) -> list[EventAnnotation]:
    return coder.code(analyze_text(nlp, text, JUNE_2024))


def _triples(events: list[EventAnnotation]) -> set[tuple[str | None, str, str | None]]:
    return {(e.source, e.code, e.target) for e in events}


def _seed(seeds: Path, name: str) -> Article:
    path = seeds / name
    (article,) = read_text(InputFile(str(path), path), IngestOptions())
    assert isinstance(article, Article)
    return article


def test_seed_articles_events(english: Language, seeds: Path) -> None:
    coder = EventCoder(statements="all")
    found: list[EventAnnotation] = []
    for name in ("000_0a8e922b3ed89e77.txt", "001_526393992c5fe1fa.txt"):
        article = _seed(seeds, name)
        published = article.published_at.date() if article.published_at else None
        found += coder.code(analyze_text(english, article.body, published))
    triples = _triples(found)
    # Putin and Kim sign an agreement: CAMEO 057, both ways (a paired code).
    assert ("RUSGOV", "057", "PRKGOV") in triples
    assert ("PRKGOV", "057", "RUSGOV") in triples
    # North Korea provided ammunition to Russia: material cooperation (06/07).
    assert any(s == "PRK" and t == "RUS" and c[:2] in ("06", "07") for s, c, t in triples)
    # Stoltenberg, NATO's Secretary General, comments on it: a statement coded as NATO.
    assert any(s == "IGOWSTNAT" and c[:2] in ("01", "02") for s, c, _ in triples)
    # Four leaders invited to the NATO summit: "invite" is 040 in the CAMEO table.
    invited = {t for s, c, t in triples if c == "040" and s is None}
    assert {"AUSGOV", "JPNGOV", "NZLGOV", "KORGOV"} <= invited
    signing = next(e for e in found if e.code == "057" and e.source == "RUSGOV")
    assert signing.source_entity == "person:vladimir-putin"
    assert signing.target_entity == "person:kim-jong-un"
    assert signing.mood is EventMood.ASSERTED


@pytest.mark.parametrize(
    ("text", "mood"),
    [
        ("Russia signed a treaty with Ukraine.", EventMood.ASSERTED),
        ("Russia did not sign the treaty with Ukraine.", EventMood.NEGATED),
        ("Russia will not sign the treaty with Ukraine.", EventMood.NEGATED),
        ("Russia could sign a treaty with Ukraine.", EventMood.HYPOTHETICAL),
        ("If Russia signs the treaty with Ukraine, the war ends.", EventMood.HYPOTHETICAL),
        ("Russia will sign a treaty with Ukraine.", EventMood.FUTURE),
        ("Russia is going to attack Ukraine.", EventMood.FUTURE),
        ("Russia said it would sign a treaty with Ukraine.", EventMood.FUTURE),
        ("Russia is ready to sign a treaty with Ukraine.", EventMood.FUTURE),
        ("Russia refused to allow inspectors into Ukraine.", EventMood.NEGATED),
        ("Russia provided no aid to Ukraine.", EventMood.NEGATED),
        ("Russia denied that it attacked Ukraine.", EventMood.NEGATED),
        ("Russia urged Ukraine to withdraw its troops.", EventMood.HYPOTHETICAL),
        # A clause with its own subject under an action that did not happen: no refusal
        # or promise of that subject.
        ("Russia refused to allow Ukrainian troops to attack Poland.", EventMood.HYPOTHETICAL),
        (
            "Chilean officials resigned to allow Peruvian troops to attack Bolivia.",
            EventMood.HYPOTHETICAL,
        ),
    ],
)
def test_mood(english: Language, coder: EventCoder, text: str, mood: EventMood) -> None:
    # The signing or attack itself (the last coded action of the sentence).
    events = _events(english, coder, text)
    assert events
    last = max(e.action_span for e in events)
    assert {e.mood for e in events if e.action_span == last} == {mood}


def test_a_purpose_is_not_asserted(english: Language) -> None:
    doc = english("Russia moved troops to the border to attack Ukraine.")
    (attack,) = (t for t in doc if t.lower_ == "attack")
    assert verb_mood(attack) is EventMood.HYPOTHETICAL


def test_compound_actors_expand_to_pairs(english: Language, coder: EventCoder) -> None:
    events = _events(english, coder, "Russia and China condemned Ukraine and Poland on Monday.")
    pairs = {(e.source, e.target) for e in events}
    assert pairs == {("RUS", "UKR"), ("RUS", "POL"), ("CHN", "UKR"), ("CHN", "POL")}
    assert {e.occurred_on for e in events} == {date(2024, 6, 17)}


def test_agents_join_the_country(english: Language, coder: EventCoder) -> None:
    events = _events(english, coder, "Ukrainian rebels attacked Russian troops.")
    assert _triples(events) == {("UKRREB", "190", "RUSMIL")}
    events = _events(english, coder, "The ambassadors of France and Japan met Chinese officials.")
    assert {e.source for e in events if e.target == "CHNGOV"} == {"FRAGOV", "JPNGOV"}


def test_an_active_verb_needs_an_actor_as_subject(english: Language, coder: EventCoder) -> None:
    assert _events(english, coder, "The weather attacked Ukraine.") == []


def test_an_event_names_an_actor(english: Language, coder: EventCoder) -> None:
    # Neither who acted nor a country or organization it was done to.
    assert _events(english, coder, "Twelve villagers were killed on Sunday.") == []
    assert {e.target for e in _events(english, coder, "Norwegian traders were killed.")} == {
        "NORBUS"
    }
    # A passive whose agent is a thing says no one acted, as an active verb would.
    text = "Three Peruvian soldiers were killed by a roadside bomb near the border."
    assert _events(english, coder, text) == []
    text = "Three Peruvian soldiers were killed by Bolivian rebels near the border."
    assert _triples(_events(english, coder, text)) == {("BOLREB", "190", "PERMIL")}


def test_things_are_no_targets(english: Language, coder: EventCoder) -> None:
    # "military" names no actor in "military equipment"; the troops are what is sent.
    events = _events(english, coder, "Norway sent military equipment to Iceland.")
    assert {(e.source, e.target) for e in events} == {("NOR", "ISL")}
    events = _events(english, coder, "Norway sent its soldiers to Iceland.")
    assert {(e.source, e.target) for e in events} == {("NOR", "ISL")}


def test_a_demand_is_made_to_the_subject_of_its_clause(
    english: Language, coder: EventCoder
) -> None:
    events = _events(english, coder, "Norway demanded that Iceland stop whaling.")
    assert ("NOR", "ISL") in {(e.source, e.target) for e in events if e.code[:2] == "10"}


def test_relative_clauses_are_background(english: Language, coder: EventCoder) -> None:
    # The attack is what the sentence reports; the protest describes who was attacked.
    events = _events(
        english, coder, "Chile attacked Peruvian fishermen who had protested against Chile."
    )
    assert {e.code[:2] for e in events} == {"19"}


def test_agree_to_is_an_intent(english: Language, coder: EventCoder) -> None:
    events = _events(english, coder, "Chile and Peru agreed to undertake joint fishing studies.")
    assert {e.code for e in events} == {"030"}


@pytest.mark.parametrize(
    ("text", "root", "mood"),
    [
        # Cooperation committed to is an expressed intent (03), in the commitment's mood.
        ("Chile has agreed to lift the embargo on Peru.", "03", EventMood.ASSERTED),
        ("Chile pledged to send troops to Peru.", "03", EventMood.ASSERTED),
        ("Chile did not agree to lift the embargo on Peru.", "03", EventMood.NEGATED),
        # Conflict committed to is a threat (13).
        ("Chile vowed to attack Peru.", "13", EventMood.ASSERTED),
        ("Chile threatened to impose sanctions on Peru.", "13", EventMood.ASSERTED),
    ],
)
def test_commitments_are_coded_by_their_complement(
    english: Language, coder: EventCoder, text: str, root: str, mood: EventMood
) -> None:
    events = _events(english, coder, text)
    assert {(e.source, e.code[:2], e.target, e.mood) for e in events} == {
        ("CHL", root, "PER", mood)
    }


def test_statements_only_when_asked(english: Language) -> None:
    text = "Chile said on Monday that the talks had failed. Chile said to Peru that it agreed."
    coded = {
        mode: {(e.code[:2], e.target) for e in _events(english, EventCoder(statements=mode), text)}
        for mode in ("none", "addressed", "all")
    }
    assert not any(root == "01" for root, _ in coded["none"])
    assert {t for root, t in coded["addressed"] if root == "01"} == {"PER"}
    assert {t for root, t in coded["all"] if root == "01"} == {None, "PER"}
    with pytest.raises(ValueError, match="statements"):
        EventCoder(statements="some")


def test_a_role_target_is_of_the_source_country(english: Language) -> None:
    text = "Egyptian police beat demonstrators in Cairo."
    assert {e.target for e in _events(english, EventCoder(), text)} == {"EGYOPP"}
    assert {e.target for e in _events(english, EventCoder(domestic_roles=False), text)} == {
        "---OPP"
    }


def test_former_names_of_organizations(english: Language, coder: EventCoder) -> None:
    events = _events(english, coder, "The European Community gave aid to Ghana.")
    assert {(e.source, e.target) for e in events} == {("IGOEUREEC", "GHA")}


def test_event_record_carries_the_code_table(english: Language, coder: EventCoder) -> None:
    (forward, _) = _events(english, coder, "Russia signed a treaty with Ukraine on Wednesday.")
    event = event_from("a1", forward)
    assert (event.source_actor, event.cameo_code, event.target_actor) == ("RUS", "057", "UKR")
    assert event.quad_class == 1
    assert event.goldstein == pytest.approx(8.0)
    assert event.occurred_on == date(2024, 6, 19)
    assert event.action == "signed treaty"
    assert event.action_span is not None


def test_annotations_survive_msgpack() -> None:
    event = EventAnnotation(
        sentence=(0, 10),
        action_span=(2, 5),
        action="sign",
        code="057",
        source="RUS",
        target=None,
        mood=EventMood.FUTURE,
        occurred_on=JUNE_2024,
    )
    assert srsly.msgpack_loads(srsly.msgpack_dumps([event])) == [event]


def test_component_saves_and_reloads(tmp_path: Path) -> None:
    nlp = spacy.blank("es")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("everyside_events")
    nlp.to_disk(tmp_path / "pipeline")
    reloaded = spacy.load(tmp_path / "pipeline")
    assert reloaded.pipe_names == ["sentencizer", "everyside_events"]
    doc = reloaded("Rusia firmó un acuerdo con Ucrania.")
    # No mentions: only the names the actor table knows in Spanish ("Rusia", not "Ucrania").
    assert [(e.source, e.code, e.target) for e in doc._.events] == [("RUS", "057", None)]


def test_spanish_demonyms() -> None:
    nlp = build_pipeline("es")
    coder = EventCoder(language="es")
    doc = nlp("El ejército peruano atacó a los manifestantes.")
    assert {e.source for e in coder.code(doc)} == {"PERMIL"}


def test_spanish_event_nouns() -> None:
    nlp = build_pipeline("es")
    coder = EventCoder(language="es")
    doc = nlp("Los campesinos de Bolivia cortaron rutas en protesta por los precios.")
    assert "140" in {e.code for e in coder.code(doc)}


def test_spanish_without_a_parse() -> None:
    nlp = build_pipeline("es")
    coder = EventCoder(language="es")
    doc = nlp("Rusia firmó un acuerdo con Corea del Norte. Rusia no atacará a Ucrania.")
    assert [(e.source, e.code, e.target, e.mood) for e in coder.code(doc)] == [
        ("RUS", "057", "PRK", EventMood.ASSERTED),
        ("RUS", "190", "UKR", EventMood.NEGATED),
    ]


def test_petrarch_dictionaries(tmp_path: Path, english: Language) -> None:
    verbs = tmp_path / "verbs.txt"
    verbs.write_text(
        "&TIES\n+DIPLOMATIC_TIES\n+RELATIONS\n\n"
        "--- RESTORE [060] ---\nRESTORE\nRENEW {RENEWS RENEWED}\n"
        "- * &TIES (WITH) [064]  # restore ties\n"
        "--- LEAVE [---] ---\nLEAVE {LEFT}\n- * (FOR) [032:033]\n",
        encoding="utf-8",
    )
    actors = tmp_path / "actors.txt"
    actors.write_text(
        "ARNOR [ARN]\n+ARNORIAN\nGONDOR [GON]\nMINAS_TIRITH\nOSGILIATH_CITY\n\t[GON]\n"
        "SAM_GAMGEE [HOB]\n\t[HOBGOV 20121109-20130119]\n",
        encoding="utf-8",
    )
    agents = tmp_path / "agents.txt"
    agents.write_text(
        "!PERSON! = MAN, MEN\nCONGRESS!PERSON! [~LEG]\nSOLDIER [~MIL]\nMSF {} [NGO~]\n",
        encoding="utf-8",
    )
    table = read_verb_dictionary(verbs)
    assert table.base_of("renewed") == "renew"
    assert [p.code for p in table.patterns("renew")] == ["060", "064"]
    dictionary = load_actor_files([actors], [agents])
    assert dictionary.code_on(("minas", "tirith"), None) == "GON"
    assert dictionary.actors[("sam", "gamgee")][1] == ActorCode(
        "HOBGOV", date(2012, 11, 9), date(2013, 1, 19)
    )
    assert dictionary.code_on(("sam", "gamgee"), date(2013, 1, 1)) == "HOBGOV"
    assert dictionary.code_on(("sam", "gamgee"), date(1995, 1, 1)) == "HOB"
    assert dictionary.agents[("congressmen",)].code == "LEG"
    assert dictionary.agents[("msf",)].prefix
    coder = EventCoder(lexicon=EventLexicon(table, dictionary), require_target=True)
    doc = analyze_text(english, "Arnorian soldiers renewed diplomatic ties with Gondor.", None)
    assert _triples(coder.code(doc)) == {("ARNMIL", "064", "GON")}
    doc = analyze_text(english, "Arnor left for Minas Tirith on Monday.", None)
    assert _triples(coder.code(doc)) == {("ARN", "032", "GON"), ("GON", "033", "ARN")}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A count or group noun acts as the people of its "of" phrase.
        ("A group of Chilean diplomats met Argentine officials in Lima.", ("CHLGOV", "ARGGOV")),
        # A protest naming no one is made to the protesters' government.
        ("Hundreds of Bolivian miners demonstrated in La Paz on Friday.", ("BOL", "BOLGOV")),
        # An apposition naming an organization is whom the person acts for.
        ("Maria Lopez, the United Nations envoy, criticized Peru on Friday.", ("IGOUNO", "PER")),
        # A people named in the plural is its country.
        ("Ghana expelled 40 Peruvians last week.", ("GHA", "PER")),
        # An ethnic group is coded by where it lives.
        ("Ethnic Peruvians in Chile protested against Bolivia.", ("CHL", "BOL")),
        # A role is of the place it is throughout.
        ("Students throughout Chile demonstrated on Friday.", ("CHLEDU", "CHLGOV")),
    ],
)
def test_actor_phrases(
    english: Language, coder: EventCoder, text: str, expected: tuple[str, str]
) -> None:
    assert {(e.source, e.target) for e in _events(english, coder, text)} == {expected}


def test_coordinated_modifiers_and_one_direction(english: Language) -> None:
    text = "Chilean and Peruvian officials signed a trade agreement on Monday."
    both = {(e.source, e.target) for e in _events(english, EventCoder(), text)}
    assert both == {("CHLGOV", "PERGOV"), ("PERGOV", "CHLGOV")}
    one_way = _events(english, EventCoder(reciprocal=False), "Russia signed a treaty with Ukraine.")
    assert {(e.source, e.target) for e in one_way} == {("RUS", "UKR")}


def test_a_passive_conjunct_shares_the_subject(english: Language, coder: EventCoder) -> None:
    text = "Peru's president was criticized by the United Nations and will visit Chile."
    assert {(e.source, e.code[:2]) for e in _events(english, coder, text)} == {
        ("IGOUNO", "11"),
        ("PERGOV", "04"),
        ("CHL", "04"),
    }


def test_a_named_role_takes_the_article_country(english: Language, coder: EventCoder) -> None:
    # A person the tables do not know is of the country the article names most ...
    text = "President Rafael Moreno threatened to impose a curfew in Lima."
    assert {(e.source, e.target) for e in _events(english, coder, text)} == {("PERGOV", "PER")}
    # ... and of none when two countries are named as often.
    text = "President Rafael Moreno threatened to impose a curfew in Lima and Quito."
    assert {e.source for e in _events(english, coder, text)} == {"---GOV"}


def test_purpose_clauses_aim_and_background_clauses_code_nothing(
    english: Language, coder: EventCoder
) -> None:
    # An action without an object is aimed at the object of its purpose clause ...
    text = "Peruvian police opened fire to disperse Bolivian smugglers on Monday."
    assert {(e.source, e.target) for e in _events(english, coder, text)} == {("PERCOP", "BOLCRM")}
    # ... and a "while" clause sets the scene of the sentence's event.
    text = "Chile criticized Peru while Bolivian officials accused Argentina of spying."
    assert {(e.source, e.target) for e in _events(english, coder, text)} == {("CHL", "PER")}
    # The whole clause does, what it reports too.
    text = "Chile criticized Peru while Bolivian officials said Argentina attacked Uruguay."
    assert {(e.source, e.target) for e in _events(english, coder, text)} == {("CHL", "PER")}


def test_what_another_must_do_is_a_demand(english: Language, coder: EventCoder) -> None:
    text = "The Chilean foreign minister said on Monday that Peru must return the prisoners."
    events = _events(english, coder, text)
    assert ("CHLGOV", "100", "PER") in _triples(events)
    assert {e.mood for e in events if e.source == "PER"} == {EventMood.HYPOTHETICAL}


def test_an_adjective_takes_its_copulas_negation_and_modals(
    english: Language, coder: EventCoder
) -> None:
    moods = {
        text: {e.mood for e in _events(english, coder, text)}
        for text in (
            "Chile is not ready to sign a treaty with Peru.",
            "Chile must be ready to sign a treaty with Peru.",
        )
    }
    assert list(moods.values()) == [{EventMood.NEGATED}, {EventMood.HYPOTHETICAL}]


def test_a_conditional_threat_is_made_to_whoever_must_meet_the_condition(
    english: Language, coder: EventCoder
) -> None:
    for text, target in (
        ("Chile threatened to impose sanctions if Peru holds the vote.", "PER"),
        ("Chile threatened to close the border unless Bolivia withdraws its troops.", "BOL"),
    ):
        threats = [e for e in _events(english, coder, text) if e.code.startswith("13")]
        assert [(e.source, e.target) for e in threats] == [("CHL", target)]


def test_coordinated_verbs_tell_one_event_once(english: Language, coder: EventCoder) -> None:
    text = "Chile has restored diplomatic ties with and opened an embassy in Lima."
    assert {(e.source, e.target) for e in _events(english, coder, text)} == {("CHL", "PERGOV")}


def test_a_verb_alone_done_to_no_one_codes_nothing(english: Language, coder: EventCoder) -> None:
    # "attacked" with no one attacked and no word of a pattern says too little ...
    assert not _events(english, coder, "The Bolivian rebels attacked on Sunday.")
    # ... a target or a pattern's words make it an event.
    assert _triples(_events(english, coder, "The Bolivian rebels attacked Peru on Sunday.")) == {
        ("BOLREB", "190", "PER")
    }
    assert _events(english, coder, "Chile and Peru signed a trade agreement.")


def test_a_discard_phrase_counts_in_the_clause_that_tells_the_event(
    english: Language, coder: EventCoder
) -> None:
    # Phoenix's discards ("weeks ago", a year) keep history out of the events ...
    assert not _events(english, coder, "Chile released the Peruvian fishermen two weeks ago.")
    assert not _events(english, coder, "In 1983 Chile signed an agreement with Peru.")
    # ... but in a clause that tells who someone is, or why, they date something else.
    text = "Chile released the Peruvian fishermen whom it had arrested two weeks ago."
    assert _triples(_events(english, coder, text)) == {("CHL", "084", "PERAGR")}
    text = "Chile signed an agreement with Peru to increase trade in 1983."
    assert ("CHL", "057", "PER") in _triples(_events(english, coder, text))


def test_an_unspecified_intent_is_said_by_committing(english: Language, coder: EventCoder) -> None:
    # The table's 030 reaches other verbs through block-wide patterns: no intent there.
    assert not _events(english, coder, "Chilean troops captured part of a Peruvian stronghold.")
    assert not _events(english, coder, "Chile ordered Peru to suspend the vote.")
    assert _triples(_events(english, coder, "Chile agreed to a Peruvian proposal.")) == {
        ("CHL", "030", "PER")
    }
