"""A small rule suggester for the window's tests, registered in place of the built-in ones,
and an article it finds things in: the window is under test here, not the suggesters."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QSettings

from annotator.core.suggest import run
from annotator.core.suggest.base import LINKERS, SUGGESTERS, Link, SuggestContext, Suggestion
from annotator.gui.main_window import MainWindow
from annotator.store import Store
from tests.gui.test_annotation_window import open_window
from tests.helpers import new_document

ARTICLE = (
    "The Defence Ministry said three soldiers were killed near Kalbajar on Tuesday. "
    "Officials in <b>Baku</b> denied that two civilians were wounded. "
    "Later the ministry said five soldiers were killed in the same village."
)
SOURCES = re.compile(r"The Defence Ministry|Officials in <b>Baku</b>|the ministry")
FIGURES = re.compile(r"(three|two|five) (soldiers|civilians) were (killed|wounded)")
NUMBERS = {"three": 3, "two": 2, "five": 5}


def rule_suggester(text: str, _context: SuggestContext) -> list[Suggestion]:
    """Sources, and casualty figures attributed to the source before them."""
    found: list[Suggestion] = []
    last_source = -1
    matches = sorted([*SOURCES.finditer(text), *FIGURES.finditer(text)], key=lambda m: m.start())
    for match in matches:
        start, end = match.span()
        if match.re is SOURCES:
            last_source = len(found)
            attributes = {"source_type": "government"}
            found.append(Suggestion("source", start, end, match[0], attributes, 0.8, "test-rules"))
            continue
        number = NUMBERS[match[1]]
        attributes = {
            "outcome": "killed" if match[3] == "killed" else "injured",
            "victim_type": "combatant" if match[2] == "soldiers" else "civilian",
            "qualifier": "exact",
            "low": number,
            "high": number,
        }
        links = (Link("attributed_to", last_source),) if last_source >= 0 else ()
        found.append(
            Suggestion(
                "casualty_figure", start, end, match[0], attributes, 0.9, "test-rules", links
            )
        )
    return found


@pytest.fixture
def rule_suggesters(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Only ``rule_suggester`` is registered while the test runs."""
    monkeypatch.setattr(run, "BUILT_IN", ())
    saved, saved_linkers = dict(SUGGESTERS), dict(LINKERS)
    SUGGESTERS.clear()
    LINKERS.clear()
    from annotator.core.suggest.base import SuggesterInfo

    SUGGESTERS["test-rules"] = SuggesterInfo(
        "test-rules", ("source", "casualty_figure"), rule_suggester
    )
    yield
    SUGGESTERS.clear()
    SUGGESTERS.update(saved)
    LINKERS.clear()
    LINKERS.update(saved_linkers)


def article_window(qtbot, store: Store, settings: QSettings) -> MainWindow:
    """The window on a database holding ``ARTICLE``, with its suggestions computed."""
    if store.find_document("article") is None:
        store.import_documents(
            [new_document(ARTICLE, "article", "Border clash")], actor="test", source="test"
        )
    window = open_window(qtbot, store, settings)
    settle(qtbot, window)
    return window


def settle(qtbot, window: MainWindow) -> None:
    """Wait until the suggestions of the open document are computed and up to date."""
    qtbot.waitUntil(lambda: not window.suggestion_keys.suggestions.busy)
