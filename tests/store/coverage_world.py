"""A small store of stories whose coverage orders are known, for the store, CLI and web tests.

    story-wide    3 outlets (GBR, DEU, UKR), en+de+uk, last 2024-06-10  coverage 7
    story-fresh   2 outlets (both GBR), en,            last 2024-06-14  coverage 2
    story-single  1 outlet (no country), en,           last 2024-06-15  coverage 1
    story-undated 2 outlets (GBR, DEU), en,            undated          coverage 3

Coverage decayed by age (half-life two days) ranks fresh (4 days newer than wide, a
factor 4 against wide's 3.5) first, then wide, single and undated last.
"""

from __future__ import annotations

from datetime import UTC, datetime

from everyside.ingest.article import build_article
from everyside.model import Outlet, SourceRef, StorySummary
from everyside.store import repository
from everyside.store import stories as story_store
from everyside.store.db import Store
from everyside.store.models import EntityRow, MentionRow

OUTLETS = {
    "Thames Courier": "GBR",
    "Elbe Zeitung": "DEU",
    "Dnipro Visnyk": "UKR",
    "Harbour Post": "GBR",
    "Nowhere Daily": None,
}
# story id → (outlet, language, published) of each article.
STORIES: dict[str, list[tuple[str, str, str | None]]] = {
    "story-wide": [
        ("Thames Courier", "en", "2024-06-09T08:00"),
        ("Elbe Zeitung", "de", "2024-06-09T09:00"),
        ("Dnipro Visnyk", "uk", "2024-06-10T08:00"),
    ],
    "story-fresh": [
        ("Thames Courier", "en", "2024-06-14T07:00"),
        ("Harbour Post", "en", "2024-06-14T08:00"),
    ],
    "story-single": [("Nowhere Daily", "en", "2024-06-15T08:00")],
    "story-undated": [("Thames Courier", "en", None), ("Elbe Zeitung", "en", None)],
}
HEADLINES = {
    "story-wide": "Grain corridor reopens after talks",
    "story-fresh": "Harbour strike ends",
    "story-single": "Local fair opens",
    "story-undated": "Bridge repairs begin",
}
# The entity one article of story-wide names.
ENTITY = ("Q-kyiv", "Kyiv")


def _when(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text).replace(tzinfo=UTC) if text else None


def build_world(store: Store) -> None:
    """Store the articles, their stories and the entity, as clustering would."""
    with store.transaction() as session:
        session.add(EntityRow(id=ENTITY[0], name=ENTITY[1], kind="GPE", aliases=[]))
        for story_id, members in STORIES.items():
            ids = []
            for index, (outlet, language, published) in enumerate(members):
                article = build_article(
                    title=f"{HEADLINES[story_id]} ({outlet})",
                    paragraphs=[f"{story_id} as {outlet} reported it, article {index}."],
                    source=SourceRef(locator=f"{story_id}-{index}.txt", format="text"),
                    outlet=Outlet(name=outlet, country=OUTLETS[outlet]),
                    published_at=_when(published),
                )
                article.language = language
                repository.add_article(session, store.fulltext, article)
                story_store.assign(session, article.id, story_id, 1.0)
                ids.append(article.id)
                if story_id == "story-wide" and outlet == "Dnipro Visnyk":
                    session.add(
                        MentionRow(
                            article_id=article.id,
                            start=0,
                            end=4,
                            text="Kyiv",
                            label="GPE",
                            entity_id=ENTITY[0],
                        )
                    )
            dates = [d for d in (_when(p) for _, _, p in members) if d is not None]
            story_store.save_story(
                session,
                StorySummary(
                    id=story_id,
                    headline=HEADLINES[story_id],
                    headline_article_id=ids[0],
                    size=len(members),
                    first_seen=min(dates) if dates else None,
                    last_seen=max(dates) if dates else None,
                    outlets=tuple(dict.fromkeys(outlet for outlet, _, _ in members)),
                    languages=tuple(dict.fromkeys(language for _, language, _ in members)),
                    key_entities=(ENTITY,) if story_id == "story-wide" else (),
                    keywords=(),
                    article_ids=tuple(ids),
                ),
            )
