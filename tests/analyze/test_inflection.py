"""Inflected forms of Latin-script names (analyze/inflection.py) and how the linker joins them."""

from __future__ import annotations

from everyside.analyze.inflection import base_variants, same_name, stems
from everyside.analyze.pipeline import build_pipeline
from tests.analyze.conftest import analyze_text


def test_forms_of_one_name_share_a_stem_word_by_word() -> None:
    assert same_name("Andrzej Duda", "Andrzeja Dudy", "pl")
    assert same_name("Andrzejem Dudą", "Andrzeja Dudy", "pl")
    assert not same_name("Andrzej Duda", "Duda", "pl")  # as many words
    assert not same_name("Maria", "Mario", "pl")
    assert same_name("Merkels", "Merkel", "de")
    assert not same_name("Jens", "Jen", "de")  # too short a stem
    assert stems("lublin", "pl") == {"lublin"}  # only capitalized words inflect here


def test_base_variants_give_each_capitalized_word_a_likely_base_form() -> None:
    variants = base_variants(["do", "Putina", "i", "Dudy"], "pl")
    assert ["do", "Putin", "i", "Dud"] in variants
    assert ["do", "Putina", "i", "Duda"] in variants
    assert base_variants(["Merkels", "Rede"], "de") == [["Merkel", "Rede"]]


def test_german_genitive_links_to_the_tables() -> None:
    doc = analyze_text(build_pipeline("de"), "Die Politik Merkels und Deutschlands Rolle.")
    assert [(m.text, m.entity_id) for m in doc._.mentions] == [
        ("Merkels", "person:angela-merkel"),
        ("Deutschlands", "country:DEU"),
    ]


def test_turkish_locative_capital_is_the_city() -> None:
    doc = analyze_text(
        build_pipeline("tr"), "Heyet Ankara'da toplandı. Ankara'nın tutumu değişmedi."
    )
    assert [m.entity_id for m in doc._.mentions] == ["place:ankara", "country:TUR"]
