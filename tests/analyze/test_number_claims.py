"""Numbers that are not claims (issue 22): times, dates, years, names, ordinals, furniture."""

from __future__ import annotations

import pytest

from everyside.analyze.pipeline import build_pipeline


def _claims(language: str, text: str) -> list[tuple[str, float, str | None]]:
    """The claims the finder keeps, years set aside (they are times)."""
    claims = build_pipeline(language)(text)._.claims
    return [(c.text, c.value, c.unit) for c in claims if c.unit != "year"]


@pytest.mark.parametrize(
    ("language", "text", "kept"),
    [
        # Times of day, in several spellings.
        ("en", "The polls open at 7 a.m. and close at 9 p.m. on the island.", []),
        ("en", "Shops open from 9 to 11 a.m. for older customers.", []),
        ("de", "Die Sitzung beginnt um 14 Uhr im Rathaus.", []),
        ("fr", "Le ministre parlera à 15 h 30 devant la presse.", []),
        ("tr", "Kaza yerel saatle 4.45'te meydana geldi.", []),
        ("es", "El presidente habló a las 8 de la noche.", []),
        # Days and years beside month names in the article's language.
        ("pl", "Umowę podpisano 12 marca, a wniosek złożono 3 czerwca 2019 r.", []),
        ("tr", "Toplantı 14 Mart'ta yapılacak.", []),
        ("ar", "وصل الوفد في 12 مارس الماضي.", []),
        ("fr", "Le vote aura lieu le 4 octobre.", []),
        ("es", "La reunión será el próximo 14 y no el 9.", []),
        # Years written without a month.
        ("ru", "Завод построили в 1998 г. на окраине.", []),
        ("de", "Die Schule hat sie 1994 besucht.", []),
        ("es", "Este 2019 no habrá elecciones.", []),
        # Names, ordinals, numbering, phone numbers, words that only look like numbers.
        ("en", "Patients with SARS-2 and Covid 19 symptoms, said the Covid-19 unit.", []),
        ("en", "The 3rd edition of the fair opened.", []),
        ("tr", "Okulun 5'inci sınıf öğrencileri katıldı.", []),
        ("es", "El segundo premio fue para el coro.", []),
        ("en", "Contact: +44 20 7946 0000 for details.", []),
        ("de", "Liste:\n1. Einleitung\n2. Methoden", []),
        ("pl", "Znam ten problem dobrze.", []),
        ("tr", "Koronavirüs'ten etkilenen ten rengi.", []),
        ("en", "This is one of the oldest bridges.", []),
    ],
)
def test_not_claims(language: str, text: str, kept: list[tuple[str, float, str | None]]) -> None:
    assert _claims(language, text) == kept


@pytest.mark.parametrize(
    ("language", "text", "values"),
    [
        ("de", "Seit dem Morgen wurden 1949 Fälle gemeldet.", [1949.0]),
        ("en", "More than 2000 soldiers were sent.", [2000.0]),
        ("es", "Los 28 países firmaron; murieron 12 personas.", [28.0, 12.0]),
        ("tr", "Sayı 2 bin 369'a yükseldi.", [2369.0]),
        ("ar", "تم توريد 23 ألف و682 طن من القمح.", [23682.0]),
        ("fr", "On compte 4 228 décès et 1 378 hospitalisations.", [4228.0, 1378.0]),
        ("pl", "Wykryto ponad 252 tys. przypadków.", [252000.0]),
        ("en", "She won a record fourth title.", [4.0]),
        ("ar", "دفعت 2000 دولار شهريا.", [2000.0]),
        ("en", "Up to 10 may die, officials said, and 3 in May.", [10.0, 3.0]),
    ],
)
def test_claims_kept(language: str, text: str, values: list[float]) -> None:
    assert [value for _, value, _ in _claims(language, text)] == values
