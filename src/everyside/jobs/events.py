"""Events from the store: merged into real-world events, exported, drawn as a network."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from everyside.events.actor_names import actor_names
from everyside.events.coref import merge_reports
from everyside.events.export import gdelt_table
from everyside.events.network import build_network, network_graphml, network_json, network_svg
from everyside.model import RealWorldEvent
from everyside.store.db import Store
from everyside.store.events import EventFilter, article_urls, entity_names, event_reports


def real_world_events(store: Store, query: EventFilter | None = None) -> list[RealWorldEvent]:
    """The stored events matching the filter, merged into real-world events, oldest first."""
    with store.session() as session:
        reports = event_reports(session, query or EventFilter())
    return merge_reports(reports)


def gdelt_export(store: Store, events: list[RealWorldEvent]) -> str:
    """The events as a GDELT 2.0 event table (tab-separated, with a header line)."""
    article_ids = {report.event.article_id for event in events for report in event.reports}
    with store.session() as session:
        urls = article_urls(session, article_ids)
    return gdelt_table(events, event_entity_names(store, events), urls, datetime.now(UTC))


@dataclass(frozen=True, slots=True)
class NetworkFiles:
    """Where the actor network was written."""

    graphml: Path
    json: Path
    svg: Path


def event_entity_names(store: Store, events: list[RealWorldEvent]) -> dict[str, str]:
    """The canonical names of the entities the events' actors stand for, by entity id."""
    entity_ids = {
        entity_id
        for event in events
        for report in event.reports
        for entity_id in (report.event.source_entity_id, report.event.target_entity_id)
        if entity_id
    }
    with store.session() as session:
        return entity_names(session, entity_ids)


def write_network(
    events: list[RealWorldEvent],
    folder: Path,
    *,
    window_days: int | None = 7,
    top: int = 15,
    store: Store | None = None,
    fold: bool = False,
) -> NetworkFiles:
    """The actor network as network.graphml, network.json and network.svg in a folder.

    The picture names actors by the store's entity names (without a store, by their codes
    in words); ``fold`` draws government actors and sub-actors as their country.
    """
    folder.mkdir(parents=True, exist_ok=True)
    network = build_network(events, window_days=window_days)
    files = NetworkFiles(
        graphml=folder / "network.graphml", json=folder / "network.json", svg=folder / "network.svg"
    )
    files.graphml.write_text(network_graphml(network), encoding="utf-8")
    files.json.write_text(json.dumps(network_json(network), indent=2), encoding="utf-8")
    # The picture sums the windows: who acts on whom over the whole period.
    known = event_entity_names(store, events) if store is not None else {}
    names = actor_names(events, known, fold=fold)
    files.svg.write_text(
        network_svg(build_network(events), top=top, names=names, fold=fold), encoding="utf-8"
    )
    return files
