"""How the main screen shares its width: the sidebar's width, and room for the reader beside the panel.

The reader is what the app is for, so it keeps at least :data:`READER_MIN` columns: opening the names
and quotes panel on a narrow terminal hides the sidebar for as long as the panel is open (at 80
columns the reader was left 9). The sidebar's width is a setting, changed with ``<`` and ``>``, so
titles need not be cut at a wide terminal.
"""

from __future__ import annotations

from textual.widget import Widget

READER_MIN = 60
"""Columns the reader keeps when the entities panel opens."""
SIDEBAR_MIN, SIDEBAR_MAX, SIDEBAR_STEP = 24, 160, 6


def clamp_sidebar(width: int) -> int:
    """A sidebar width the layout can take (the setting may hold anything)."""
    return max(SIDEBAR_MIN, min(SIDEBAR_MAX, width))


def apply_sidebar_width(sidebar: Widget, width: int) -> int:
    """Set the sidebar's width (columns; the stylesheet still caps it at a share of the screen)."""
    width = clamp_sidebar(width)
    sidebar.styles.width = width
    return width


def panel_leaves_reader_too_little(screen_width: int, sidebar: Widget, panel: Widget) -> bool:
    """Whether the sidebar, the panel and the reader cannot all fit with the reader at its minimum."""
    if not sidebar.display:
        return False
    panel_width = panel.outer_size.width or min(44, int(screen_width * 0.4))
    return screen_width - sidebar.outer_size.width - panel_width < READER_MIN
