"""The status line's model of what is running: every activity shown until it ends, in starting order."""

from __future__ import annotations

from newstui.ui.activities import Activities


def test_nothing_running_shows_only_the_summary() -> None:
    activities = Activities()
    assert not activities
    assert activities.line("12 articles") == "12 articles"
    assert activities.line() == ""


def test_two_activities_at_once_are_both_shown_in_starting_order() -> None:
    activities = Activities()
    activities.show("fetch", "Fetching feeds…")
    activities.show("annotate", "Annotating…")
    assert activities.line("12 articles") == "Fetching feeds… · Annotating… · 12 articles"


def test_progress_updates_an_activity_in_place() -> None:
    activities = Activities()
    activities.show("fetch", "Fetching feeds…")
    activities.show("annotate", "Annotating…")
    activities.show("fetch", "Fetching 0 of 1…")
    assert activities.line() == "Fetching 0 of 1… · Annotating…"


def test_each_activity_is_removed_when_it_ends_and_the_others_stay() -> None:
    activities = Activities()
    activities.show("load", "Loading 10 of 20…")
    activities.show("fetch", "Fetching 0 of 1…")
    activities.end("load")
    assert "load" not in activities and "fetch" in activities
    assert activities.line("20 articles") == "Fetching 0 of 1… · 20 articles"
    activities.end("fetch")
    activities.end("fetch")  # ending twice (a cancelled worker and its successor) is harmless
    assert activities.line("20 articles") == "20 articles"


def test_an_activity_started_again_after_ending_goes_to_the_end() -> None:
    activities = Activities()
    activities.show("annotate", "Annotating…")
    activities.show("fetch", "Fetching feeds…")
    activities.end("annotate")
    activities.show("annotate", "Annotating…")
    assert activities.line() == "Fetching feeds… · Annotating…"
