"""Id fragments made from names (everyside.ids)."""

from __future__ import annotations

import pytest

from everyside.ids import slug


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Jarosław Kaczyński", "jaroslaw-kaczynski"),  # "ł" has no decomposition
        ("Işıl Öztürk", "isil-ozturk"),  # nor the dotless "ı"
        ("Straße der Einheit", "strasse-der-einheit"),
        ("Søren Đoković", "soren-dokovic"),
        ("Олена Гриценко", "olena-gritsenko"),
        ("Борис Ельцин", "boris-eltsin"),  # the soft sign's apostrophe joins the word
        ("O’Brien", "obrien"),
        ("محمد بن سلمان", "mhmd-bn-slmn"),
        ("Αλέξης Τσίπρας", "alexis-tsipras"),
        ("", "unnamed"),
        (" — !? ", "unnamed"),
    ],
)
def test_slug_transliterates_every_script_to_a_url_safe_id(name: str, expected: str) -> None:
    assert slug(name) == expected
