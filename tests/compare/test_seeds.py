"""The seed articles (one event, a Kyiv and a Jakarta outlet) compared as the issue asks."""

from __future__ import annotations

from everyside.compare.results import Comparison, Coverage, DiffPart, MeaningChange

KYIV = "UNN"


def _jakarta(found: Comparison) -> str:
    return next(o for o in found.outlets if o != KYIV)


def _coverage_of(found: Comparison, text: str) -> tuple[Coverage, list[str]]:
    group = next(g for g in found.groups if any(text in s.text for s in g.statements))
    return group.coverage, group.outlets


def test_both_outlets_are_compared(seed_comparison: Comparison) -> None:
    assert len(seed_comparison.outlets) == 2 and KYIV in seed_comparison.outlets


def test_stoltenberg_quotes_are_paired_as_variants(seed_comparison: Comparison) -> None:
    pairs = {
        (v.left.text, v.right.text)
        for v in seed_comparison.quote_variants
        if v.left.speaker_entity_id == v.right.speaker_entity_id == "person:jens-stoltenberg"
    }
    assert any(
        "authoritarian states are increasingly uniting" in left
        and "authoritarian forces are increasingly aligned" in right
        for left, right in pairs
    )
    assert len(pairs) >= 5


def test_ammunition_quote_pair_shows_its_difference(seed_comparison: Comparison) -> None:
    variant = next(
        v
        for v in seed_comparison.quote_variants
        if v.left.text == "a huge amount of ammunition"
        and v.right.text == "a large amount of ammunition"
    )
    assert DiffPart(op="replace", left="huge", right="large") in variant.diff
    assert variant.changes == [MeaningChange.STRENGTH]
    assert not variant.speakers_differ


def test_canada_figures_are_kyiv_only(seed_comparison: Comparison) -> None:
    only = {
        s.text
        for r in seed_comparison.numbers
        if r.verdict.value == "outlet_only"
        for s in r.sightings
        if s.outlet == KYIV
    }
    assert {"2%", "1.37%", "1.76%"} <= only
    for sentence in ("2% of gross domestic product", "spends only 1.37%", "1.76% by 2030"):
        assert _coverage_of(seed_comparison, sentence) == (Coverage.OUTLET_ONLY, [KYIV])


def test_kim_and_ushakov_are_jakarta_only(seed_comparison: Comparison) -> None:
    jakarta = _jakarta(seed_comparison)
    for sentence in (
        "Leader Kim emphasized that the agreement",
        "a driving force that will accelerate efforts",
        "replaces the 1961 friendly and mutual aid agreement",
        "According to Ushakov",
    ):
        assert _coverage_of(seed_comparison, sentence) == (Coverage.OUTLET_ONLY, [jakarta])


def test_summit_invitation_is_consensus(seed_comparison: Comparison) -> None:
    coverage, outlets = _coverage_of(seed_comparison, "Australia, Japan, New Zealand and South")
    assert coverage is Coverage.CONSENSUS and len(outlets) == 2


def test_summary_cites_outlets(seed_comparison: Comparison) -> None:
    assert seed_comparison.summary
    assert all(s.outlets for s in seed_comparison.summary)
    assert len(seed_comparison.summary[0].outlets) == 2


def test_labels_and_voices(seed_comparison: Comparison) -> None:
    putin = next(a for a in seed_comparison.actor_labels if a.entity_id == "person:vladimir-putin")
    assert "Kremlin chief Vladimir Putin" in putin.labels[KYIV]
    jakarta_voices = {v.speaker for v in seed_comparison.voices if v.outlet != KYIV}
    assert {"Jens Stoltenberg", "Kim Jong Un", "Vladimir Putin", "Yury Ushakov"} <= jakarta_voices
    assert {v.speaker for v in seed_comparison.voices if v.outlet == KYIV} == {"Jens Stoltenberg"}
