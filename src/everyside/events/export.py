"""Export real-world events in GDELT 2.0 event-table columns, so GDELT tooling can read them.

All 61 columns are written, tab-separated, in GDELT's order and under its names; the ones
everyside cannot fill (geocoded coordinates, ethnic and religion codes, tone) are empty.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from datetime import datetime

from everyside.model import RealWorldEvent

GDELT_COLUMNS = (
    "GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate",
    "Actor1Code", "Actor1Name", "Actor1CountryCode", "Actor1KnownGroupCode",
    "Actor1EthnicCode", "Actor1Religion1Code", "Actor1Religion2Code",
    "Actor1Type1Code", "Actor1Type2Code", "Actor1Type3Code",
    "Actor2Code", "Actor2Name", "Actor2CountryCode", "Actor2KnownGroupCode",
    "Actor2EthnicCode", "Actor2Religion1Code", "Actor2Religion2Code",
    "Actor2Type1Code", "Actor2Type2Code", "Actor2Type3Code",
    "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass",
    "GoldsteinScale", "NumMentions", "NumSources", "NumArticles", "AvgTone",
    "Actor1Geo_Type", "Actor1Geo_FullName", "Actor1Geo_CountryCode", "Actor1Geo_ADM1Code",
    "Actor1Geo_ADM2Code", "Actor1Geo_Lat", "Actor1Geo_Long", "Actor1Geo_FeatureID",
    "Actor2Geo_Type", "Actor2Geo_FullName", "Actor2Geo_CountryCode", "Actor2Geo_ADM1Code",
    "Actor2Geo_ADM2Code", "Actor2Geo_Lat", "Actor2Geo_Long", "Actor2Geo_FeatureID",
    "ActionGeo_Type", "ActionGeo_FullName", "ActionGeo_CountryCode", "ActionGeo_ADM1Code",
    "ActionGeo_ADM2Code", "ActionGeo_Lat", "ActionGeo_Long", "ActionGeo_FeatureID",
    "DATEADDED", "SOURCEURL",
)  # fmt: skip


def _actor_columns(code: str | None, name: str | None) -> dict[str, str]:
    """Actor code, name, country (first three letters when they are one) and agent types."""
    if not code:
        return {"Code": "", "Name": name or "", "CountryCode": "", "Type1Code": "", "Type2Code": ""}
    # CAMEO actor codes are three-letter blocks: country or organization, then roles.
    blocks = [code[i : i + 3] for i in range(0, len(code), 3)]
    country = blocks[0] if blocks[0].isalpha() and len(code) % 3 == 0 else ""
    roles = blocks[1:] if country else []
    return {
        "Code": code,
        "Name": name or "",
        "CountryCode": country,
        "Type1Code": roles[0] if roles else "",
        "Type2Code": roles[1] if len(roles) > 1 else "",
    }


def gdelt_row(
    event: RealWorldEvent,
    names: Mapping[str, str],
    urls: Mapping[str, str],
    added: datetime,
) -> list[str]:
    """One event as the 61 GDELT 2.0 columns.

    ``names`` maps entity ids to names, ``urls`` article ids to the URLs they came from.
    """
    row = dict.fromkeys(GDELT_COLUMNS, "")
    first = event.reports[0].event
    for number, code, entity_id in (
        (1, event.source_actor, first.source_entity_id),
        (2, event.target_actor, first.target_entity_id),
    ):
        for key, value in _actor_columns(code, names.get(entity_id or "")).items():
            row[f"Actor{number}{key}"] = value
    day = event.day
    code = event.cameo_code or ""
    row.update(
        {
            "GLOBALEVENTID": str(int(hashlib.sha256(event.id.encode()).hexdigest()[:12], 16)),
            "SQLDATE": day.strftime("%Y%m%d") if day else "",
            "MonthYear": day.strftime("%Y%m") if day else "",
            "Year": str(day.year) if day else "",
            "FractionDate": f"{day.year + (day.timetuple().tm_yday - 1) / 365:.4f}" if day else "",
            # GDELT's root event is one reported in an article's lead paragraph.
            "IsRootEvent": "1" if any(r.event.span.start == 0 for r in event.reports) else "0",
            "EventCode": code,
            "EventBaseCode": code[:3],
            "EventRootCode": code[:2],
            "QuadClass": str(event.quad_class or ""),
            "GoldsteinScale": "" if event.goldstein is None else f"{event.goldstein:g}",
            "NumMentions": str(len(event.reports)),
            "NumSources": str(len(event.outlets)),
            "NumArticles": str(len({r.event.article_id for r in event.reports})),
            "ActionGeo_FullName": event.location or "",
            "DATEADDED": added.strftime("%Y%m%d%H%M%S"),
            "SOURCEURL": next(
                (urls[r.event.article_id] for r in event.reports if r.event.article_id in urls), ""
            ),
        }
    )
    return [row[column].replace("\t", " ").replace("\n", " ") for column in GDELT_COLUMNS]


def gdelt_table(
    events: Iterable[RealWorldEvent],
    names: Mapping[str, str],
    urls: Mapping[str, str],
    added: datetime,
    *,
    header: bool = True,
) -> str:
    """Tab-separated GDELT 2.0 event rows (GDELT's own files have no header line)."""
    lines = ["\t".join(GDELT_COLUMNS)] if header else []
    lines += ["\t".join(gdelt_row(e, names, urls, added)) for e in events]
    return "\n".join(lines) + "\n"
