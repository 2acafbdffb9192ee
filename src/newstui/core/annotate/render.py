"""Annotations as plain data for scripts (JSON records) and as bracketed text for a human reading a pipe.

``[Vladimir Putin|PERSON]`` marks an entity; a quotation keeps its own marks and is followed by
``{— Speaker}`` when it has one. Nothing here knows about terminals or colours.
"""

from __future__ import annotations

from typing import Any

from newstui.core.annotate import Annotations


def as_record(path: str, annotations: Annotations) -> dict[str, Any]:
    """The ``newstui annotate --json`` object for one file."""
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
            }
            for q in annotations.quotes
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
