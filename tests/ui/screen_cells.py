"""The screen as a grid of cells with their final colours, read back from Textual's own screenshot.

``App.export_screenshot()`` is the composited screen (every widget, every layer, after Textual blended
transparent colours) written as SVG by Rich: one ``<rect>`` per background run and one ``<text>`` per
run of characters, whose class gives its colour with dim and reverse already applied. Reading it back
gives, for each cell, what a person sees: the character, its text colour and its background.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from rich.cells import cell_len
from textual.app import App

_CHAR_WIDTH = 20 * 0.61  # Rich's SVG export: 20px characters, aspect ratio 0.61
_LINE_HEIGHT = 20 * 1.22
_CLASS = re.compile(r"\.terminal-\d+-r(\d+) \{ ([^}]*) \}")
_RECT = re.compile(r'<rect fill="(#[0-9a-f]{6})" x="([\d.]+)" y="([\d.]+)" width="([\d.]+)" height="[\d.]+" ')
_TEXT = re.compile(r'<text class="terminal-\d+-r(\d+)" x="([\d.]+)" y="([\d.]+)" [^>]*>([^<]*)</text>')


@dataclass(frozen=True, slots=True)
class Cell:
    char: str
    fg: str
    bg: str
    bold: bool = False
    italic: bool = False
    underline: bool = False


class Screen:
    """Rows of cells (``screen[y][x]``), plus helpers to find text on them."""

    def __init__(self, rows: list[list[Cell]]) -> None:
        self.rows = rows

    def __getitem__(self, y: int) -> list[Cell]:
        return self.rows[y]

    def line(self, y: int) -> str:
        return "".join(cell.char for cell in self.rows[y])

    def find(self, text: str) -> tuple[int, int] | None:
        """Row and column where ``text`` first appears on screen."""
        for y in range(len(self.rows)):
            x = self.line(y).find(text)
            if x >= 0:
                return y, x
        return None


def read_screen(app: App[object]) -> Screen:
    svg = app.export_screenshot()
    width, height = app.size
    classes: dict[str, tuple[str, bool, bool, bool]] = {}
    for number, css in _CLASS.findall(svg):
        fill = re.search(r"fill: (#[0-9a-f]{6})", css)
        classes[number] = (
            fill.group(1) if fill else "#000000",
            "font-weight: bold" in css,
            "font-style: italic" in css,
            "underline" in css,
        )
    backgrounds = [["#000000"] * width for _ in range(height)]
    for fill, x, y, w in _RECT.findall(svg):
        row = round((float(y) - 1.5) / _LINE_HEIGHT)
        first = round(float(x) / _CHAR_WIDTH)
        for column in range(first, min(width, first + round(float(w) / _CHAR_WIDTH))):
            if 0 <= row < height:
                backgrounds[row][column] = fill
    rows = [[Cell(" ", "#000000", backgrounds[y][x]) for x in range(width)] for y in range(height)]
    for number, x, y, content in _TEXT.findall(svg):
        row = round((float(y) - 20) / _LINE_HEIGHT)
        column = round(float(x) / _CHAR_WIDTH)
        fg, bold, italic, underline = classes[number]
        for char in html.unescape(content).replace("\u00a0", " "):
            if 0 <= row < height and column < width:
                rows[row][column] = Cell(char, fg, backgrounds[row][column], bold, italic, underline)
            column += max(1, cell_len(char))
    return Screen(rows)
