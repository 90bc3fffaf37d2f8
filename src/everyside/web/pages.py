"""The web pages: the story river, a story's comparison, an annotated article, the ingest page.

Handlers only read through the library (``store.repository``, ``store.analysis``,
``store.stories``, ``jobs.compare_story``) and render templates; the small view
helpers below shape what they read for the templates.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, time, timedelta
from itertools import pairwise
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from jinja2 import ChoiceLoader, Environment, PackageLoader, select_autoescape
from sqlalchemy.orm import Session

from everyside import __version__
from everyside.compare.framing import shared_headline_entities
from everyside.errors import EverysideError
from everyside.jobs.compare import compare_story, story_stamp
from everyside.model import Article, ArticleAnalysis, Entity, Quote, Span, StorySummary
from everyside.report.html import comparison_context, web_link
from everyside.store import analysis, repository
from everyside.store import events as event_store
from everyside.store import stories as story_store
from everyside.store.dialects import FullTextIndex, SearchHit
from everyside.store.stories import StoryFilter, StorySort
from everyside.web.deps import KeptDep, OptionsDep, SessionDep, StoreDep
from everyside.web.kept import KeptBody
from everyside.web.schemas import MAX_OFFSET

router = APIRouter(tags=["pages"], include_in_schema=False)

# The upload endpoint of routers/articles.py: the API prefix set in app.py, plus /articles.
STORIES_PER_PAGE = 20
# A search shows the stories of this many best-matching articles.
SEARCH_LIMIT = 200
# The last page the river goes to: the API's largest offset (beyond it, 422, not 500).
MAX_PAGE = MAX_OFFSET // STORIES_PER_PAGE


def _time_span(first: str | None, last: str | None) -> str:
    """A story's time span, from its first and last ISO times, at the precision that helps."""
    if not first or not last:
        return "undated"
    start, end = datetime.fromisoformat(first), datetime.fromisoformat(last)
    hours = (end - start).total_seconds() / 3600
    if hours < 1:
        return start.strftime("%Y-%m-%d %H:%M")
    length = f"{hours:.0f} h" if hours < 48 else f"{hours / 24:.0f} days"
    return f"{start:%Y-%m-%d %H:%M} → {end:%Y-%m-%d %H:%M} ({length})"


def _environment() -> Environment:
    environment = Environment(
        # The story page includes the report's comparison sections, so both folders load.
        loader=ChoiceLoader(
            [
                PackageLoader("everyside.web", "templates"),
                PackageLoader("everyside.report", "templates"),
            ]
        ),
        # Article text is hostile input: everything is escaped, in every template.
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.globals["version"] = __version__
    environment.filters["time_span"] = _time_span
    return environment


templates = Jinja2Templates(env=_environment())


# Colours of the coverage bar: one per outlet group (country), in the order of the
# store's groups, repeating past the last; outlets of no known country are grey.
BAR_COLOURS = 8


def _day(text: str) -> date | None:
    """A date from a form's date field; empty or not a date is no date."""
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        return None


@dataclass(frozen=True, slots=True, kw_only=True)
class RiverQuery:
    """What the river is asked for: an order, a search, filters and a page.

    Single-article stories are left out unless ``single`` is set.
    """

    q: str = ""
    sort: StorySort = StorySort.COVERAGE
    language: str = ""
    outlet: str = ""
    group: str = ""
    entity: str = ""
    since: date | None = None
    until: date | None = None
    min_outlets: int = 1
    single: bool = False
    page: int = 1

    @property
    def filtered(self) -> bool:
        """Whether a search or a filter narrows the river (beyond the default)."""
        return bool(
            self.q
            or self.language
            or self.outlet
            or self.group
            or self.entity
            or self.since
            or self.until
            or self.min_outlets > 1
        )

    @property
    def changed(self) -> bool:
        """Whether anything differs from the river as it first opens."""
        return self.filtered or self.single or self.sort is not StorySort.COVERAGE

    def story_filter(self, article_ids: Collection[str] | None = None) -> StoryFilter:
        """The store's filter for this query (dates as UTC midnights, ``until`` inclusive)."""
        return StoryFilter(
            language=self.language,
            outlet=self.outlet,
            group=self.group,
            entity=self.entity,
            since=_midnight(self.since),
            until=_midnight(self.until + timedelta(days=1) if self.until else None),
            min_outlets=self.min_outlets,
            min_size=1 if self.single else 2,
            article_ids=article_ids,
        )

    def at_page(self, page: int, **changes: Any) -> dict[str, str | int]:
        """The query string of the same query at another page (with ``changes`` made)."""
        query = replace(self, **changes) if changes else self
        params: dict[str, str | int] = {
            "q": query.q,
            "sort": "" if query.sort is StorySort.COVERAGE else query.sort.value,
            "lang": query.language,
            "outlet": query.outlet,
            "group": query.group,
            "entity": query.entity,
            "since": query.since.isoformat() if query.since else "",
            "until": query.until.isoformat() if query.until else "",
            "min_outlets": query.min_outlets if query.min_outlets > 1 else "",
            "single": 1 if query.single else "",
            "page": page if page > 1 else "",
        }
        return {key: value for key, value in params.items() if value}


def _midnight(day: date | None) -> datetime | None:
    return datetime.combine(day, time(), tzinfo=UTC) if day else None


def coverage_view(story: StorySummary, groups: list[str]) -> dict[str, Any]:
    """What a story card's coverage bar shows: outlets by country, languages, blindspot."""
    colour = {group: index % BAR_COLOURS for index, group in enumerate(groups)}
    countries = [
        {
            "country": country,
            "colour": "none" if country is None else colour.get(country, BAR_COLOURS - 1),
            "outlets": outlets,
        }
        for country, outlets in story.coverage_by_country()
    ]
    spoken = ", ".join(
        f"{len(outlets)} from {country or 'an unknown country'}"
        for country, outlets in story.coverage_by_country()
    )
    return {
        "score": story.coverage,
        "countries": countries,
        "known": len(story.countries),
        "label": f"{_count(len(story.outlets), 'outlet')} ({spoken}) "
        f"in {_count(len(story.languages), 'language')}",
        "blindspot": story.blindspot(groups),
    }


def _count(number: int, thing: str) -> str:
    return f"{number} {thing}" if number == 1 else f"{number} {thing}s"


@dataclass(slots=True, kw_only=True)
class River:
    """One page of the river: stories widest coverage first, and the articles a search found."""

    query: RiverQuery
    stories: list[dict[str, Any]]
    total: int
    pages: int
    hits: list[tuple[Article, SearchHit]]
    languages: list[str]
    outlets: list[str]
    groups: list[str]
    # Single-article stories the query would show with ``single`` set.
    hidden: int = 0

    @classmethod
    def read(cls, session: Session, fulltext: FullTextIndex, query: RiverQuery) -> River:
        """Read the stories and search hits the query asks for."""
        hits = (
            repository.search_articles(session, fulltext, query.q, limit=SEARCH_LIMIT)
            if query.q
            else []
        )
        kept = query.story_filter({article.id for article, _ in hits} if query.q else None)
        page = story_store.list_stories(
            session,
            limit=STORIES_PER_PAGE,
            offset=(query.page - 1) * STORIES_PER_PAGE,
            query=kept,
            sort=query.sort,
        )
        total = story_store.count_stories(session, kept)
        hidden = 0
        if not query.single:
            hidden = story_store.count_stories(session, replace(kept, min_size=1)) - total
        groups = story_store.story_groups(session)
        facts = _headline_facts(session, page)
        # The templates read a story as its JSON-ready dict (times as ISO 8601 text).
        shown = [
            {
                **story.as_dict(),
                "headline_facts": found,
                "coverage": coverage_view(story, groups),
            }
            for story, found in zip(page, facts, strict=True)
        ]
        return cls(
            query=query,
            stories=shown,
            total=total,
            pages=max(1, math.ceil(total / STORIES_PER_PAGE)),
            hits=hits[:STORIES_PER_PAGE],
            languages=story_store.story_languages(session),
            outlets=story_store.story_outlets(session),
            groups=groups,
            hidden=hidden,
        )


def _headline_facts(session: Session, stories: list[StorySummary]) -> list[list[str]]:
    """For each story, the actors most of its headlines name (two queries for the page)."""
    titles = repository.article_titles(
        session, {article_id for story in stories for article_id in story.article_ids}
    )
    known = analysis.entities_by_id(
        session, {entity_id for story in stories for entity_id, _ in story.key_entities}
    )
    return [
        shared_headline_entities(
            [titles[i] for i in story.article_ids if i in titles],
            [known[entity_id] for entity_id, _ in story.key_entities if entity_id in known],
        )
        for story in stories
    ]


@dataclass(slots=True)
class EntityUse:
    """One entity as a story's or an article's text names it."""

    entity: Entity
    mentions: int = 0
    outlets: list[str] = field(default_factory=list)
    forms: list[str] = field(default_factory=list)


def entity_uses(analyses: Iterable[tuple[str, ArticleAnalysis]]) -> list[EntityUse]:
    """The entities named in (outlet, analysis) pairs, most widely named first."""
    uses: dict[str, EntityUse] = {}
    for outlet, found in analyses:
        for mention in found.mentions:
            entity = found.entities.get(mention.entity_id or "")
            if entity is None:
                continue
            use = uses.setdefault(entity.id, EntityUse(entity))
            use.mentions += 1
            if outlet not in use.outlets:
                use.outlets.append(outlet)
            if mention.text not in use.forms:
                use.forms.append(mention.text)
    return sorted(uses.values(), key=lambda u: (-len(u.outlets), -u.mentions, u.entity.name))


@dataclass(frozen=True, slots=True)
class Marked:
    """A run of article text under the same annotations (CSS classes and their notes)."""

    text: str
    kinds: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()


def _speaker(quote: Quote, found: ArticleAnalysis) -> str:
    entity = found.entities.get(quote.speaker_entity_id or "")
    return entity.name if entity else quote.speaker_text or "unknown speaker"


def _annotations(found: ArticleAnalysis) -> list[tuple[Span, str, str]]:
    """Every annotation as (span, CSS class, note)."""
    names = {key: f"{e.name} ({e.kind})" for key, e in found.entities.items()}
    marks = [
        (m.span, "a-mention", names.get(m.entity_id or "", m.label or "")) for m in found.mentions
    ]
    for quote in found.quotes:
        speaker = _speaker(quote, found)
        marks.append((quote.span, "a-quote", f"quote by {speaker}"))
        if quote.speaker_span is not None:
            marks.append((quote.speaker_span, "a-speaker", "speaker"))
    marks += [
        (c.span, "a-number", f"number {c.value:g} {c.unit or ''}".strip()) for c in found.claims
    ]
    marks += [
        (t.span, "a-date", f"date {t.value.isoformat()}" if t.value else "date")
        for t in found.times
    ]
    return marks


def marked_paragraphs(article: Article, found: ArticleAnalysis) -> list[list[Marked]]:
    """The article's paragraphs cut into runs of text that share the same annotations.

    Annotations may overlap (a name inside a quote), so the text is cut at every
    annotation boundary and each run carries all the annotations that cover it.
    """
    marks = _annotations(found)
    paragraphs = []
    for paragraph in article.paragraph_spans():
        inside = [m for m in marks if m[0].start < paragraph.end and m[0].end > paragraph.start]
        cuts = {paragraph.start, paragraph.end}
        for span, _, _ in inside:
            cuts.update(max(paragraph.start, min(paragraph.end, x)) for x in (span.start, span.end))
        edges = sorted(cuts)
        runs = []
        for start, end in pairwise(edges):
            covering = [
                (kind, note)
                for span, kind, note in inside
                if span.start <= start and end <= span.end
            ]
            runs.append(
                Marked(
                    article.body[start:end],
                    tuple(dict.fromkeys(kind for kind, _ in covering)),
                    tuple(dict.fromkeys(note for _, note in covering if note)),
                )
            )
        paragraphs.append(runs)
    return paragraphs


def _not_found(request: Request, message: str) -> HTMLResponse:
    return templates.TemplateResponse(
        request, "not_found.html", {"message": message}, status_code=404
    )


@router.get("/", response_class=HTMLResponse, name="river")
def river_page(
    request: Request,
    store: StoreDep,
    session: SessionDep,
    q: str = "",
    sort: StorySort = StorySort.COVERAGE,
    lang: str = "",
    outlet: str = "",
    group: Annotated[str, Query(max_length=3)] = "",
    entity: Annotated[str, Query(max_length=500)] = "",
    since: Annotated[str, Query(max_length=10)] = "",
    until: Annotated[str, Query(max_length=10)] = "",
    min_outlets: Annotated[int, Query(ge=1, le=1000)] = 1,
    single: bool = False,
    page: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 1,
) -> HTMLResponse:
    """The stories, widest coverage first (newer first as coverage ages), searched and filtered."""
    query = RiverQuery(
        q=q.strip(),
        sort=sort,
        language=lang,
        outlet=outlet,
        group=group.strip().upper(),
        entity=entity.strip(),
        since=_day(since),
        until=_day(until),
        min_outlets=min_outlets,
        single=single,
        page=page,
    )
    found = River.read(session, store.fulltext, query)
    return templates.TemplateResponse(request, "river.html", {"river": found, "here": "river"})


@router.get("/stories/{story_id}", response_class=HTMLResponse, name="story_page")
def story_page(
    request: Request, store: StoreDep, session: SessionDep, kept: KeptDep, story_id: str
) -> HTMLResponse:
    """One story's outlets compared: the report's sections, an entity panel, article links."""
    try:
        story = story_store.get_story(session, story_id)
    except EverysideError as error:
        return _not_found(request, str(error))
    # Rendered once per story version and base URL (links are absolute), and shown again
    # while the names of the actors its network draws are unchanged.
    key = kept.key(
        "story page", story_stamp(session, story), story.as_dict(), str(request.base_url)
    )
    page = kept.get(key)
    if page is not None and event_store.entity_names(session, set(page.names)) == page.names:
        return HTMLResponse(page.body)
    # compare_story reads in sessions of its own: hold no pooled connection meanwhile, or
    # 20 concurrent requests, each holding one and asking for another, starve the pool.
    session.close()
    found = compare_story(store, story.id)
    stored = analysis.load_analyses(session, [a.id for a in found.articles])
    analyses = [(a.outlet, result) for a, result in zip(found.articles, stored, strict=True)]
    actors = {
        entity_id
        for event in found.events
        for report in event.reports
        for entity_id in (report.event.source_entity_id, report.event.target_entity_id)
        if entity_id
    }
    actor_names = event_store.entity_names(session, actors)
    countries = {
        article.outlet.name: article.outlet.country
        for article in repository.get_articles(session, [a.id for a in found.articles])
        if article.outlet is not None and article.outlet.country
    }
    context = {
        **comparison_context(found, entity_names=actor_names, outlet_countries=countries),
        "title": story.headline or "untitled story",
        "story": story.as_dict(),
        "entities": entity_uses(analyses),
        "link_articles": True,
        "extra_sections": [("entities", "Entities")],
    }
    response = templates.TemplateResponse(request, "story.html", context)
    kept.put(key, KeptBody(bytes(response.body), actor_names))
    return response


@router.get("/articles/{article_id}", response_class=HTMLResponse, name="article_page")
def article_page(request: Request, session: SessionDep, article_id: str) -> HTMLResponse:
    """One article with its mentions, quotes, numbers and dates highlighted."""
    try:
        article = repository.get_article(session, article_id)
    except EverysideError as error:
        return _not_found(request, str(error))
    found = analysis.load_analysis(session, article.id)
    outlet = article.outlet.name if article.outlet else "unknown outlet"
    context = {
        "article": article,
        "link": web_link(article.url),
        "story_id": story_store.assignments(session).get(article.id),
        "sources": repository.article_sources(session, article.id),
        "analysis": found,
        "paragraphs": marked_paragraphs(article, found),
        "entities": entity_uses([(outlet, found)]),
        "quotes": [(quote, _speaker(quote, found)) for quote in found.quotes],
    }
    return templates.TemplateResponse(request, "article.html", context)


@router.get("/ingest", response_class=HTMLResponse, name="ingest_page")
def ingest_page(request: Request, options: OptionsDep) -> HTMLResponse:
    """Upload article files to the API and see each file's outcome."""
    context = {
        "api_url": request.app.url_path_for("ingest_articles"),
        "needs_key": options.api_key is not None,
        "here": "ingest",
    }
    return templates.TemplateResponse(request, "ingest.html", context)
