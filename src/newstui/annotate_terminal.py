"""``newstui annotate`` on a terminal: the article with entities coloured and quotations in italics.

Kept apart from the core (which never imports Rich) and from the Textual UI (which styles from theme
variables): a one-shot command-line view with the same rule that colour is never the only cue.
"""

from __future__ import annotations

from rich.console import Console
from rich.text import Text

from newstui.core.annotate import Annotations
from newstui.core.safe_text import clip, safe_text
from newstui.core.text import display_view

LABEL_STYLES = {
    "PERSON": "bold underline cyan",
    "ORG": "bold underline magenta",
    "PLACE": "bold underline green",
    "NORP": "underline yellow",
    "DATE": "underline blue",
    "NUMBER": "underline bright_blue",
}


def print_annotated(text: str, annotations: Annotations, console: Console | None = None) -> None:
    console = console or Console()
    # The safe view joins lines for the reader's own wrapping; a terminal print keeps them.
    pairs = zip(display_view(text), text, strict=True)
    view = "".join("\n" if original == "\n" else shown for shown, original in pairs)
    rendered = Text(view)
    for q in annotations.quotes:
        rendered.stylize("italic", q.start, q.end)
    for e in annotations.entities:
        rendered.stylize(LABEL_STYLES.get(e.label, "underline"), e.start, e.end)
    console.print(rendered)
    speakers = [q for q in annotations.quotes if q.speaker]
    if speakers:
        console.print(Text("\nSpeakers", style="bold"))
        for q in speakers:
            console.print(Text(f"  {clip(q.text, 61)} — {safe_text(q.speaker)}"))
