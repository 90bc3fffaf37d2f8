"""``everyside eval ...``: one command per measured capability."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from everyside.escaping import rich_markup, rich_text
from everyside.evaluate.alignment import (
    AlignmentEvalOptions,
    AlignmentReport,
    AlignmentScores,
    evaluate_alignment,
)
from everyside.evaluate.clustering import MODES, evaluate_clustering
from everyside.evaluate.compare import evaluate_compare
from everyside.evaluate.corpus import Counts, GoldFormatError
from everyside.evaluate.dates import evaluate_dates, is_date_gold
from everyside.evaluate.entities import evaluate_entities
from everyside.evaluate.events import EventReport, evaluate_events
from everyside.evaluate.numbers import evaluate_number_claims, evaluate_numbers, is_claim_gold
from everyside.evaluate.pairs import evaluate_pairs, evaluate_story_pairs, is_pair_file
from everyside.evaluate.projection import evaluate_projection
from everyside.evaluate.quotes import (
    FINDER_SETTINGS,
    MATCH_OVERLAP,
    QuoteEvalOptions,
    QuoteScores,
    evaluate_quotes,
    parse_settings,
)

eval_app = typer.Typer(
    help="Measure quality against gold data: precision, recall and F1.",
    no_args_is_help=True,
    epilog=(
        "Examples:\n\n  everyside eval quotes examples/corpus/gold.jsonl\n\n"
        "  everyside eval entities examples/corpus/gold.jsonl\n\n"
        "  everyside eval numbers examples/corpus/gold.jsonl"
    ),
)
console = Console()


@eval_app.command(
    "quotes",
    epilog=(
        "Examples:\n\n"
        "  everyside eval quotes examples/corpus/gold.jsonl\n\n"
        "  everyside eval quotes polnear_train_dev.jsonl --split dev --speech-only\n\n"
        "  everyside eval quotes polnear_train_dev.jsonl --set beliefs=true --json"
    ),
)
def quotes(
    gold: Annotated[
        Path,
        typer.Argument(
            exists=True,
            dir_okay=False,
            help="Gold JSONL: PolNeAR records or everyside demo gold (detected).",
        ),
    ],
    split: Annotated[
        str | None,
        typer.Option(help="PolNeAR split to score (dev, train, all). Default: dev."),
    ] = None,
    limit: Annotated[
        int | None, typer.Option("--limit", "-n", min=1, help="Score at most N articles.")
    ] = None,
    speech_only: Annotated[
        bool,
        typer.Option(
            "--speech-only",
            help="Keep only gold attributions whose cue is a verb of saying.",
        ),
    ] = False,
    setting: Annotated[
        list[str] | None,
        typer.Option(
            "--set",
            help=f"A finder setting KEY=true|false ({', '.join(FINDER_SETTINGS)}); repeatable.",
        ),
    ] = None,
    errors: Annotated[
        int,
        typer.Option(
            "--errors", min=0, help="Also print misses and false positives of N articles."
        ),
    ] = 0,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the figures as JSON instead of tables.")
    ] = False,
) -> None:
    """Precision, recall and F1 of quote extraction, by kind, with speaker accuracy."""
    try:
        options = QuoteEvalOptions(
            split=split,
            limit=limit,
            speech_only=speech_only,
            keep_errors=errors > 0,
            finder=parse_settings(setting or []),
        )
        scores = evaluate_quotes(gold, options)
    except (ValueError, GoldFormatError) as error:
        raise typer.BadParameter(str(error)) from None
    if as_json:
        typer.echo(json.dumps(scores.as_dict(), indent=2))
    else:
        _render(scores)
    for article in scores.errors[:errors]:
        console.rule(article.article_id, style="dim")
        for line in article.missed:
            console.print(f"[red]miss[/red] {line}", highlight=False)
        for line in article.spurious:
            console.print(f"[yellow]false[/yellow] {line}", highlight=False)
        for line in article.wrong_speaker:
            console.print(f"[magenta]speaker[/magenta] {line}", highlight=False)


def _render(scores: QuoteScores) -> None:
    subset = "speech attributions" if scores.speech_only else "all attributions"
    table = Table(
        title=f"Quotes: {scores.articles} articles ({scores.gold_format}, {subset})",
        caption=(
            f"match = one-to-one, overlap >= {MATCH_OVERLAP:.0%} of the longer span; "
            "exact = same span after trimming marks and punctuation"
        ),
    )
    for column in ("", "P", "R", "F1", "P exact", "R exact", "F1 exact", "gold"):
        table.add_column(column, justify="left" if not column else "right")
    rows = [("all", scores.overlap, scores.exact)]
    rows += [(kind, counts, scores.by_kind_exact[kind]) for kind, counts in scores.by_kind.items()]
    for name, loose, exact in rows:
        table.add_row(
            name,
            f"{loose.precision:.3f}",
            f"{loose.recall:.3f}",
            f"{loose.f1:.3f}",
            f"{exact.precision:.3f}",
            f"{exact.recall:.3f}",
            f"{exact.f1:.3f}",
            str(loose.tp + loose.fn),
        )
    console.print(table)
    console.print(
        f"speaker accuracy on matched quotes: {scores.speaker_accuracy:.3f} "
        f"({scores.speaker_correct}/{scores.speaker_scored})"
        + (
            f"; {scores.unlocated} gold quotes not found in their article"
            if scores.unlocated
            else ""
        )
    )
    console.print(
        f"throughput: {scores.articles_per_second:.1f} articles/s "
        f"({scores.seconds:.1f} s, parsing included)"
    )


GoldFile = Annotated[
    Path,
    typer.Argument(
        exists=True, dir_okay=False, help="Demo gold JSONL (examples/corpus/gold.jsonl)."
    ),
]
JsonOutput = Annotated[bool, typer.Option("--json", help="Print the figures as JSON.")]


def _prf_row(table: Table, name: str, counts: Counts) -> None:
    table.add_row(
        name,
        f"{counts.precision:.3f}",
        f"{counts.recall:.3f}",
        f"{counts.f1:.3f}",
        str(counts.tp + counts.fn),
    )


def _prf_table(title: str, caption: str) -> Table:
    table = Table(title=title, caption=caption)
    for column in ("", "P", "R", "F1", "gold"):
        table.add_column(column, justify="left" if not column else "right")
    return table


@eval_app.command(
    "entities",
    epilog="Examples:\n\n  everyside eval entities examples/corpus/gold.jsonl --errors 20",
)
def entities(
    gold: GoldFile,
    errors: Annotated[int, typer.Option(min=0, help="Also print N wrongly linked mentions.")] = 0,
    as_json: JsonOutput = False,
) -> None:
    """Entity mention P/R/F1 and canonicalization accuracy on the demo gold."""
    try:
        scores = evaluate_entities(gold)
    except (KeyError, GoldFormatError) as error:
        raise typer.BadParameter(f"not demo gold: {error}") from None
    if as_json:
        typer.echo(
            json.dumps(
                {
                    "mentions": scores.mentions.as_dict(),
                    "recall_by_kind": scores.recall_by_kind,
                    "canonical_accuracy": round(scores.accuracy, 4),
                    "canonical_correct": scores.correct,
                    "canonical_scored": scores.scored,
                    "accuracy_by_language": {
                        lang: round(c / s, 4) if s else None
                        for lang, (c, s) in scores.by_language.items()
                    },
                },
                indent=2,
            )
        )
    else:
        table = _prf_table(
            "Entity mentions", "match = one-to-one, overlap >= 50% of the longer span"
        )
        _prf_row(table, "all", scores.mentions)
        console.print(table)
        console.print(
            "recall by gold kind: "
            + ", ".join(f"{kind} {value:.3f}" for kind, value in scores.recall_by_kind.items())
        )
        console.print(
            f"canonicalization accuracy on matched mentions: {scores.accuracy:.3f} "
            f"({scores.correct}/{scores.scored}); by language: "
            + ", ".join(f"{lang} {c / s:.3f}" for lang, (c, s) in scores.by_language.items() if s)
        )
    for confusion in scores.confusions[:errors]:
        console.print(
            f"[magenta]linked[/magenta] {rich_markup(repr(confusion.text))}: gold "
            f"{rich_markup(repr(confusion.gold))}, got {rich_markup(repr(confusion.predicted))}",
            highlight=False,
        )


@eval_app.command(
    "projection",
    epilog=(
        "Examples:\n\n"
        "  everyside eval projection ../shared/data/pairs/semeval22_dev.jsonl --per-pair 2"
    ),
)
def projection(
    pairs: Annotated[
        Path, typer.Argument(exists=True, dir_okay=False, help="SemEval-2022 pairs JSONL.")
    ],
    per_pair: Annotated[
        int | None, typer.Option(min=1, help="At most N same-story pairs per language pair.")
    ] = None,
    show: Annotated[int, typer.Option(min=0, help="Also print N projected mentions.")] = 0,
) -> None:
    """Entity mentions per article before and after story-level projection, by language."""
    try:
        figures = evaluate_projection(pairs, per_pair=per_pair)
    except KeyError as error:
        raise typer.BadParameter(f"not SemEval pairs: {error}") from None
    table = Table(title="Entity mentions per article, same-story pairs")
    for column in ("articles", "before", "after", "projected"):
        table.add_column(column, justify="right")
    table.add_column("language in pair", justify="left")
    for language in sorted(figures.articles):
        before, after = figures.per_article(language)
        table.add_row(
            str(figures.articles[language]),
            f"{before:.2f}",
            f"{after:.2f}",
            str(figures.added[language]),
            language,
        )
    console.print(table)
    for language, mention, context in figures.projected[:show]:
        console.print(
            f"{language}: {rich_markup(repr(mention.text))} -> "
            f"{rich_markup(str(mention.entity_id))} | {rich_markup(context)}",
            highlight=False,
        )


@eval_app.command(
    "numbers",
    epilog="Examples:\n\n  everyside eval numbers examples/corpus/gold.jsonl --json",
)
def numbers(
    gold: GoldFile,
    errors: Annotated[int, typer.Option(min=0, help="Also print N misses.")] = 0,
    as_json: JsonOutput = False,
) -> None:
    """Gold numbers found, with value and unit accuracy, on the demo gold; or claim precision.

    On number-claim labels of real news (gold/numbers/), the precision and recall of the
    claims the finder outputs, by part (report the test part) and language.
    """
    if is_claim_gold(gold):
        _number_claims(gold, errors, as_json)
        return
    try:
        scores = evaluate_numbers(gold)
    except (KeyError, GoldFormatError) as error:
        raise typer.BadParameter(f"not demo gold: {error}") from None
    if as_json:
        typer.echo(
            json.dumps(
                {
                    "detection": scores.detection.as_dict(),
                    "value_accuracy": round(scores.value_accuracy, 4),
                    "unit_accuracy": round(scores.unit_accuracy, 4),
                },
                indent=2,
            )
        )
    else:
        table = _prf_table(
            "Numbers",
            "found = a number inside the gold text; the gold lists key numbers only, "
            "so precision undercounts",
        )
        _prf_row(table, "all", scores.detection)
        console.print(table)
        console.print(
            f"value accuracy on found numbers: {scores.value_accuracy:.3f}; unit accuracy "
            f"on percentages and money: {scores.unit_accuracy:.3f}"
        )
    for miss in scores.misses[:errors]:
        console.print(
            f"[red]miss[/red] {rich_markup(repr(miss.text))}: gold {miss.gold_value}, "
            f"got {miss.predicted_value}",
            highlight=False,
        )


def _number_claims(gold: Path, errors: int, as_json: bool) -> None:
    """Print the number-claim scores on real-news labels."""
    try:
        claims = evaluate_number_claims(gold)
    except (KeyError, GoldFormatError) as error:
        raise typer.BadParameter(f"not number-claim labels: {error}") from None
    rows = {**{f"part {k}": v for k, v in claims.by_part.items()}, **claims.by_language}
    if as_json:
        typer.echo(
            json.dumps(
                {
                    "parts": {k: v.as_dict() for k, v in claims.by_part.items()},
                    "languages": {k: v.as_dict() for k, v in claims.by_language.items()},
                    "wrong_kinds": claims.wrong_kinds,
                },
                indent=2,
            )
        )
        return
    table = _prf_table(
        "Number claims",
        "P = output claims at a number labelled a claim; R = labelled claims covered; "
        "gold = right claims + missed ones",
    )
    for name, counts in rows.items():
        _prf_row(table, name, counts)
    console.print(table)
    console.print(f"wrong claims by kind: {claims.wrong_kinds}", highlight=False)
    wrong = [v for v in claims.verdicts if not v.right] + claims.missed
    for verdict in wrong[:errors]:
        console.print(
            f"[red]{verdict.kind}[/red] {verdict.article} {rich_markup(repr(verdict.text))}",
            highlight=False,
        )


@eval_app.command(
    "dates",
    epilog="Examples:\n\n  everyside eval dates gold/dates/semeval22_date_labels.jsonl --errors 20",
)
def dates(
    gold: Annotated[
        Path,
        typer.Argument(
            exists=True, dir_okay=False, help="Time-expression labels (gold/dates/*.jsonl)."
        ),
    ],
    errors: Annotated[int, typer.Option(min=0, help="Also print N wrong or missed.")] = 0,
    as_json: JsonOutput = False,
) -> None:
    """Time expressions in real news found, and resolved to the right date, by language.

    Each labelled article is analyzed with the date of its URL as its publication date;
    an expression is right when its date agrees with the gold at the gold's granularity.
    """
    if not is_date_gold(gold):
        raise typer.BadParameter("not time-expression labels (gold/dates/)")
    try:
        scores = evaluate_dates(gold)
    except (KeyError, GoldFormatError) as error:
        raise typer.BadParameter(f"not time-expression labels: {error}") from None
    parts = {part: round(right / total, 4) for part, (right, total) in scores.by_part.items()}
    figures = {
        "value_accuracy": round(scores.value_accuracy, 4),
        "relative_accuracy": round(scores.relative_accuracy, 4),
        "resolved_recall": round(scores.resolved_recall, 4),
        "resolved_recall_by_part": parts,
    }
    if as_json:
        typer.echo(
            json.dumps(
                {
                    "detection": scores.detection.as_dict(),
                    "languages": {k: v.as_dict() for k, v in scores.by_language.items()},
                    **figures,
                },
                indent=2,
            )
        )
        return
    table = _prf_table(
        "Time expressions",
        "found = a predicted expression shares a character with a labelled one",
    )
    _prf_row(table, "all", scores.detection)
    for language, counts in sorted(scores.by_language.items()):
        _prf_row(table, language, counts)
    console.print(table)
    console.print(
        f"right date on found: {scores.value_accuracy:.3f} (without a written year: "
        f"{scores.relative_accuracy:.3f}); found and right of all labelled: "
        f"{scores.resolved_recall:.3f}; by part: {parts}",
        highlight=False,
    )
    wrong = [v for v in scores.verdicts if not v.right]
    for verdict in wrong[:errors]:
        got = verdict.predicted.isoformat() if verdict.found and verdict.predicted else "-"
        console.print(
            f"[red]{'wrong' if verdict.found else 'missed'}[/red] {verdict.article} "
            f"{rich_markup(repr(verdict.text))}: gold {verdict.gold}, got {got}",
            highlight=False,
        )


@eval_app.command(
    "clustering",
    epilog=(
        "Examples:\n\n  everyside eval clustering examples/corpus/gold.jsonl\n\n"
        "  everyside eval clustering ecbplus_train_dev.jsonl --split dev --mode batch\n\n"
        "  everyside eval clustering ecbplus_train_dev.jsonl --split dev --undated"
    ),
)
def clustering(
    gold: Annotated[
        Path,
        typer.Argument(
            exists=True, dir_okay=False, help="JSONL with id, cluster, title, text, or demo gold."
        ),
    ],
    split: Annotated[str | None, typer.Option(help="Only records of this split.")] = None,
    mode: Annotated[
        list[str] | None,
        typer.Option(
            help="stream (each article decided once), live (streamed in rounds of 20, the "
            "recent window re-clustered after each: what `cluster` and `watch` give), batch "
            "(`cluster --rebuild`). Repeatable. Default: all three."
        ),
    ] = None,
    undated: Annotated[
        bool,
        typer.Option(help="Drop every publication date first, as for news without dates."),
    ] = False,
    as_json: JsonOutput = False,
) -> None:
    """Pairwise and B-cubed precision, recall and F1 of story clustering, and cluster counts."""
    try:
        report = evaluate_clustering(
            gold,
            tuple(mode or MODES),  # type: ignore[arg-type]
            split,
            undated=undated,
        )
    except (ValueError, KeyError, GoldFormatError) as error:
        raise typer.BadParameter(str(error)) from None
    data = report.as_dict()
    if as_json:
        typer.echo(json.dumps(data, indent=2))
        return
    title = f"Story clustering: {gold.name}" + (f" ({split})" if split else "")
    table = Table(title=title + (", dates dropped" if undated else ""))
    for column in ("mode", "B³ P", "B³ R", "B³ F1", "pair P", "pair R", "pair F1", "clusters"):
        table.add_column(column, justify="left" if column == "mode" else "right")
    for name, scores in data["modes"].items():
        bcubed, pairwise = scores["bcubed"], scores["pairwise"]
        table.add_row(
            name,
            *(f"{bcubed[k]:.3f}" for k in ("precision", "recall", "f1")),
            *(f"{pairwise[k]:.3f}" for k in ("precision", "recall", "f1")),
            f"{scores['predicted_clusters']} ({scores['gold_clusters']} gold)",
        )
    console.print(table)


@eval_app.command(
    "pairs",
    epilog=(
        "Examples:\n\n  everyside eval pairs semeval22_dev.jsonl --half dev\n\n"
        "  everyside eval pairs examples/corpus/gold.jsonl   # every article pair of the stories"
    ),
)
def pairs(
    gold: Annotated[
        Path,
        typer.Argument(
            exists=True, dir_okay=False, help="SemEval pairs JSONL, or clustering/demo gold."
        ),
    ],
    half: Annotated[
        str,
        typer.Option(
            help="dev (held out), check (a fifth of the other half, never trained on), "
            "train or all."
        ),
    ] = "dev",
    split: Annotated[
        str | None, typer.Option(help="Clustering gold only: only records of this split.")
    ] = None,
    as_json: JsonOutput = False,
) -> None:
    """Pair score against same-story ratings: Pearson and recall at precision 0.8, per language
    pair; for clustering gold, the share of same-story pairs joined across languages."""
    try:
        scores: Any = (
            evaluate_pairs(gold, None if half == "all" else half)  # type: ignore[arg-type]
            if is_pair_file(gold)
            else evaluate_story_pairs(gold, split)
        )
    except (ValueError, KeyError, GoldFormatError) as error:
        raise typer.BadParameter(str(error)) from None
    typer.echo(json.dumps(scores.as_dict(), indent=2)) if as_json else console.print_json(
        data=scores.as_dict()
    )


@eval_app.command(
    "compare",
    epilog=(
        "Examples:\n\n  everyside eval compare examples/corpus/compare_gold.jsonl\n\n"
        "  everyside eval compare my_gold.jsonl --corpus examples/corpus --json"
    ),
)
def compare(
    gold: Annotated[
        Path,
        typer.Argument(
            exists=True,
            dir_okay=False,
            help="Compare gold JSONL (examples/corpus/compare_gold.jsonl): one line per story.",
        ),
    ],
    corpus: Annotated[
        Path | None,
        typer.Option(
            exists=True,
            file_okay=False,
            help="Demo corpus folder with gold.jsonl. Default: the gold file's folder.",
        ),
    ] = None,
    as_json: JsonOutput = False,
) -> None:
    """Quote-variant pairing and consensus/outlet-only labelling P/R/F1, story by story."""
    try:
        scores = evaluate_compare(gold, corpus)
    except (KeyError, GoldFormatError) as error:
        raise typer.BadParameter(f"not compare gold: {error}") from None
    if as_json:
        typer.echo(json.dumps(scores.as_dict(), indent=2))
        return
    table = _prf_table(
        f"Comparison: {scores.stories} stories",
        "match = overlap >= 50% of the longer span; labels are scored on the gold's "
        "sentences, and 'shared' counts as neither label",
    )
    _prf_row(table, "quote variants", scores.variants)
    for label, counts in scores.coverage.items():
        _prf_row(table, label, counts)
    console.print(table)
    for gold_label, row in scores.confusion.items():
        console.print(
            f"gold {gold_label}: " + ", ".join(f"{label} {n}" for label, n in sorted(row.items()))
        )


@eval_app.command(
    "events",
    epilog=(
        "Examples:\n\n  everyside eval events ../shared/data/events/petr_unittest.jsonl\n\n"
        "  everyside eval events ../shared/data/events/gsr_validation.jsonl --json"
    ),
)
def events(
    gold: Annotated[
        Path,
        typer.Argument(
            exists=True,
            dir_okay=False,
            help="PETRARCH2 unit-test records or PLOVER/UniversalPetrarch gsr records (detected).",
        ),
    ],
    limit: Annotated[
        int | None, typer.Option("--limit", "-n", min=1, help="Score at most N records per group.")
    ] = None,
    errors: Annotated[int, typer.Option(min=0, help="Also print N records coded wrongly.")] = 0,
    part: Annotated[
        str | None,
        typer.Option(
            help="Only dev part a (rules are revised on its errors) or b (the check), "
            "split by a hash of the record id."
        ),
    ] = None,
    as_json: JsonOutput = False,
) -> None:
    """Event coding P/R/F1 on (source, target, code), root code and actors; false events."""
    if part not in (None, "a", "b"):
        raise typer.BadParameter("--part is a or b")
    try:
        report = evaluate_events(gold, limit=limit, keep_wrong=errors > 0, part=part)
    except (KeyError, ValueError, GoldFormatError) as error:
        raise typer.BadParameter(f"not event gold: {error}") from None
    if as_json:
        typer.echo(json.dumps(report.as_dict(), indent=2))
    else:
        _render_events(report)
    for result in report.wrong[:errors]:
        console.rule(rich_markup(result.record_id), style="dim")
        console.print(rich_text(result.text), highlight=False)
        gold_events = [(g.source, g.target, sorted(g.codes)) for g in result.gold]
        console.print(f"gold {rich_markup(str(gold_events))}", highlight=False)
        predicted = [(p.source, p.target, p.code) for p in result.predicted]
        console.print(f"got  {rich_markup(str(predicted))}", highlight=False)


def _render_events(report: EventReport) -> None:
    for group, scores in report.groups.items():
        table = _prf_table(
            f"Events: {group}, {scores.records} records",
            f"false events: {scores.false_per_sentence:.2f} per sentence, "
            f"{scores.false_per_gold_event:.2f} per gold event",
        )
        if scores.actors_annotated:
            _prf_row(table, "source, target, code", scores.full)
            _prf_row(table, "source, target, root", scores.root)
        _prf_row(table, "root code only", scores.code_root)
        if scores.actors_annotated:
            _prf_row(table, "actors only", scores.actors)
        console.print(table)
    console.print(f"throughput: {report.sentences_per_second:.1f} sentences/s (parsing included)")


def _story_ids(value: str | None) -> frozenset[str]:
    return frozenset(part.strip() for part in (value or "").split(",") if part.strip())


@eval_app.command(
    "alignment",
    epilog=(
        "Examples:\n\n"
        "  everyside eval alignment ../shared/data/alignment/alignment_dev.jsonl\n\n"
        "  everyside eval alignment alignment_dev.jsonl --stories semdev-s03,semdev-s06\n\n"
        "  everyside eval alignment alignment_dev.jsonl --exclude ecbdev-12_ecb --json"
    ),
)
def alignment(
    gold: Annotated[
        Path,
        typer.Argument(
            exists=True,
            dir_okay=False,
            help="Fact-alignment gold JSONL (../shared/data/alignment/): one story a line.",
        ),
    ],
    stories: Annotated[
        str | None,
        typer.Option("--stories", help="Score only these story ids (comma-separated)."),
    ] = None,
    exclude: Annotated[
        str | None,
        typer.Option("--exclude", help="Leave these story ids out (comma-separated)."),
    ] = None,
    as_json: JsonOutput = False,
) -> None:
    """How well compare lines up what outlets say, against sentences labelled by fact.

    Compares each story's articles as `everyside compare FILE --format json` does, then
    scores alignment P/R/F1 over cross-article sentence pairs, false omissions, false
    credits (summary and consensus), outlet-only precision, boilerplate shown as
    statements, and number conflicts/updates found; story by story and overall.
    """
    try:
        options = AlignmentEvalOptions(
            stories=_story_ids(stories) if stories is not None else None,
            exclude=_story_ids(exclude),
        )
        report = evaluate_alignment(gold, options)
    except (ValueError, GoldFormatError) as error:
        raise typer.BadParameter(str(error)) from None
    if as_json:
        typer.echo(json.dumps(report.as_dict(), indent=2))
    else:
        _render_alignment(report)


def _share(part: int, whole: int, rate: bool) -> str:
    if not whole:
        return "-"
    return f"{part / whole:.3f}" if rate else f"{part}/{whole}"


def _render_alignment(report: AlignmentReport) -> None:
    total = report.total
    table = Table(
        title=f"Fact alignment: {total.stories} stories",
        caption=(
            "P: statement pairs of one group that share a gold fact; R: gold (fact, article "
            "pair)s found; omit/sum/cons ✗: false omissions, false summary and consensus "
            "credits; solo P: outlet-only precision; boiler: boilerplate statements; "
            "figs: gold conflicts and updates found"
        ),
    )
    for column in ("story", "P", "R", "F1", "omit ✗", "sum ✗", "cons ✗", "solo P", "boiler"):
        table.add_column(column, justify="left" if column == "story" else "right")
    table.add_column("figs", justify="right")

    def row(name: str, s: AlignmentScores, rate: bool) -> None:
        table.add_row(
            name,
            _share(s.pairs_correct, s.pairs_predicted, rate),
            _share(s.pairs_found, s.pairs_gold, rate),
            f"{s.f1:.3f}",
            _share(s.false_omissions, s.omissions, rate),
            _share(s.false_summary_credits, s.summary_credits, rate),
            _share(s.false_consensus_credits, s.consensus_credits, rate),
            _share(s.outlet_only_right, s.outlet_only, rate),
            _share(s.boilerplate, s.statements, rate),
            _share(s.figures_found, s.figures_gold, False),
        )

    for story, scores in report.stories.items():
        row(story, scores, False)
    table.add_section()
    row("all", total, False)
    row("rate", total, True)
    console.print(table)
    console.print(
        f"figures: {total.figures_found}/{total.figures_gold} gold conflicts and updates found, "
        f"{total.figures_right_relation} with the right relation; "
        f"{total.figures_not_in_gold} claimed that the gold does not have"
    )
    console.print(
        "outlet-only precision of the groups labelled outlet_only (not possibly_shared): "
        + _share(total.labelled_outlet_only_right, total.labelled_outlet_only, False)
    )
    if total.possibly_covered:
        console.print(
            f"possibly covered (not counted as omissions): {total.possibly_covered_true} of "
            f"{total.possibly_covered} really stated by the outlet"
        )
    if total.unmapped_articles:
        console.print(f"[yellow]{total.unmapped_articles} articles matched no gold article[/]")
    for story, message in report.failures.items():
        console.print(f"[red]failed[/red] {story}: {message}", highlight=False)
    console.print(f"{report.seconds:.0f} s, reading and analysis included")
