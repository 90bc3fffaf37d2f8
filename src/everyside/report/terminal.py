"""Rich renderings for the terminal: tables of articles, ingest summaries, one article."""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime

from rich.console import Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from everyside.analyze.cameo import cameo_code
from everyside.compare.naming import nothing_to_compare
from everyside.compare.results import ClosestStatement, Comparison, DiffPart, StatementGroup
from everyside.counting import counted
from everyside.escaping import printable, rich_text, same_length_printable
from everyside.ingest.pipeline import IngestReport, Outcome
from everyside.jobs.analyze import AnalyzeReport
from everyside.jobs.cluster import ClusterReport
from everyside.model import (
    PARAGRAPH_SEPARATOR,
    Article,
    ArticleAnalysis,
    Quote,
    RealWorldEvent,
    StorySummary,
)
from everyside.store.analysis import EntitySummary
from everyside.store.dialects import SearchHit
from everyside.store.repository import SourceSighting

# Beyond this many rows a table shows the first ones and says how many it left out.
MAX_ROWS = 25

_OUTCOME_LABELS = {
    Outcome.ADDED: "added",
    Outcome.NEAR_DUPLICATE: "near duplicates (stored, linked)",
    Outcome.EXACT_DUPLICATE: "exact copies (linked, not stored again)",
    Outcome.ALREADY_STORED: "already stored (unchanged)",
    Outcome.FAILED: "failed",
}


def _date(article: Article) -> str:
    return article.published_at.strftime("%Y-%m-%d %H:%M") if article.published_at else "—"


def _outlet(article: Article) -> str:
    return article.outlet.name if article.outlet else "—"


def articles_table(articles: list[Article], *, title: str = "Articles") -> Table:
    """A table of articles: id, date, outlet, language, title."""
    table = Table(title=title, title_justify="left")
    table.add_column("id", style="cyan", no_wrap=True)
    table.add_column("published", no_wrap=True)
    table.add_column("outlet")
    table.add_column("lang", no_wrap=True)
    table.add_column("title")
    for article in articles:
        table.add_row(
            article.id,
            _date(article),
            rich_text(_outlet(article)),
            article.language or "—",
            rich_text(article.title),
        )
    return table


def search_table(results: list[tuple[Article, SearchHit]], query: str) -> Table:
    """Search hits with the matching passage highlighted."""
    table = Table(title=f"Search: {query}", title_justify="left")
    table.add_column("id", style="cyan", no_wrap=True)
    table.add_column("outlet")
    table.add_column("title / passage")
    for article, hit in results:
        passage = Text(printable(article.title) + "\n", style="bold")
        passage.append_text(_highlight(hit.snippet))
        table.add_row(article.id, rich_text(_outlet(article)), passage)
    return table


def _highlight(snippet: str) -> Text:
    text = Text()
    for index, part in enumerate(snippet.replace("]", "[").split("[")):
        text.append(part, style="bold yellow" if index % 2 else "")
    return text


def ingest_summary(report: IngestReport) -> RenderableType:
    """What an ingest did: counts and the duplicates it linked."""
    counts = Table(title=f"Ingested {counted(report.files, 'input')}", title_justify="left")
    counts.add_column("outcome")
    counts.add_column("articles", justify="right")
    for outcome, label in _OUTCOME_LABELS.items():
        counts.add_row(
            label,
            str(report.count(outcome)),
            style="red" if outcome is Outcome.FAILED and report.count(outcome) else "",
        )
    parts: list[RenderableType] = [counts]
    duplicates = [
        e for e in report.events if e.outcome in (Outcome.NEAR_DUPLICATE, Outcome.EXACT_DUPLICATE)
    ]
    if duplicates:
        table = Table(title="Duplicates linked to the first-seen article", title_justify="left")
        table.add_column("source")
        table.add_column("kind")
        table.add_column("first seen", style="cyan")
        table.add_column("similarity", justify="right")
        for event in duplicates[:MAX_ROWS]:
            similarity = f"{event.similarity:.2f}" if event.similarity is not None else "1.00"
            kind = "near" if event.outcome is Outcome.NEAR_DUPLICATE else "exact"
            table.add_row(rich_text(event.locator), kind, event.duplicate_of or "", similarity)
        parts.append(_with_overflow(table, len(duplicates)))
    # The failures are not listed here: the CLI prints each one once, as an error line.
    return Group(*parts)


def _with_overflow(table: Table, total: int) -> RenderableType:
    if total <= MAX_ROWS:
        return table
    return Group(table, Text(f"… and {total - MAX_ROWS} more (use --json for all)", style="dim"))


def highlighted_body(article: Article, found: ArticleAnalysis) -> list[Text]:
    """The article's paragraphs with mentions, quotes, numbers and dates styled."""
    body = Text(same_length_printable(article.body))
    for quote in found.quotes:
        body.stylize("green", quote.span.start, quote.span.end)
        if quote.speaker_span is not None:
            body.stylize("bold", quote.speaker_span.start, quote.speaker_span.end)
    for mention in found.mentions:
        body.stylize("cyan underline", mention.span.start, mention.span.end)
    for claim in found.claims:
        body.stylize("bold yellow", claim.span.start, claim.span.end)
    for moment in found.times:
        body.stylize("magenta", moment.span.start, moment.span.end)
    return list(body.split(PARAGRAPH_SEPARATOR)) if article.body else []


def analyze_summary(report: AnalyzeReport) -> Table:
    """Counts of what an analysis run found."""
    table = Table(title=f"Analyzed {counted(report.analyzed, 'article')}", title_justify="left")
    table.add_column("found")
    table.add_column("count", justify="right")
    for label, count in (
        ("entity mentions", report.mentions),
        ("quotes", report.quotes),
        ("numbers", report.claims),
        ("dates", report.times),
        ("failed articles", len(report.failed)),
    ):
        table.add_row(label, str(count))
    return table


def quotes_table(found: list[tuple[Quote, str | None]]) -> Table:
    """Quotes with speaker, kind, cue and medium."""
    table = Table(title=f"Quotes ({len(found)})", title_justify="left")
    table.add_column("article", style="cyan", no_wrap=True)
    table.add_column("speaker", style="bold")
    table.add_column("kind")
    table.add_column("quote")
    table.add_column("cue / medium")
    for quote, name in found:
        speaker = name or quote.speaker_text or "—"
        if name and quote.speaker_text and quote.speaker_text != name:
            speaker = f"{name}\n[dim]as “{quote.speaker_text}”[/dim]"
        via = " / ".join(part for part in (quote.cue, quote.medium) if part) or "—"
        table.add_row(quote.article_id[:8], speaker, quote.kind.value, Text(quote.text), via)
    return table


def entities_table(found: list[EntitySummary]) -> Table:
    """Entities with counts and a few aliases."""
    table = Table(title=f"Entities ({len(found)})", title_justify="left")
    table.add_column("entity", style="bold")
    table.add_column("kind")
    table.add_column("country")
    table.add_column("articles", justify="right")
    table.add_column("mentions", justify="right")
    table.add_column("id", style="dim")
    for summary in found:
        entity = summary.entity
        table.add_row(
            entity.name,
            entity.kind,
            entity.country_code or "—",
            str(summary.articles),
            str(summary.mentions),
            entity.id,
        )
    return table


def article_panel(
    article: Article,
    sources: list[SourceSighting],
    found: ArticleAnalysis | None = None,
    *,
    boilerplate: bool,
) -> Panel:
    """One article with its metadata, body and, on request, the boilerplate removed from it."""
    meta = Table.grid(padding=(0, 2))
    meta.add_column(style="bold")
    meta.add_column()
    rows = [
        ("id", article.id),
        ("outlet", _outlet(article)),
        ("published", _date(article)),
        ("place", article.place or "—"),
        ("author", article.author or "—"),
        ("url", article.url or "—"),
        (
            "language",
            f"{article.language} ({article.language_confidence:.2f})"
            if article.language and article.language_confidence is not None
            else "—",
        ),
        ("views", str(article.view_count) if article.view_count is not None else "—"),
    ]
    if article.duplicate_of:
        rows.append(
            (
                "duplicate of",
                f"{article.duplicate_of} ({article.duplicate_kind}, "
                f"similarity {article.duplicate_similarity or 1.0:.2f})",
            )
        )
    for source in sources:
        rows.append(("source", f"{source.locator} [{source.format}]"))
    for key, value in rows:
        meta.add_row(key, rich_text(value))
    parts: list[RenderableType] = [meta, Text("")]
    paragraphs = (
        highlighted_body(article, found)
        if found
        else [Text(same_length_printable(p)) for p in article.paragraphs]
    )
    for paragraph in paragraphs:
        parts.extend([paragraph, Text("")])
    if boilerplate and article.boilerplate:
        removed = Table(title="Removed as boilerplate", title_justify="left", style="dim")
        removed.add_column("kind")
        removed.add_column("text")
        for item in article.boilerplate:
            removed.add_row(item.kind.value, rich_text(item.text))
        parts.append(removed)
    return Panel(Group(*parts), title=rich_text(article.title, "bold"), title_align="left")


def cluster_summary(report: ClusterReport) -> Table:
    """Counts of what a clustering run did."""
    table = Table(title=f"Clustered {counted(report.assigned, 'article')}", title_justify="left")
    table.add_column("")
    table.add_column("count", justify="right")
    table.add_row("stories opened", str(report.opened))
    table.add_row("stories in the store", str(report.stories))
    table.add_row("merges and splits (recorded)", str(len(report.changes)))
    if report.reconciled:
        table.add_row(
            # Summed over the run's rounds: an article re-clustered twice counts twice.
            f"moved by re-clustering with the batch model ({report.reconciled} seen)",
            str(report.moved),
        )
    if report.repaired:
        table.add_row("stories repaired (left behind by an interrupted run)", str(report.repaired))
    return table


def _day(moment: datetime | None) -> str:
    return moment.date().isoformat() if moment else ""


def _span(story: StorySummary) -> str:
    first, last = _day(story.first_seen), _day(story.last_seen)
    return first if first == last else f"{first} → {last}"


def coverage_line(story: StorySummary) -> str:
    """Outlets by country and the languages, e.g. ``GBR 2 · DEU 1 · ? 1 | en,de``."""
    countries = " · ".join(
        f"{country or '?'} {len(outlets)}" for country, outlets in story.coverage_by_country()
    )
    return f"{countries} | {','.join(story.languages)}"


def stories_table(found: list[StorySummary], *, total: int | None = None, offset: int = 0) -> Table:
    """Stories with coverage (outlets by country, languages), size, last seen and headline."""
    shown = f"{offset + 1}-{offset + len(found)} of {total}" if total and found else len(found)
    table = Table(title=f"Stories ({shown})", title_justify="left")
    table.add_column("id", style="cyan", no_wrap=True)
    table.add_column("cov", justify="right", no_wrap=True)
    table.add_column("outlets by country | languages", max_width=34)
    table.add_column("n", justify="right", no_wrap=True)
    table.add_column("last seen", no_wrap=True)
    table.add_column("headline", ratio=1, min_width=30)
    for story in found:
        table.add_row(
            story.id.removeprefix("story-")[:10],
            f"{story.coverage:g}",
            rich_text(coverage_line(story)),
            str(story.size),
            _day(story.last_seen),
            rich_text(story.headline),
        )
    return table


def story_panel(
    story: StorySummary, articles: list[Article], groups: Collection[str] = ()
) -> Panel:
    """One story: what it is about, its coverage (and blindspot) and its articles."""
    meta = Table.grid(padding=(0, 2))
    meta.add_column(style="bold")
    meta.add_column()
    meta.add_row("id", story.id)
    meta.add_row("dates", _span(story))
    meta.add_row("outlets", ", ".join(story.outlets))
    meta.add_row("languages", ", ".join(story.languages))
    meta.add_row("coverage", rich_text(f"{story.coverage:g}: {coverage_line(story)}"))
    if blindspot := story.blindspot(groups):
        meta.add_row("blindspot", f"no outlet from {', '.join(blindspot)}")
    meta.add_row("entities", ", ".join(name for _, name in story.key_entities))
    meta.add_row("keywords", ", ".join(story.keywords))
    return Panel(
        Group(meta, Text(""), articles_table(articles, title="Articles")),
        title=Text(story.headline, style="bold"),
        title_align="left",
    )


def _diff_text(parts: list[DiffPart]) -> Text:
    text = Text()
    for part in parts:
        if part.op == "equal":
            text.append(part.left + " ")
            continue
        if part.left:
            text.append(part.left, style="strike red")
            text.append(" ")
        if part.right:
            text.append(part.right, style="bold green")
            text.append(" ")
    return text


def _statements_table(title: str | Text, groups: list[StatementGroup], *, outlets: bool) -> Table:
    table = Table(title=title, title_justify="left", show_lines=True, expand=True)
    table.add_column("#", justify="right", style="dim")
    table.add_column("statement", ratio=4)
    if outlets:
        table.add_column("outlets", ratio=1)
    for group in groups[:MAX_ROWS]:
        # Text, not str: an article's words are never read as Rich markup.
        cells: list[str | Text] = [str(group.id), Text(group.statements[0].text)]
        table.add_row(*cells, *([Text(", ".join(group.outlets))] if outlets else []))
    return table


def _possibly_table(outlet: str, possibly: list[tuple[StatementGroup, ClosestStatement]]) -> Table:
    """Facts most outlets report that this one may state in other words: not omissions."""
    table = Table(
        title=Text(f"{outlet} possibly covers, in other words"),
        title_justify="left",
        show_lines=True,
        expand=True,
    )
    table.add_column("#", justify="right", style="dim")
    table.add_column("statement", ratio=3)
    table.add_column(Text(f"closest in {outlet}"), ratio=3, style="dim")
    for group, closest in possibly[:MAX_ROWS]:
        table.add_row(str(group.id), Text(group.statements[0].text), Text(closest.text))
    return table


def comparison_view(found: Comparison) -> Group:
    """The comparison of a story for the terminal: consensus, differences, quotes, numbers."""
    title = found.headline or "empty story"
    notice = nothing_to_compare(found.outlets, len(found.articles))
    parts: list[RenderableType] = [
        Panel(
            Text.assemble(
                (title, "bold"),
                f"\n{len(found.articles)} articles · outlets: {', '.join(found.outlets)}",
                (f"\n{notice}" if notice else "", "bold yellow"),
            ),
            title=found.story_id or "comparison",
        )
    ]
    summary = Table(title="Summary", title_justify="left", show_header=False, expand=True)
    summary.add_column("sentence", ratio=4)
    summary.add_column("outlets", ratio=1, style="cyan")
    for sentence in found.summary:
        summary.add_row(Text(sentence.text), Text(", ".join(sentence.outlets)))
    parts += [
        summary,
        _statements_table("What most outlets report", found.consensus(), outlets=True),
    ]
    for outlet in found.outlets:
        only = found.outlet_only(outlet)
        if only:
            parts.append(_statements_table(Text(f"Only {outlet}"), only, outlets=False))
        omitted = found.omissions(outlet)
        if omitted:
            parts.append(_statements_table(Text(f"{outlet} leaves out"), omitted, outlets=True))
        possibly = found.possibly_covered(outlet)
        if possibly:
            parts.append(_possibly_table(outlet, possibly))
    for variant in found.quote_variants[:MAX_ROWS]:
        flags = ", ".join(c.value for c in variant.changes) or "none"
        body = Text.assemble(
            (f"{variant.left.outlet}: ", "bold"),
            f"“{variant.left.text}”\n",
            (f"{variant.right.outlet}: ", "bold"),
            f"“{variant.right.text}”\n",
        )
        if variant.diff and not variant.identical:
            body.append_text(_diff_text(variant.diff))
        speaker = variant.left.speaker or "unknown speaker"
        if variant.speakers_differ:
            speaker += f" / {variant.right.speaker or 'unknown speaker'} (different speakers)"
        parts.append(
            Panel(
                body,
                title=f"Quote variant · {speaker}",
                subtitle=f"similarity {variant.similarity:.2f} · meaning changes: {flags}",
                title_align="left",
            )
        )
    numbers = Table(title="Numbers", title_justify="left", expand=True)
    for column in ("verdict", "quantity", "values"):
        numbers.add_column(column)
    for report in found.numbers[:MAX_ROWS]:
        numbers.add_row(
            Text(
                report.verdict.value, style="bold red" if report.verdict.value == "conflict" else ""
            ),
            " ".join(filter(None, (report.about, f"({report.unit})" if report.unit else None))),
            "\n".join(f"{s.outlet}: {s.text}" for s in report.sightings),
        )
    voices = Table(title="Who gets a voice", title_justify="left")
    for column in ("outlet", "speaker", "quotes", "words", "share"):
        voices.add_column(
            column, justify="right" if column in ("quotes", "words", "share") else "left"
        )
    for voice in found.voices:
        voices.add_row(
            voice.outlet, voice.speaker, str(voice.quotes), str(voice.words), f"{voice.share:.0%}"
        )
    tone = Table(title="Tone (lexicon: −1 grim … +1 upbeat)", title_justify="left")
    for column in ("outlet", "positive", "negative", "tone"):
        tone.add_column(column)
    for measure in found.tone:
        tone.add_row(
            measure.outlet, str(measure.positive), str(measure.negative), f"{measure.score:+.2f}"
        )
    return Group(*parts, numbers, voices, tone, events_table(found.events))


def events_table(found: list[RealWorldEvent]) -> RenderableType:
    """Real-world events, oldest first: day, who, what (CAMEO), to whom, how many reported it."""
    table = Table(title="Events (each merged from every report of it)", title_justify="left")
    for column in ("day", "source", "action (CAMEO)", "target", "Goldstein", "outlets", "reports"):
        table.add_column(column, justify="right" if column in ("Goldstein", "reports") else "left")
    for event in found[:MAX_ROWS]:
        facts = cameo_code(event.cameo_code)
        codes = ", ".join(event.codes) if len(event.codes) > 1 else ""
        table.add_row(
            event.day.isoformat() if event.day else "—",
            event.source_actor or "—",
            f"{event.cameo_code or '—'} {facts.label if facts else ''}"
            + (f" [dim](outlets differ: {codes})[/dim]" if codes else ""),
            event.target_actor or "—",
            "" if event.goldstein is None else f"{event.goldstein:+g}",
            ", ".join(event.outlets),
            str(len(event.reports)),
        )
    return _with_overflow(table, len(found))
