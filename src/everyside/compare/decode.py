"""Read a comparison back from its one JSON encoding (``model.json_ready``).

Every record of a ``Comparison`` is a dataclass whose fields are typed; the JSON holds
each field as ``json_ready`` wrote it, so the field's type says how to read it back.
``comparison_from_json(json_ready(found)) == found`` for every comparison.
"""

from __future__ import annotations

import types
import typing
from dataclasses import fields, is_dataclass
from datetime import date, datetime
from enum import Enum
from functools import cache
from typing import Any

from everyside.compare.results import Comparison
from everyside.model import Span


def comparison_from_json(data: dict[str, Any]) -> Comparison:
    """The comparison ``json_ready`` encoded as ``data``."""
    found = _read(Comparison, data)
    assert isinstance(found, Comparison)
    return found


@cache
def _hints(record_type: type) -> dict[str, Any]:
    """The resolved types of a record's fields."""
    return typing.get_type_hints(record_type)


def _read(kind: Any, value: Any) -> Any:
    """``value``, as ``json_ready`` encoded something of type ``kind``, decoded."""
    if kind is Any:
        return value
    origin = typing.get_origin(kind)
    if origin is types.UnionType or origin is typing.Union:
        return _read_union(typing.get_args(kind), value)
    if origin is list:
        (item,) = typing.get_args(kind)
        return [_read(item, v) for v in value]
    if origin is tuple:
        args = typing.get_args(kind)
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(_read(args[0], v) for v in value)
        return tuple(_read(a, v) for a, v in zip(args, value, strict=True))
    if origin in (set, frozenset):
        (item,) = typing.get_args(kind)
        return origin(_read(item, v) for v in value)
    if origin is dict or (isinstance(origin, type) and issubclass(origin, dict)):
        key_type, value_type = typing.get_args(kind)
        read = {_read(key_type, k): _read(value_type, v) for k, v in value.items()}
        return read if origin is dict else origin(read)
    if kind is Span:
        start, end = value
        return Span(start, end)
    if isinstance(kind, type) and is_dataclass(kind):
        hints = _hints(kind)
        known = {f.name for f in fields(kind) if f.init}
        return kind(**{k: _read(hints[k], v) for k, v in value.items() if k in known})
    if isinstance(kind, type) and issubclass(kind, Enum):
        return kind(value)
    if kind is datetime:
        return datetime.fromisoformat(value)
    if kind is date:
        return date.fromisoformat(value)
    if kind is float and isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    return value


def _read_union(options: tuple[Any, ...], value: Any) -> Any:
    """A value of one of several types: None for an optional's None, else the first that reads.

    ``date | datetime`` tries ``date`` first, which refuses a time of day.
    """
    if value is None and type(None) in options:
        return None
    last: Exception | None = None
    for option in options:
        if option is type(None):
            continue
        try:
            return _read(option, value)
        except (TypeError, ValueError, KeyError, AttributeError) as error:
            last = error
    raise ValueError(f"{value!r} is none of {options}") from last


@cache
def record_layout() -> str:
    """Every record type a comparison holds, with its fields and their types, as text.

    Part of a kept comparison's stamp: a record that gains or changes a field makes
    every comparison kept before it stale, so none is read back with a field missing.
    """
    seen: dict[str, str] = {}

    def visit(kind: Any) -> None:
        for arg in typing.get_args(kind):
            visit(arg)
        if isinstance(kind, type) and is_dataclass(kind) and kind.__qualname__ not in seen:
            hints = _hints(kind)
            seen[kind.__qualname__] = ",".join(f"{f.name}:{hints[f.name]}" for f in fields(kind))
            for f in fields(kind):
                visit(hints[f.name])

    visit(Comparison)
    return ";".join(f"{name}({layout})" for name, layout in sorted(seen.items()))
