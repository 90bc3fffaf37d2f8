"""Words that mark reported speech, per language: cue verbs, source phrases, pronouns, media.

The words are data, in ``data/cues.json``; this module reads them into one
``CueLexicon`` per language. The quote finder (``analyze/quotes/``) never spells a
cue word itself, so adding a language or a verb is an edit of the JSON file only.
English verbs are listed by base form and inflected here (the English pipeline has
no lemmatizer); the other languages list the word forms news text uses, since they
are matched without a parser.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

CUES_FILE = Path(__file__).resolve().parent.parent / "data" / "cues.json"

# Pronoun classes for agreement when linking a pronoun or role noun to a named mention.
MALE = "m"
FEMALE = "f"
ANY = "x"  # "who", "I", clitics, unknown names: agree with any person
ORGANIZATION = "o"  # "it", "the company": agree with organizations only


@dataclass(frozen=True, slots=True, kw_only=True)
class CueLexicon:
    """The cue words of one language, all lowercase.

    Args:
        language: ISO 639-1 code.
        verbs: word forms that introduce reported speech ("said", "sagte", "dijo").
        say_verbs: the subset of ``verbs`` that are verbs of saying proper (English:
            "said", "told", not "called" or "praised"); used to score speech only.
        belief_verbs: forms of believing verbs ("thinks"), used only with a clause.
        control_verbs: cues that report an object and an infinitive ("urged X to").
        quote_only_verbs: forms that attribute a quote right beside them but never
            introduce an indirect clause (German "so": "„…“, so Scholz").
        not_cues: forms that look like cues but are other words in news text.
        idioms: phrases whose cue word reports nothing ("that said", "needless to say").
        sources: phrases followed by the speaker ("according to", "según", "menurut").
        postposed_sources: phrases that follow the speaker ("X zufolge").
        complementizers: words that open a reported clause ("that", "dass", "bahwa").
        pronouns: pronoun -> class (``MALE``, ``FEMALE``, ``ANY``, ``ORGANIZATION``).
        relatives: relative pronouns ("who"): the speaker is the noun they hang on.
        clitic_cues: cue forms with a pronoun suffix ("ujarnya" = "he said") and the
            length of that suffix, which is then the speaker as written.
        non_names: capitalized words that are not names (articles, pronouns, days).
        prepositions: words after which a name is a place or an object, not a speaker
            ("in Norddeutschland sagten", "a Emmanuel Macron").
        definite_articles: articles of a definite noun phrase ("der", "el"), which
            may stand between a cue and its speaker.
        capitalized_nouns: whether every noun is capitalized (German): then a single
            capitalized word after a definite article is a role noun ("der Norweger"),
            not a name.
        subjunctive_markers: verb forms used only to report speech (German Konjunktiv I:
            "sei", "habe"); a sentence holding one continues the attribution before it.
        separable_particles: particle -> cue forms it turns into another verb when it
            ends their clause (German "sagte ... ab" = cancelled, "sagte ... zu" =
            promised).
        honorifics: title -> gender ("mrs." -> ``FEMALE``), for pronoun agreement.
        female_names, male_names: first names, for pronoun agreement and for telling
            persons from other names; shared by every language.
        organization_nouns: role nouns that stand for organizations ("the company").
        name_particles: lowercase words inside names ("de la" in "Luis de la Fuente").
        medium_markers: phrases before a medium's name ("told", "quoted by"), with
            whether the name must contain a ``media_words`` word.
        media_words: words that make a name a news medium ("Reuters", "Fox News").
    """

    language: str
    verbs: frozenset[str]
    say_verbs: frozenset[str] = frozenset()
    belief_verbs: frozenset[str] = frozenset()
    control_verbs: frozenset[str] = frozenset()
    quote_only_verbs: frozenset[str] = frozenset()
    not_cues: frozenset[str] = frozenset()
    idioms: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    postposed_sources: tuple[str, ...] = ()
    complementizers: frozenset[str] = frozenset()
    pronouns: Mapping[str, str] = field(default_factory=dict)
    relatives: frozenset[str] = frozenset()
    clitic_cues: Mapping[str, int] = field(default_factory=dict)
    non_names: frozenset[str] = frozenset()
    prepositions: frozenset[str] = frozenset()
    definite_articles: frozenset[str] = frozenset()
    capitalized_nouns: bool = False
    subjunctive_markers: frozenset[str] = frozenset()
    separable_particles: Mapping[str, frozenset[str]] = field(default_factory=dict)
    honorifics: Mapping[str, str] = field(default_factory=dict)
    female_names: frozenset[str] = frozenset()
    male_names: frozenset[str] = frozenset()
    organization_nouns: frozenset[str] = frozenset()
    name_particles: frozenset[str] = frozenset()
    medium_markers: tuple[tuple[str, bool], ...] = ()
    media_words: frozenset[str] = frozenset()


def inflect(base: str, irregular: Mapping[str, Iterable[str]] | None = None) -> tuple[str, ...]:
    """The forms of an English verb: base, third person, past and present participle."""
    if irregular and base in irregular:
        return (base, *irregular[base])
    if base.endswith("e"):
        past, ing = base + "d", (base if base.endswith("ee") else base[:-1]) + "ing"
    elif base.endswith("y") and base[-2:-1] not in "aeiou":
        past, ing = base[:-1] + "ied", base + "ing"
    else:
        past, ing = base + "ed", base + "ing"
    if base.endswith(("s", "sh", "ch", "x", "z", "o")):
        third = base + "es"
    elif base.endswith("y") and base[-2:-1] not in "aeiou":
        third = base[:-1] + "ies"
    else:
        third = base + "s"
    return (base, third, past, ing)


def _lexicon(language: str, entry: Mapping[str, Any], shared: Mapping[str, Any]) -> CueLexicon:
    """Build one language's lexicon from its JSON entry and the entries every language shares."""
    irregular = entry.get("irregular", {})

    def forms(key: str) -> frozenset[str]:
        words = entry.get(key, [])
        if language != "en":
            return frozenset(w.lower() for w in words)
        return frozenset(f for base in words for f in inflect(base, irregular))

    not_cues = frozenset(entry.get("not_cues", []))
    say = forms("say_verbs")
    verbs = (forms("verbs") | say | forms("evaluative_verbs")) - not_cues
    return CueLexicon(
        language=language,
        verbs=verbs,
        say_verbs=say - not_cues,
        belief_verbs=forms("belief_verbs") - verbs,
        control_verbs=forms("control_verbs"),
        quote_only_verbs=forms("quote_only_verbs"),
        not_cues=not_cues,
        idioms=tuple(entry.get("idioms", [])),
        sources=tuple(entry.get("sources", [])),
        postposed_sources=tuple(entry.get("postposed_sources", [])),
        complementizers=frozenset(entry.get("complementizers", [])),
        pronouns=dict(entry.get("pronouns", {})),
        relatives=frozenset(entry.get("relatives", [])),
        clitic_cues=dict(entry.get("clitic_cues", {})),
        non_names=frozenset(entry.get("non_names", [])),
        prepositions=frozenset(entry.get("prepositions", [])),
        definite_articles=frozenset(entry.get("definite_articles", [])),
        capitalized_nouns=bool(entry.get("capitalized_nouns", False)),
        subjunctive_markers=frozenset(entry.get("subjunctive_markers", [])),
        separable_particles={
            particle: frozenset(cues)
            for particle, cues in entry.get("separable_particles", {}).items()
        },
        honorifics=dict(entry.get("honorifics", {})),
        female_names=frozenset(shared.get("female_first_names", [])),
        male_names=frozenset(shared.get("male_first_names", [])),
        organization_nouns=frozenset(entry.get("organization_nouns", [])),
        name_particles=frozenset(entry.get("name_particles", [])),
        medium_markers=tuple((m, bool(hint)) for m, hint in entry.get("medium_markers", [])),
        media_words=frozenset(shared.get("media", [])),
    )


@lru_cache(maxsize=1)
def load_lexicons(path: Path = CUES_FILE) -> dict[str, CueLexicon]:
    """Every language's lexicon from the cue file, keyed by language code."""
    data = json.loads(path.read_text(encoding="utf-8"))
    return {
        language: _lexicon(language, entry, data)
        for language, entry in data.items()
        if not language.startswith("_") and isinstance(entry, dict)
    }


def lexicon_for(language: str | None) -> CueLexicon:
    """The cue lexicon of a language; English when the language has none."""
    lexicons = load_lexicons()
    return lexicons.get((language or "en").split("-")[0].lower(), lexicons["en"])


# Cue phrases that are speech whatever their verb ("according to", "said in a statement").
_SPEECH_PHRASES = ("according to", "quoted", "in a statement")


def is_speech_cue(cue: str) -> bool:
    """Whether an English attribution cue (one or more words) contains a verb of saying."""
    text = " ".join(cue.lower().replace(":", " ").split())
    if not text:
        return False
    if text.startswith(_SPEECH_PHRASES):
        return True
    say = lexicon_for("en").say_verbs
    return any(word.strip(".,;\"'“”‘’") in say for word in text.split())
