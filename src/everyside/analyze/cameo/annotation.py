"""The event coded in one article: ``EventAnnotation`` on the doc, ``Event`` in the model.

One annotation is one CAMEO-coded action in one sentence of one article. Merging the
reports of many articles into one real-world event is a later step of its own:
``everyside.events`` builds ``RealWorldEvent`` records from the stored ``EventReport``s.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from everyside.analyze.cameo.tables import cameo_code
from everyside.analyze.nlp import register_packing
from everyside.model import Event, EventMood
from everyside.model import Span as TextSpan


@dataclass(frozen=True, slots=True)
class EventAnnotation:
    """One coded event in a doc; positions are character spans of ``doc.text``.

    ``code`` is the CAMEO code; ``source``/``target`` are actor codes (None when the
    sentence names no actor for that role); ``action`` is the verb as matched
    ("sign agreement").
    """

    sentence: tuple[int, int]
    action_span: tuple[int, int]
    action: str
    code: str
    source: str | None
    target: str | None
    source_entity: str | None = None
    target_entity: str | None = None
    mood: EventMood = EventMood.ASSERTED
    occurred_on: date | None = None
    location: str | None = None

    def as_list(self) -> list[Any]:
        """The annotation as plain JSON/msgpack-ready values."""
        return [
            list(self.sentence),
            list(self.action_span),
            self.action,
            self.code,
            self.source,
            self.target,
            self.source_entity,
            self.target_entity,
            self.mood.value,
            self.occurred_on.isoformat() if self.occurred_on else None,
            self.location,
        ]

    @classmethod
    def from_list(cls, values: Sequence[Any]) -> EventAnnotation:
        """Rebuild an annotation from ``as_list`` output."""
        sentence, action_span, action, code, source, target, s_ent, t_ent, mood, day, place = values
        return cls(
            sentence=(int(sentence[0]), int(sentence[1])),
            action_span=(int(action_span[0]), int(action_span[1])),
            action=action,
            code=code,
            source=source,
            target=target,
            source_entity=s_ent,
            target_entity=t_ent,
            mood=EventMood(mood),
            occurred_on=date.fromisoformat(day) if day else None,
            location=place,
        )


register_packing("event", EventAnnotation)


def event_from(article_id: str, found: Any) -> Event:
    """An Event record from an annotation (or anything with its fields), with code facts."""
    code = found.code or None
    facts = cameo_code(code)
    return Event(
        article_id=article_id,
        span=TextSpan(*found.sentence),
        source_actor=found.source,
        action=found.action,
        target_actor=found.target,
        cameo_code=code,
        goldstein=facts.goldstein if facts else None,
        quad_class=facts.quad_class if facts else None,
        plover=facts.plover if facts else None,
        source_entity_id=found.source_entity,
        target_entity_id=found.target_entity,
        action_span=TextSpan(*found.action_span),
        mood=found.mood,
        location=found.location,
        occurred_on=found.occurred_on,
    )
