"""Model records to and from JSON, so they travel between Spark tasks and into Parquet.

``everyside.model.json_ready`` turns any model dataclass into JSON-ready data (spans as
``[start, end]``, enums as values, dates as ISO 8601); ``decode`` rebuilds it from the
dataclass's own type hints, so a field added to the model needs no change here.
"""

from __future__ import annotations

import json
import types
from dataclasses import is_dataclass
from datetime import date, datetime
from enum import Enum
from functools import cache
from typing import Any, TypeVar, Union, get_args, get_origin, get_type_hints

from everyside.model import Article, ArticleAnalysis, Span, json_ready

_T = TypeVar("_T")
ANALYSIS_PARTS = ("entities", "mentions", "quotes", "claims", "times", "events")


@cache
def _hints(kind: type) -> dict[str, Any]:
    return get_type_hints(kind)


def decode(kind: type[_T] | Any, data: Any) -> Any:
    """The inverse of :func:`everyside.model.json_ready` for a value of the given type."""
    if data is None:
        return None
    origin = get_origin(kind)
    if origin in (Union, types.UnionType):
        (inner,) = [arg for arg in get_args(kind) if arg is not type(None)]
        return decode(inner, data)
    if origin is list:
        return [decode(get_args(kind)[0], item) for item in data]
    if origin is dict:
        return {key: decode(get_args(kind)[1], item) for key, item in data.items()}
    if kind is Span:
        return Span(*data)
    if kind is datetime:
        return datetime.fromisoformat(data)
    if kind is date:
        return date.fromisoformat(data)
    if kind is float:
        return float(data)
    if isinstance(kind, type) and issubclass(kind, Enum):
        return kind(data)
    if isinstance(kind, type) and is_dataclass(kind):
        hints = _hints(kind)
        return kind(**{name: decode(hints[name], item) for name, item in data.items()})
    return data


def article_json(article: Article) -> str:
    """An article as one JSON string."""
    return json.dumps(json_ready(article), ensure_ascii=False)


def article_from_json(text: str) -> Article:
    """The inverse of :func:`article_json`."""
    article: Article = decode(Article, json.loads(text))
    return article


def analysis_columns(analysis: ArticleAnalysis) -> tuple[str, ...]:
    """An analysis as one JSON string per part, in the order of ``ANALYSIS_PARTS``."""
    return tuple(
        json.dumps(json_ready(getattr(analysis, part)), ensure_ascii=False)
        for part in ANALYSIS_PARTS
    )


def analysis_from_columns(article_id: str, columns: tuple[str, ...]) -> ArticleAnalysis:
    """The inverse of :func:`analysis_columns`."""
    hints = _hints(ArticleAnalysis)
    parts = {
        part: decode(hints[part], json.loads(text))
        for part, text in zip(ANALYSIS_PARTS, columns, strict=True)
    }
    return ArticleAnalysis(article_id=article_id, **parts)
