"""Helpers shared by the people tests: a small library of articles naming people, with quotations."""

from __future__ import annotations

from pathlib import Path

ARTICLES = {
    "wire_2024-01-02_summit.txt": (
        "Leaders meet in Geneva\n\n"
        "Vladimir Putin arrived in Geneva on Monday for talks with European leaders at the summit.\n\n"
        "“We are ready to talk about everything,” Putin told reporters outside the hall.\n"
    ),
    "herald_2024-02-05_gas.txt": (
        "Gas prices climb again\n\n"
        "Prices rose sharply across Europe this winter, traders in London said on Friday.\n\n"
        "“The market is nervous,” said Maria Lopez, an analyst at the Acme Bank in London.\n\n"
        "Putin has not commented on the figures so far this week.\n"
    ),
    "gazette_2024-03-09_campaign.txt": (
        "Campaign trail heats up\n\n"
        "Hillary Clinton and Bill Clinton spoke at a rally in Ohio on Saturday evening.\n\n"
        "“We will win this state,” Clinton said as the crowd cheered loudly.\n\n"
        "Later, Vladimir Putin was mentioned by the speakers at the rally.\n"
    ),
}


def write_library(tmp_path: Path, articles: dict[str, str] = ARTICLES) -> Path:
    """The articles as files in a ``news`` folder under ``tmp_path``; returns the folder."""
    folder = tmp_path / "news"
    folder.mkdir()
    for name, text in articles.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder
