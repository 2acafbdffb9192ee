"""Bookmarks out of and into newstui: W3C Web Annotation JSON, and Markdown for reading.

The JSON is a list of Web Annotation Data Model objects (https://www.w3.org/TR/annotation-model/):
``"type": "Annotation"``, a ``target`` whose ``selector`` holds a ``TextQuoteSelector`` and a
``TextPositionSelector``, and a ``body`` of ``TextualBody`` items (the note with purpose
``commenting``, one per tag with purpose ``tagging``), so other annotation tools can read it. What the
model has no term for (the article's title, source, date and content hash) rides along in a
``newstui`` object that other tools ignore. :func:`read_json` takes that back, and also accepts a
single annotation, an ``AnnotationPage`` or an ``AnnotationCollection`` from elsewhere.
"""

from __future__ import annotations

import json
import os
import tempfile
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlparse
from urllib.request import url2pathname

from newstui.core.bookmarks.anchoring import AnchorState
from newstui.core.bookmarks.passages import Resolved, local_path
from newstui.core.dates import parse_iso
from newstui.core.models import Bookmark
from newstui.core.safe_text import clip, safe_json, without_surrogates
from newstui.core.text import display_view

CONTEXT = "http://www.w3.org/ns/anno.jsonld"
FORMATS = ("markdown", "json")


class ImportFormatError(ValueError):
    """The file is not bookmark JSON newstui can read; the message says what is wrong."""


def _time(when: datetime) -> str:
    return when.astimezone(UTC).isoformat(timespec="microseconds").replace("+00:00", "Z")


def _parse_time(value: object, fallback: datetime) -> datetime:
    """An imported time, or ``fallback`` if it is missing, not a time, or out of range."""
    if not isinstance(value, str) or not value:
        return fallback
    return parse_iso(value) or fallback


MAX_OFFSET = 2**40
"""Offsets beyond this (a terabyte of text) are not offsets into any article; they are recomputed."""


def _text(value: object) -> str:
    """An imported string as text the store can keep (a lone surrogate cannot be encoded)."""
    return without_surrogates(value if isinstance(value, str) else str(value))


def _offset(value: object) -> int | None:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_OFFSET:
        return None
    return value


def location_iri(location: str) -> str:
    """A file path as a ``file:`` IRI (what annotation tools expect); web addresses stay as they are."""
    path = local_path(location)
    if path is None or not path.is_absolute():
        return location
    return path.as_uri()


def iri_location(iri: str) -> str:
    """The inverse of :func:`location_iri`."""
    parsed = urlparse(iri)
    if parsed.scheme == "file":
        return str(Path(url2pathname(parsed.path)))
    return iri


# -- JSON ---------------------------------------------------------------------------------------


def to_annotation(bookmark: Bookmark) -> dict[str, Any]:
    """One bookmark as a W3C Web Annotation."""
    body: list[dict[str, Any]] = [
        {"type": "TextualBody", "purpose": "commenting", "format": "text/plain", "value": bookmark.note}
    ]
    body += [{"type": "TextualBody", "purpose": "tagging", "value": tag} for tag in bookmark.tags]
    return {
        "@context": CONTEXT,
        "id": f"urn:uuid:{bookmark.id}",
        "type": "Annotation",
        "motivation": "bookmarking",
        "created": _time(bookmark.created),
        "modified": _time(bookmark.updated),
        "body": body,
        "target": {
            "source": location_iri(bookmark.location),
            "selector": [
                {
                    "type": "TextQuoteSelector",
                    "exact": bookmark.exact,
                    "prefix": bookmark.prefix,
                    "suffix": bookmark.suffix,
                },
                {"type": "TextPositionSelector", "start": bookmark.start, "end": bookmark.end},
            ],
        },
        "newstui": {
            "title": bookmark.title,
            "source": bookmark.source,
            "articleDate": _time(bookmark.article_date) if bookmark.article_date else None,
            "contentHash": bookmark.content_hash,
        },
    }


def write_json(bookmarks: Iterable[Bookmark]) -> str:
    return safe_json([to_annotation(b) for b in bookmarks], indent=2) + "\n"


def _as_list(value: object) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _annotations(data: object) -> list[Any]:
    """The annotations in a list, a single annotation, a page (``items``) or a collection (``first``)."""
    if isinstance(data, list):
        return data
    if isinstance(data, dict):
        if data.get("type") == "AnnotationCollection":
            return _annotations(data.get("first") or [])
        if "items" in data:
            return _as_list(data["items"])
        return [data]
    raise ImportFormatError("expected a JSON list of Web Annotations")


def _selector(target: Mapping[str, Any], kind: str) -> Mapping[str, Any] | None:
    for selector in _as_list(target.get("selector")):
        if isinstance(selector, dict) and selector.get("type") == kind:
            return selector
    return None


def from_annotation(data: object, *, now: datetime) -> Bookmark:
    """A bookmark from one Web Annotation; :class:`ImportFormatError` says what is missing."""
    if not isinstance(data, dict) or data.get("type") != "Annotation":
        raise ImportFormatError('not a Web Annotation (no "type": "Annotation")')
    targets = _as_list(data.get("target"))
    target = targets[0] if targets else None
    if not isinstance(target, dict):
        raise ImportFormatError("the annotation has no target with a selector")
    source = target.get("source")
    if isinstance(source, dict):
        source = source.get("id")
    quote = _selector(target, "TextQuoteSelector")
    if not isinstance(source, str) or not source or quote is None or not quote.get("exact"):
        raise ImportFormatError("the target needs a source and a TextQuoteSelector with the exact text")
    exact = _text(quote["exact"])
    source = _text(source)
    position = _selector(target, "TextPositionSelector") or {}
    start, end = _offset(position.get("start")), _offset(position.get("end"))
    if start is None or end is None or start > end:
        start, end = 0, len(exact)
    note, tags = "", []
    for body in _as_list(data.get("body")):
        if isinstance(body, str):
            note = note or _text(body)
        elif isinstance(body, dict) and isinstance(body.get("value"), str):
            if body.get("purpose") == "tagging":
                tags.append(_text(body["value"]))
            elif not note:
                note = _text(body["value"])
    found_extra = data.get("newstui")
    extra: dict[str, Any] = found_extra if isinstance(found_extra, dict) else {}
    raw_id = _text(data.get("id") or "")
    created = _parse_time(data.get("created"), now)
    article_date = extra.get("articleDate")
    return Bookmark(
        id=raw_id.removeprefix("urn:uuid:") or _stable_id(source, start, exact),
        location=iri_location(source),
        title=_text(extra["title"]) if "title" in extra else Path(urlparse(source).path).stem,
        source=_text(extra.get("source") or ""),
        article_date=_parse_time(article_date, now) if article_date else None,
        content_hash=_text(extra.get("contentHash") or ""),
        exact=exact,
        prefix=_text(quote.get("prefix") or ""),
        suffix=_text(quote.get("suffix") or ""),
        start=start,
        end=end,
        note=note,
        tags=tuple(tags),
        created=created,
        updated=_parse_time(data.get("modified"), created),
    )


def _stable_id(source: str, start: int, exact: str) -> str:
    """An id for an annotation that came without one: the same passage always gets the same id."""
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"{source}#{start}:{exact}"))


@dataclass(frozen=True, slots=True)
class ReadResult:
    bookmarks: list[Bookmark]
    problems: list[str]
    """One line per annotation that was skipped, and why."""


def read_json(text: str, *, now: datetime) -> ReadResult:
    """Bookmarks from Web Annotation JSON; unreadable annotations are skipped and reported."""
    try:
        data = json.loads(text)
    except ValueError as error:
        raise ImportFormatError(f"not JSON: {error}") from error
    except RecursionError as error:
        raise ImportFormatError("not bookmark JSON (nested too deeply)") from error
    bookmarks, problems = [], []
    for number, item in enumerate(_annotations(data), start=1):
        try:
            bookmarks.append(from_annotation(item, now=now))
        except ImportFormatError as error:
            problems.append(f"annotation {number}: {error}")
        except (ValueError, TypeError, KeyError, AttributeError, OverflowError) as error:
            problems.append(f"annotation {number}: not readable ({error})")
    return ReadResult(bookmarks, problems)


# -- Markdown -----------------------------------------------------------------------------------

_STATE_NOTES = {
    AnchorState.MOVED: "",
    AnchorState.ORPHANED: "*This passage is no longer in the article; it is shown as it was kept.*",
    AnchorState.MISSING: "*The article file is no longer there; the passage is shown as it was kept.*",
}


def _day(when: datetime | None) -> str:
    return when.strftime("%d %b %Y") if when else "undated"


def _quoted(passage: str) -> str:
    lines = [display_view(line).strip() for line in passage.splitlines()]
    return "\n".join(f"> {line}" if line else ">" for line in lines)


def _citation(bookmark: Bookmark) -> str:
    path = local_path(bookmark.location)
    location = display_view(bookmark.location)
    where = f"`{location}`" if path is not None else f"<{location}>"
    parts = [f"*{display_view(bookmark.title)}*"]
    if bookmark.source:
        parts.append(display_view(bookmark.source))
    parts += [_day(bookmark.article_date), where]
    return "— " + ", ".join(parts) + f" (kept {_day(bookmark.created)})"


def write_markdown(bookmarks: Iterable[Bookmark], states: Mapping[str, AnchorState] | None = None) -> str:
    """Bookmarks as a readable Markdown document, grouped by article in reading order."""
    groups: dict[str, list[Bookmark]] = {}
    for bookmark in bookmarks:
        groups.setdefault(bookmark.location, []).append(bookmark)
    ordered = sorted(groups.values(), key=lambda group: (group[0].title.casefold(), group[0].location))
    out = ["# Bookmarks", ""]
    for group in ordered:
        out += [f"## {display_view(group[0].title)}", ""]
        for bookmark in sorted(group, key=lambda b: (b.start, b.created)):
            out += [_quoted(bookmark.exact), ""]
            state_note = _STATE_NOTES.get((states or {}).get(bookmark.id, AnchorState.ANCHORED), "")
            if state_note:
                out += [state_note, ""]
            if bookmark.note.strip():
                out += ["\n".join(display_view(line) for line in bookmark.note.strip().splitlines()), ""]
            if bookmark.tags:
                out += ["Tags: " + ", ".join(f"`{display_view(tag)}`" for tag in bookmark.tags), ""]
            out += [_citation(bookmark), ""]
    return "\n".join(out).rstrip() + "\n"


# -- listing ------------------------------------------------------------------------------------


def list_record(item: Resolved) -> dict[str, Any]:
    """One line of ``newstui bookmarks list --json``: where the passage is now when it was found."""
    bookmark = item.bookmark
    return {
        "id": bookmark.id,
        "path": bookmark.location,
        "title": bookmark.title,
        "text": bookmark.exact,
        "note": bookmark.note,
        "tags": list(bookmark.tags),
        "state": item.state.value,
        "created": _time(bookmark.created),
        "updated": _time(bookmark.updated),
        "start": item.anchoring.start,
        "end": item.anchoring.end,
    }


def excerpt(text: str, width: int) -> str:
    """A one-line, terminal-safe preview of a passage or note, cut at ``width`` with an ellipsis."""
    return clip(" ".join(display_view(text).split()), width)


def list_line(item: Resolved) -> str:
    """One line of ``newstui bookmarks list``: date, state, title, passage and note, made safe to print."""
    bookmark = item.bookmark
    line = (
        f"{bookmark.created.astimezone(UTC):%Y-%m-%d}  {item.state.value:8}  "
        f"{excerpt(bookmark.title, 40):40}  “{excerpt(bookmark.exact, 60)}”"
    )
    if bookmark.note.strip():
        line += f"  — {excerpt(bookmark.note, 60)}"
    if bookmark.tags:
        line += "  " + " ".join(f"#{excerpt(tag, 20)}" for tag in bookmark.tags)
    return line


def write_atomically(path: Path, text: str) -> None:
    """Write an export via a temporary file and a rename, so a failed write never leaves half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}-", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        Path(tmp).replace(path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
