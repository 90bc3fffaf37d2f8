"""Words that mark reported speech, per language: cue verbs, source phrases, pronouns, media.

This module is data. The quote finder (``analyze/quotes.py``) reads one ``CueLexicon``
per language and never spells a cue word itself, so adding a language or a verb is an
edit here only. English verbs are listed by their base form and inflected by
``inflect``; the other languages list the forms news text actually uses, since they
are matched without a parser or lemmatizer.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

# Pronoun gender/number classes used for agreement when resolving a speaker pronoun.
MALE = "m"
FEMALE = "f"
ANY = "x"  # first-person, relative or clitic pronouns: agree with any named speaker

# English base forms whose past tense and participle are not "-ed"/"-ing" regular.
_IRREGULAR: dict[str, tuple[str, ...]] = {
    "say": ("said", "says", "saying"),
    "tell": ("told", "tells", "telling"),
    "write": ("wrote", "written", "writes", "writing"),
    "think": ("thought", "thinks", "thinking"),
    "know": ("knew", "known", "knows", "knowing"),
    "feel": ("felt", "feels", "feeling"),
    "speak": ("spoke", "spoken", "speaks", "speaking"),
    "hold": ("held", "holds", "holding"),
    "foresee": ("foresaw", "foreseen", "foresees", "foreseeing"),
    "forecast": ("forecast", "forecasts", "forecasting", "forecasted"),
    "admit": ("admitted", "admits", "admitting"),
    "quip": ("quipped", "quips", "quipping"),
    "rebut": ("rebutted", "rebuts", "rebutting"),
    "concur": ("concurred", "concurs", "concurring"),
    "aver": ("averred", "avers", "averring"),
    "refer": ("referred", "refers", "referring"),
    "slam": ("slammed", "slams", "slamming"),
    "dub": ("dubbed", "dubs", "dubbing"),
    "plan": ("planned", "plans", "planning"),
    "see": ("saw", "seen", "sees", "seeing"),
}

# Verbs of saying: any of them attributes a quote next to it or a clause it governs.
ENGLISH_SPEECH_VERBS = (
    "say", "tell", "add", "state", "note", "explain", "stress", "emphasize", "emphasise",
    "underline", "underscore", "warn", "claim", "argue", "insist", "declare", "announce",
    "report", "write", "tweet", "reply", "respond", "answer", "ask", "remark", "comment",
    "observe", "continue", "conclude", "recall", "acknowledge", "admit", "concede", "confirm",
    "deny", "suggest", "predict", "promise", "pledge", "vow", "urge", "assert", "maintain",
    "contend", "caution", "complain", "mention", "testify", "quip", "joke", "shout",
    "exclaim", "boast", "brag", "allege", "reiterate", "repeat", "reveal", "disclose",
    "indicate", "assure", "inform", "counter", "retort", "rebut", "protest", "lament",
    "concur", "agree", "describe", "call", "point", "propose", "recommend", "demand",
    "threaten", "accuse", "charge", "criticize", "criticise", "praise", "dismiss", "label",
    "dub", "hail", "slam", "decry", "denounce", "condemn", "speak", "post", "cite", "aver",
    "affirm", "reaffirm", "highlight", "signal", "hint", "clarify", "elaborate", "opine",
    "proclaim", "announce", "advise", "estimate", "forecast", "whisper", "mutter", "scoff",
    "muse", "recount", "relate", "detail", "outline", "summarize", "characterize",
    "question", "wonder", "guarantee", "predict", "concur", "acknowledge", "interject",
)

# Verbs of believing and intending: attributions too (PolNeAR annotates them), but not
# speech. They count only with an explicit clausal complement ("believes that ...").
ENGLISH_BELIEF_VERBS = (
    "think", "believe", "feel", "hope", "fear", "expect", "know", "worry", "doubt",
    "suspect", "reckon", "assume", "imagine", "realize", "realise", "understand",
    "foresee", "figure", "recognize", "recognise", "conclude", "insist", "find", "show",
    "see", "hold", "consider", "want", "plan",
)

# Words that never head a cue even when they look like one (nouns tagged as verbs).
ENGLISH_NOT_CUES = ("saying", "points", "calls", "posts", "reports", "charges", "comments")

# Speakers behind pronouns: (pronoun, gender/number class). "they", "it", "we" and "you"
# are left unresolved: their antecedents are groups or organizations, not persons.
ENGLISH_PRONOUNS: dict[str, str] = {
    "he": MALE, "him": MALE, "his": MALE, "she": FEMALE, "her": FEMALE, "hers": FEMALE,
    "who": ANY, "whom": ANY, "i": ANY,
}
# Relative pronouns: the speaker is the noun the relative clause hangs on.
ENGLISH_RELATIVES = ("who", "whom", "which", "that")

# Honorifics tell a name's gender, for pronoun agreement.
ENGLISH_HONORIFICS: dict[str, str] = {
    "mr": MALE, "mr.": MALE, "sir": MALE, "lord": MALE, "king": MALE, "prince": MALE,
    "mrs": FEMALE, "mrs.": FEMALE, "ms": FEMALE, "ms.": FEMALE, "miss": FEMALE,
    "madam": FEMALE, "dame": FEMALE, "lady": FEMALE, "queen": FEMALE, "princess": FEMALE,
}
# A few first names common in news, for pronoun agreement when no honorific is given.
# Unknown names agree with either pronoun.
FEMALE_FIRST_NAMES = frozenset(
    """hillary nancy kamala elizabeth sarah michelle melania ivanka kellyanne carly nikki
    angela theresa ursula kaja giorgia marine ségolène christine annalena olena yulia
    maria mary anna anne jill susan karen linda barbara patricia jennifer lisa laura amy
    emily jessica rachel rebecca julia kate catherine liz elise debbie dianne kirsten
    amy heidi claire tammy tulsi marsha lindsey condoleezza madeleine huma hope sheryl
    olena iryna natalia svetlana maria zakharova ann jane helen margaret""".split()
)
MALE_FIRST_NAMES = frozenset(
    """donald joe barack george bill bernie ted marco jeb ben chris john mike mitt paul
    rand rick scott jim tim lindsey mitch chuck harry kevin tom james robert michael
    david richard joseph charles thomas mark steven andrew vladimir volodymyr jens
    emmanuel olaf rishi keir justin xi kim dmitry sergei sergey yury yuri dmytro
    antony jake lloyd boris recep viktor narendra benjamin anthony jeff reince newt
    jared corey steve eric hunter ron pete jason""".split()
)

# Words naming a news medium: "told Reuters", "in an interview with Fox News".
MEDIUM_WORDS = frozenset(
    """news agency times post journal tv television radio press daily herald tribune
    gazette magazine network channel broadcaster newspaper wire reuters ap afp tass ria
    novosti interfax xinhua yonhap kcna bbc cnn fox nbc cbs abc msnbc npr bloomberg axios
    politico guardian telegraph spiegel bild ukrinform unn efe ansa dpa antara kyodo nhk
    jazeera rt sputnik izvestia kommersant vedomosti interview podcast""".split()
)


def inflect(base: str) -> tuple[str, ...]:
    """The forms of an English verb: base, third person, past and present participle."""
    if base in _IRREGULAR:
        return (base, *_IRREGULAR[base])
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


def _forms(bases: Iterable[str]) -> frozenset[str]:
    return frozenset(form for base in bases for form in inflect(base))


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


@dataclass(frozen=True, slots=True, kw_only=True)
class CueLexicon:
    """The cue words of one language, all lowercase.

    Args:
        language: ISO 639-1 code.
        verbs: word forms that introduce reported speech ("said", "sagte", "dijo").
        belief_verbs: forms of believing/intending verbs, used only with a clause.
        sources: phrases followed by the speaker and then (or preceded by) the
            reported content ("according to", "según", "menurut").
        postposed_sources: phrases that follow the speaker ("X zufolge").
        complementizers: words that open a reported clause ("that", "dass", "bahwa").
        pronouns: pronoun -> gender/number class, for antecedent resolution.
        clitic_cues: cue forms with a pronoun suffix ("ujarnya" = "he said") and the
            length of that suffix, which is then the speaker as written.
        non_names: capitalized words that are not names when looking for a speaker
            without a parser (articles, titles, days).
        medium_markers: phrases before a medium's name ("told", "quoted by"), with
            whether the name must look like a medium (contain a ``MEDIUM_WORDS`` word).
        not_cues: forms that look like cues but are other words in news text.
    """

    language: str
    verbs: frozenset[str]
    belief_verbs: frozenset[str] = frozenset()
    sources: tuple[str, ...] = ()
    postposed_sources: tuple[str, ...] = ()
    complementizers: frozenset[str] = frozenset()
    pronouns: dict[str, str] = field(default_factory=dict)
    clitic_cues: dict[str, int] = field(default_factory=dict)
    non_names: frozenset[str] = frozenset()
    medium_markers: tuple[tuple[str, bool], ...] = ()
    not_cues: frozenset[str] = frozenset()


ENGLISH = CueLexicon(
    language="en",
    verbs=_forms(ENGLISH_SPEECH_VERBS) - frozenset(ENGLISH_NOT_CUES),
    belief_verbs=_forms(ENGLISH_BELIEF_VERBS) - _forms(ENGLISH_SPEECH_VERBS),
    sources=("according to", "quoted by", "cited by", "in the words of"),
    complementizers=_words("that whether if"),
    pronouns=ENGLISH_PRONOUNS,
    non_names=_words("the a an he she it they we i you this that these those"),
    medium_markers=(
        ("launching", False),  # machine-translated "melansir": "said, launching TASS"
        ("quoted by", False),
        ("cited by", False),
        ("reported by", False),
        ("in an interview with", False),
        ("in an interview on", False),
        ("speaking to", True),
        ("speaking with", True),
        ("told", True),
        ("according to", True),
        ("via", True),
        ("on", True),  # "said on Fox News"
    ),
    not_cues=frozenset(ENGLISH_NOT_CUES),
)

GERMAN = CueLexicon(
    language="de",
    verbs=_words(
        """sagte sagten sagt sagen gesagt erklärte erklärten erklärt betonte betonten
        betont sagte sprach meinte meint teilte mitteilte warnte warnt fügte hinzu
        ergänzte ergänzt schrieb schreibt kündigte räumte versicherte kritisierte
        forderte bekräftigte unterstrich bezeichnete nannte verkündete berichtete
        antwortete fragte behauptete argumentierte mahnte sagte: erklärte: so"""
    ),
    sources=("laut", "nach angaben von", "nach angaben", "wie", "zitiert von"),
    postposed_sources=("zufolge",),
    complementizers=_words("dass ob"),
    pronouns={"er": MALE, "sie": FEMALE},
    non_names=_words(
        """der die das den dem des ein eine einer einem eines er sie es wir ihr man
        am im auf mit nach in bei zu und aber doch auch so wie laut dies diese dieser
        montag dienstag mittwoch donnerstag freitag samstag sonntag"""
    ),
    medium_markers=(
        ("zitiert von", False),
        ("laut", True),
        ("gegenüber", True),
        ("der nachrichtenagentur", False),
        ("im interview mit", False),
    ),
)

SPANISH = CueLexicon(
    language="es",
    verbs=_words(
        """dijo dice dijeron afirmó afirma aseguró asegura declaró declara señaló señala
        explicó explica añadió añade agregó agrega indicó indica advirtió advierte
        subrayó destacó insistió manifestó reconoció sostuvo apuntó recalcó comentó
        anunció pidió respondió escribió expresó lamentó criticó calificó celebró
        defendió consideró opinó"""
    ),
    sources=("según", "de acuerdo con", "a juicio de", "en palabras de", "citado por"),
    complementizers=_words("que"),
    pronouns={"él": MALE, "ella": FEMALE},
    non_names=_words(
        """el la los las un una unos unas lo él ella ellos ellas en de del al y pero
        según este esta estos estas ese esa lunes martes miércoles jueves viernes
        sábado domingo"""
    ),
    medium_markers=(("citado por", False), ("a la agencia", False), ("en declaraciones a", False)),
)

FRENCH = CueLexicon(
    language="fr",
    verbs=_words(
        """déclaré dit affirmé expliqué ajouté souligné estimé assuré indiqué annoncé
        précisé martelé insisté averti prévenu répondu écrit reconnu rappelé confié
        déclare dit affirme explique ajoute souligne estime assure indique annonce
        précise martèle insiste avertit prévient répond écrit reconnaît rappelle confie
        déclarait disait affirmait expliquait ajoutait soulignait estimait"""
    ),
    sources=("selon", "d'après", "d’après", "aux yeux de", "cité par"),
    complementizers=_words("que qu' qu’"),
    pronouns={"il": MALE, "elle": FEMALE},
    non_names=_words(
        """le la les l' l’ un une des du de d' d’ il elle ils elles on nous en et
        mais selon ce cette ces lundi mardi mercredi jeudi vendredi samedi dimanche"""
    ),
    medium_markers=(("cité par", False), ("a déclaré à", True), ("à l'agence", False)),
)

INDONESIAN = CueLexicon(
    language="id",
    verbs=_words(
        """kata mengatakan ujar ucap tutur menuturkan jelas menjelaskan tegas menegaskan
        sebut menyebut menyebutkan ungkap mengungkapkan menyatakan nyatakan menilai
        menambahkan tambah lanjut melanjutkan imbuh imbuhnya papar memaparkan terang
        menerangkan katakan berkata menyampaikan mengklaim mengakui mengimbau
        memperingatkan meminta menyerukan menulis"""
    ),
    sources=("menurut", "seperti dikutip", "dikutip dari"),
    complementizers=_words("bahwa"),
    pronouns={"dia": ANY, "ia": ANY, "beliau": ANY, "nya": ANY},
    clitic_cues={
        form: 3
        for form in (
            "katanya ujarnya ucapnya tuturnya jelasnya tegasnya sebutnya ungkapnya "
            "lanjutnya imbuhnya paparnya terangnya tambahnya"
        ).split()
    },
    non_names=_words(
        """ia dia beliau mereka kami kita saya yang dan di ke dari pada dalam untuk
        dengan itu ini para sang si menurut seperti senin selasa rabu kamis jumat
        sabtu minggu"""
    ),
    medium_markers=(
        ("dikutip kantor berita", False),
        ("dikutip", False),
        ("melansir", False),
        ("kepada", True),
    ),
)

LEXICONS: dict[str, CueLexicon] = {
    lexicon.language: lexicon for lexicon in (ENGLISH, GERMAN, SPANISH, FRENCH, INDONESIAN)
}


def lexicon_for(language: str | None) -> CueLexicon:
    """The cue lexicon of a language; English when the language has none."""
    return LEXICONS.get((language or "en").split("-")[0].lower(), ENGLISH)


def is_speech_cue(cue: str) -> bool:
    """Whether an English attribution cue (one or more words) is a verb of saying."""
    words = cue.lower().replace(":", " ").split()
    if not words:
        return False
    if " ".join(words).startswith(("according to", "quoted", "in a statement")):
        return True
    return any(word.strip(".,;\"'“”") in SPEECH_FORMS for word in words)


SPEECH_FORMS = _forms(ENGLISH_SPEECH_VERBS) - frozenset(("continue", "continued", "continues"))
