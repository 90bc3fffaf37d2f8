"""A story's comparison as Markdown: for notes, tickets and pull requests."""

from __future__ import annotations

from collections.abc import Iterable

from everyside.compare.naming import nothing_to_compare
from everyside.compare.results import Comparison, DiffPart, QuoteVariant, StatementGroup


def _cell(text: str) -> str:
    """Text safe inside a table cell or a list item."""
    return " ".join(text.split()).replace("|", "\\|")


def _table(header: Iterable[str], rows: Iterable[Iterable[object]]) -> list[str]:
    header = list(header)
    lines = ["| " + " | ".join(header) + " |", "|" + " --- |" * len(header)]
    lines += ["| " + " | ".join(_cell(str(c)) for c in row) + " |" for row in rows]
    return [*lines, ""]


def _diff(parts: list[DiffPart]) -> str:
    words = []
    for part in parts:
        if part.left and part.op != "equal":
            words.append(f"~~{_cell(part.left)}~~")
        if part.right and part.op != "equal":
            words.append(f"**{_cell(part.right)}**")
        if part.op == "equal":
            words.append(_cell(part.left))
    return " ".join(words)


def _group_line(group: StatementGroup) -> str:
    return f"- {_cell(group.statements[0].text)} — *{', '.join(group.outlets)}*"


def _variant(variant: QuoteVariant) -> list[str]:
    speaker = variant.left.speaker or "unknown speaker"
    if variant.speakers_differ:
        speaker = f"{speaker} / {variant.right.speaker or 'unknown speaker'} (different speakers)"
    notes = ", ".join(c.value for c in variant.changes) or "none"
    lines = [
        f"### {_cell(speaker)}",
        "",
        f"Similarity {variant.similarity:.2f}; changes that can alter the meaning: {notes}.",
        "",
        f"> **{_cell(variant.left.outlet)}**: “{_cell(variant.left.text)}”",
        ">",
        f"> **{_cell(variant.right.outlet)}**: “{_cell(variant.right.text)}”",
        "",
    ]
    if variant.diff and not variant.identical:
        lines += [f"Diff: {_diff(variant.diff)}", ""]
    return lines


def comparison_markdown(found: Comparison) -> str:
    """The whole comparison as one Markdown document."""
    title = found.headline or "empty story"
    languages = sorted({a.language or "?" for a in found.articles})
    notice = nothing_to_compare(found.outlets, len(found.articles))
    lines = [
        f"# {_cell(title)}",
        "",
        f"{len(found.articles)} articles from {len(found.outlets)} outlets "
        f"({', '.join(found.outlets)}) in {', '.join(languages)}."
        + (f" Story `{found.story_id}`." if found.story_id else ""),
        "",
        *([f"**{_cell(notice)}**", ""] if notice else []),
        "## Articles",
        "",
        *_table(
            ("outlet", "language", "published", "title"),
            (
                (
                    a.outlet,
                    a.language or "",
                    a.published_at.isoformat() if a.published_at else "",
                    a.title,
                )
                for a in found.articles
            ),
        ),
        "## Summary",
        "",
        *[
            f"{n}. {_cell(s.text)} — *{', '.join(s.outlets)}*"
            for n, s in enumerate(found.summary, 1)
        ],
        "",
        "## What most outlets report",
        "",
        *([_group_line(g) for g in found.consensus()] or ["Nothing is carried by most outlets."]),
        "",
        "## Reported by one outlet only",
        "",
    ]
    for outlet in found.outlets:
        only = found.outlet_only(outlet)
        omitted = found.omissions(outlet)
        if only:
            lines += [
                f"### {_cell(outlet)}",
                "",
                *[f"- {_cell(g.statements[0].text)}" for g in only],
                "",
            ]
        if omitted:
            lines += [
                f"*{_cell(outlet)} leaves out:*",
                "",
                *[_group_line(g) for g in omitted],
                "",
            ]
        possibly = found.possibly_covered(outlet)
        if possibly:
            lines += [
                f"*{_cell(outlet)} possibly covers, in other words:*",
                "",
                *[
                    f"- {_cell(g.statements[0].text)} — closest: {_cell(c.text)}"
                    for g, c in possibly
                ],
                "",
            ]
    lines += ["## Quote variants", ""]
    for variant in found.quote_variants:
        lines += _variant(variant)
    if not found.quote_variants:
        lines += ["No quote appears in more than one article.", ""]
    lines += [
        "## Numbers",
        "",
        *_table(
            ("verdict", "unit", "about", "values"),
            (
                (
                    r.verdict.value,
                    r.unit or "",
                    r.about or "",
                    "; ".join(f"{s.outlet}: {s.text}" for s in r.sightings),
                )
                for r in found.numbers
            ),
        ),
        "## Who gets a voice",
        "",
        *_table(
            ("outlet", "speaker", "quotes", "quoted words", "share of outlet's quoted words"),
            ((v.outlet, v.speaker, v.quotes, v.words, f"{v.share:.0%}") for v in found.voices),
        ),
        "## What each outlet calls the actors",
        "",
        *_table(
            ("actor", *found.outlets),
            (
                (a.name, *(", ".join(a.labels.get(o, {})) for o in found.outlets))
                for a in found.actor_labels
            ),
        ),
        "## Headlines",
        "",
        *_table(
            ("outlet", "headline", "names first"),
            ((h.outlet, h.title, ", ".join(h.focus)) for h in found.headlines),
        ),
        "## Tone",
        "",
        "Positive minus negative lexicon words over both (−1 grim … +1 upbeat).",
        "",
        *_table(
            ("outlet", "positive", "negative", "words", "tone"),
            ((t.outlet, t.positive, t.negative, t.words, f"{t.score:+.2f}") for t in found.tone),
        ),
        "## Who did what to whom",
        "",
        *_table(
            ("day", "source", "CAMEO", "target", "Goldstein", "reported by"),
            (
                (
                    e.day.isoformat() if e.day else "",
                    e.source_actor or "",
                    " / ".join(e.codes) or e.cameo_code or "",
                    e.target_actor or "",
                    "" if e.goldstein is None else f"{e.goldstein:+g}",
                    ", ".join(e.outlets),
                )
                for e in found.events
            ),
        ),
        "## Timeline",
        "",
        *_table(
            ("when", "what", "text", "outlets"),
            ((e.when.isoformat(), e.kind, e.text, ", ".join(e.outlets)) for e in found.timeline),
        ),
    ]
    return "\n".join(lines).rstrip() + "\n"
