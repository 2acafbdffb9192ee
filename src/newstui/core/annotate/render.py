"""Annotations as plain data for scripts (JSON records) and as bracketed text for a human reading a pipe.

``[Vladimir Putin|PERSON]`` marks an entity; a quotation keeps its own marks and is followed by
``{— Speaker}`` when it has one. Nothing here knows about terminals or colours.
"""

from __future__ import annotations

from typing import Any

from newstui.core.annotate import Annotations
from newstui.core.models import Quote


def as_record(path: str, annotations: Annotations) -> dict[str, Any]:
    """The ``newstui annotate --json`` object for one file.

    A quotation whose speaker the text gave as a description of someone it named ("the Russian
    president") has that person's name as ``speaker`` and the description as ``speaker_description``;
    ``references`` lists every such description with the entity it stands for.
    """
    described = {r.end: r for r in annotations.references}

    def description(q: Quote) -> str | None:
        reference = described.get(q.speaker_end) if q.speaker_end is not None else None
        if reference is None or q.speaker_start is None or reference.start < q.speaker_start:
            return None
        return reference.text

    return {
        "path": path,
        "entities": [
            {"start": e.start, "end": e.end, "label": e.label, "text": e.text, "entity": e.entity or e.text}
            for e in annotations.entities
        ],
        "quotes": [
            {
                "start": q.start,
                "end": q.end,
                "text": q.text,
                "speaker": q.speaker,
                "speaker_start": q.speaker_start,
                "speaker_end": q.speaker_end,
                "speaker_description": description(q),
            }
            for q in annotations.quotes
        ],
        "references": [
            {"start": r.start, "end": r.end, "text": r.text, "entity": r.entity, "label": r.label}
            for r in annotations.references
        ],
    }


def bracketed(text: str, annotations: Annotations) -> str:
    """The text with entities in brackets and each quotation's speaker after it."""
    inserts: list[tuple[int, int, str]] = []  # offset, order at that offset (closings first), string
    for e in annotations.entities:
        inserts.append((e.start, 2, "["))
        inserts.append((e.end, 0, f"|{e.label}]"))
    for q in annotations.quotes:
        if q.speaker:
            inserts.append((q.end, 1, f" {{— {q.speaker}}}"))
    inserts.sort(key=lambda item: (item[0], item[1]))
    out: list[str] = []
    position = 0
    for offset, _, mark in inserts:
        out.append(text[position:offset])
        out.append(mark)
        position = offset
    out.append(text[position:])
    return "".join(out)
