"""Story keywords are shown as the articles write them: accents kept, whole words."""

from __future__ import annotations

from everyside.cluster.features import tokenize
from everyside.cluster.summary import display_keywords

TEXTS = [
    ("Die Grünen fordern, dass die europäischen Mitgliedstaaten mehr tun. Die Grünen", "de"),
    ("Marine Le Pen und der RN verlieren; die Grünen gewinnen.", "de"),
    ("Windows computers crashed; Windows admins worked all night.", "en"),
]


def test_terms_are_shown_in_their_most_frequent_written_form() -> None:
    terms = [tokenize(word, language)[0] for word, language in (
        ("Grünen", "de"), ("europäischen", "de"), ("Mitgliedstaaten", "de"),
        ("RN", "de"), ("Le", "de"), ("Windows", "en"),
    )]  # fmt: skip
    assert terms[0] == "grun" and terms[1] == "europaisch"  # what clustering compares
    assert display_keywords(terms, TEXTS) == (
        "Grünen", "europäischen", "Mitgliedstaaten", "RN", "Le", "Windows",
    )  # fmt: skip


def test_a_term_no_text_gives_stays_as_it_is() -> None:
    assert display_keywords(["absent", "grun"], TEXTS) == ("absent", "Grünen")
    assert display_keywords([], TEXTS) == ()
