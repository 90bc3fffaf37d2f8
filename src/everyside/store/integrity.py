"""Check the store's invariants and name each kind of damage found (``everyside db check``).

The invariants every run of everyside keeps, and that a killed process, a disk fault
or a hand-edited database can break:

- the database file itself reads back sound (SQLite's ``quick_check``);
- every assignment's story has a row, whose size is its number of assigned articles,
  and every story row has articles;
- every assigned article has its clustering features, and every features row its
  embedding (512 float32, 2,048 bytes);
- every analysis belongs to a stored article, and an article's extracted records
  (mentions, quotes, numbers, dates, events) come with its analysis;
- the full-text index holds each stored article exactly once, and nothing else;
- every article with a MinHash signature has its near-duplicate band keys for every
  layout the store says is complete (counted, not recomputed: the keys' hashes are the
  ingest stage's business);
- the kept document frequencies equal a recount over the assigned articles' features;
- each entity's kept mention and article counts equal a count of its mentions.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Select, func, or_, select
from sqlalchemy.exc import DatabaseError
from sqlalchemy.orm import Session

from everyside.store.analysis import mention_counts
from everyside.store.db import Store
from everyside.store.dialects import storage_problems
from everyside.store.frequencies import ENTITY, TERM, stored_frequencies
from everyside.store.models import (
    AnalysisRow,
    ArticleFeaturesRow,
    ArticleRow,
    ClaimRow,
    EntityRow,
    EventRow,
    MentionRow,
    NearDuplicateBandRow,
    NearDuplicateLayoutRow,
    QuoteRow,
    StoryArticleRow,
    StoryRow,
    TimeMentionRow,
)
from everyside.store.stories import (
    EMBEDDING_BYTES,
    assigned_features,
    stories_without_articles,
)

# Ids named per kind of damage; the count says how many there are in all.
EXAMPLES = 5
# Longest example kept (SQLite's quick_check lines can be long).
EXAMPLE_CHARS = 200

# What repairs each kind of damage.
_CLUSTER = "everyside cluster (summarizes those stories again)"
_REBUILD = "everyside cluster --rebuild"
_ANALYZE = "everyside analyze"
_COPY = "everyside db copy into a new store (copies every row, rebuilds the full-text index)"
_RESTORE = "restore a backup; failing that, everyside db copy into a new store copies what reads"
_DELETE = "delete those rows by hand: their articles are gone, nothing reads them"
_REFILL = (
    "delete the rows of near_duplicate_layouts by hand; the next everyside ingest gives "
    "every signed article its missing keys again (once, in one transaction)"
)
_RECOUNT = (
    "delete the rows of document_frequencies by hand; the next everyside cluster counts "
    "them again from the stored features"
)
_RECOMPUTE = (
    "delete those rows of article_features by hand; the next everyside cluster computes them again"
)
_RECOUNT_ENTITIES = "everyside db recount (counts every entity's mentions again)"
# Assigned articles' features read at a time by the frequency recount.
RECOUNT_BATCH = 1000


@dataclass(frozen=True, slots=True)
class Damage:
    """One kind of damage: what is wrong, how many records, a few of their ids, the repair."""

    kind: str
    problem: str
    count: int
    examples: tuple[str, ...]
    repair: str

    def as_dict(self) -> dict[str, Any]:
        """The JSON shape of ``db check --json``."""
        return {
            "kind": self.kind,
            "problem": self.problem,
            "count": self.count,
            "examples": list(self.examples),
            "repair": self.repair,
        }


@dataclass(slots=True)
class IntegrityReport:
    """Every invariant checked, and the damage found (none: the store is sound)."""

    location: str
    checked: list[str] = field(default_factory=list)
    damage: list[Damage] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """Whether no damage was found."""
        return not self.damage

    def as_dict(self) -> dict[str, Any]:
        """The JSON shape of ``db check --json``."""
        return {
            "store": self.location,
            "ok": self.ok,
            "checked": list(self.checked),
            "damage": [found.as_dict() for found in self.damage],
        }


def _examples(ids: Iterable[object]) -> tuple[str, ...]:
    shown = []
    for value in ids:
        text = str(value)
        shown.append(text if len(text) <= EXAMPLE_CHARS else text[: EXAMPLE_CHARS - 1] + "…")
        if len(shown) == EXAMPLES:
            break
    return tuple(shown)


def _damage(kind: str, problem: str, ids: list[Any], repair: str) -> list[Damage]:
    return [Damage(kind, problem, len(ids), _examples(ids), repair)] if ids else []


def _storage(session: Session, store: Store) -> list[Damage]:
    try:
        found = storage_problems(session.connection())
    except DatabaseError as error:  # too damaged for the check to finish
        found = [str(error.orig or error).strip()]
    return _damage("storage", "the database file has damaged pages or indexes", found, _RESTORE)


def _stories(session: Session, store: Store) -> list[Damage]:
    members = (
        select(StoryArticleRow.story_id, func.count().label("members"))
        .group_by(StoryArticleRow.story_id)
        .subquery()
    )
    missing = list(
        session.execute(
            select(members.c.story_id, members.c.members)
            .outerjoin(StoryRow, StoryRow.id == members.c.story_id)
            .where(StoryRow.id.is_(None))
            .order_by(members.c.story_id)
        )
    )
    stale = list(
        session.scalars(
            select(StoryRow.id)
            .join(members, members.c.story_id == StoryRow.id)
            .where(StoryRow.size != members.c.members)
            .order_by(StoryRow.id)
        )
    )
    orphaned = sum(count for _, count in missing)
    return [
        *_damage(
            "story_missing",
            f"assignments point at stories that have no story row ({orphaned} article(s))",
            [story_id for story_id, _ in missing],
            _CLUSTER,
        ),
        *_damage(
            "story_size",
            "story rows whose size is not their number of assigned articles",
            stale,
            _CLUSTER,
        ),
        *_damage(
            "story_empty",
            "story rows no article is assigned to",
            stories_without_articles(session),
            _CLUSTER,
        ),
    ]


def _ids(session: Session, statement: Select[tuple[str]]) -> list[str]:
    return list(session.scalars(statement))


def _features(session: Session, store: Store) -> list[Damage]:
    have = select(ArticleFeaturesRow.article_id)
    missing = _ids(
        session,
        select(StoryArticleRow.article_id)
        .where(StoryArticleRow.article_id.not_in(have))
        .order_by(StoryArticleRow.article_id),
    )
    embedding = ArticleFeaturesRow.embedding
    unsized = _ids(
        session,
        select(ArticleFeaturesRow.article_id)
        .where(or_(embedding.is_(None), func.length(embedding) != EMBEDDING_BYTES))
        .order_by(ArticleFeaturesRow.article_id),
    )
    return [
        *_damage(
            "features_missing",
            "assigned articles without clustering features",
            missing,
            f"{_CLUSTER}; if that leaves it, {_REBUILD}",
        ),
        *_damage(
            "embedding_wrong",
            f"clustering features whose embedding is missing or not {EMBEDDING_BYTES:,} bytes",
            unsized,
            _RECOMPUTE,
        ),
    ]


def _analyses(session: Session, store: Store) -> list[Damage]:
    articles = select(ArticleRow.id)
    analyzed = select(AnalysisRow.article_id)
    stray = _ids(
        session,
        select(AnalysisRow.article_id)
        .where(AnalysisRow.article_id.not_in(articles))
        .order_by(AnalysisRow.article_id),
    )
    partial: set[str] = set()
    for model in (MentionRow, QuoteRow, ClaimRow, TimeMentionRow, EventRow):
        partial.update(
            session.scalars(
                select(model.article_id).where(model.article_id.not_in(analyzed)).distinct()
            )
        )
    return [
        *_damage(
            "analysis_without_article",
            "analyses of articles that are not stored",
            stray,
            _DELETE,
        ),
        *_damage(
            "analysis_partial",
            "articles with extracted records (mentions, quotes, numbers, dates, events) "
            "but no analysis",
            sorted(partial),
            _ANALYZE,
        ),
    ]


def _fulltext(session: Session, store: Store) -> list[Damage]:
    indexed = store.fulltext.indexed(session.connection())
    if indexed is None:
        return []
    rows = Counter(indexed)
    stored = set(session.scalars(select(ArticleRow.id)))
    return [
        *_damage(
            "fulltext_missing",
            "stored articles missing from the full-text index",
            sorted(stored - set(rows)),
            _COPY,
        ),
        *_damage(
            "fulltext_stray",
            "full-text rows for articles that are not stored",
            sorted(set(rows) - stored),
            _COPY,
        ),
        *_damage(
            "fulltext_repeated",
            "articles indexed more than once",
            sorted(article_id for article_id, n in rows.items() if n > 1 and article_id in stored),
            _COPY,
        ),
    ]


def _band_keys(session: Session, store: Store) -> list[Damage]:
    # One key per band of each complete layout: a signed article with fewer lost some.
    expected = session.scalar(select(func.coalesce(func.sum(NearDuplicateLayoutRow.bands), 0)))
    if not expected:
        return []
    counted = (
        select(NearDuplicateBandRow.article_id, func.count().label("held"))
        .group_by(NearDuplicateBandRow.article_id)
        .subquery()
    )
    short = _ids(
        session,
        select(ArticleRow.id)
        .outerjoin(counted, counted.c.article_id == ArticleRow.id)
        .where(ArticleRow.minhash.is_not(None), func.coalesce(counted.c.held, 0) < expected)
        .order_by(ArticleRow.id),
    )
    return _damage(
        "band_keys_missing",
        f"articles with a MinHash signature but fewer than their {expected} near-duplicate "
        "band keys (their near-copies go unfound)",
        short,
        _REFILL,
    )


def _frequencies(session: Session, store: Store) -> list[Damage]:
    kept = stored_frequencies(session)
    if kept is None:
        return []  # never kept: the next clustering run counts them
    documents = 0
    recount: dict[str, Counter[str]] = {TERM: Counter(), ENTITY: Counter()}
    after = ""
    while batch := assigned_features(session, after, RECOUNT_BATCH):
        for item in batch:
            documents += 1
            recount[TERM].update(set(item.terms))
            recount[ENTITY].update(set(item.entities))
        after = batch[-1].article_id
    wrong = [] if kept[0]["documents"] == documents else ["documents"]
    for kind, counts in zip((TERM, ENTITY), kept, strict=True):
        df: dict[str, int] = counts["df"]
        wrong += sorted(
            f"{kind}:{key}"
            for key in df.keys() | recount[kind].keys()
            if df.get(key, 0) != recount[kind][key]
        )
    return _damage(
        "frequencies_wrong",
        f"kept document frequencies that differ from a recount of the {documents} "
        "assigned articles' features",
        wrong,
        _RECOUNT,
    )


def _entity_counts(session: Session, store: Store) -> list[Damage]:
    counted = mention_counts().subquery()
    wrong = _ids(
        session,
        select(EntityRow.id)
        .outerjoin(counted, counted.c.entity_id == EntityRow.id)
        .where(
            (EntityRow.mentions != func.coalesce(counted.c.mentions, 0))
            | (EntityRow.articles != func.coalesce(counted.c.articles, 0))
        )
        .order_by(EntityRow.id),
    )
    return _damage(
        "entity_counts_wrong",
        "entities whose kept mention or article counts differ from a count of their mentions",
        wrong,
        _RECOUNT_ENTITIES,
    )


_Check = Callable[[Session, Store], list[Damage]]

# Each check, by the name the report lists; the file's own check first.
CHECKS: dict[str, _Check] = {
    "storage": _storage,
    "stories": _stories,
    "features": _features,
    "analyses": _analyses,
    "fulltext": _fulltext,
    "band_keys": _band_keys,
    "frequencies": _frequencies,
    "entity_counts": _entity_counts,
}


def check_store(store: Store) -> IntegrityReport:
    """Check every invariant of ``store`` (read only) and report the damage found.

    A check the database cannot even run (an unreadable page, say) is itself damage,
    named ``unreadable``; the other checks still run.
    """
    report = IntegrityReport(location=store.location)
    unreadable: list[str] = []
    problem = ""
    for name, check in CHECKS.items():
        report.checked.append(name)
        # A session per check: on PostgreSQL one failed statement ends its transaction.
        with store.session() as session:
            try:
                report.damage.extend(check(session, store))
            except DatabaseError as error:
                unreadable.append(name)
                problem = problem or str(error.orig or error).splitlines()[0]
    if unreadable:
        report.damage.append(
            Damage(
                "unreadable",
                f"checks that could not read the store ({problem[:EXAMPLE_CHARS]})",
                len(unreadable),
                tuple(unreadable),
                _RESTORE,
            )
        )
    return report
