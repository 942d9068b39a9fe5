"""Issue 12's "done when", end to end on a throwaway PostgreSQL team server: the lead assigns
the corpus, alice and bob label their shared document in their own windows at the same time,
each connected as their own role; the lead's progress counts them, the lead adjudicates the
overlap in the adjudication view and exports gold."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QLabel

from annotator.core.model import GOLD, Status
from annotator.gui.main_window import MainWindow
from annotator.gui.session import Session
from annotator.store import Store
from tests.cli.in_process import cli
from tests.conftest import SAMPLES
from tests.gui.test_annotation_window import select_by_keyboard
from tests.team_server import LEAD, set_up

DOCUMENT = "01-border-clash"
SOURCE = "Azerbaijan's defence ministry"  # both annotators mark it alike
CLAIM = "shelling Azerbaijani positions"  # only alice marks it: a conflict for the lead


def open_as(qtbot, url: str, tmp_path: Path) -> MainWindow:
    store = Store.open(url)
    assert store.team_role is not None  # the connected role is the annotator
    settings = QSettings(str(tmp_path / f"{store.team_role}.ini"), QSettings.Format.IniFormat)
    window = MainWindow(Session(store, store.team_role), settings)
    qtbot.addWidget(window)
    window.show()
    return window


def label(qtbot, window: MainWindow, quote: str, key: Qt.Key) -> None:
    select_by_keyboard(qtbot, window, quote)
    qtbot.keyClick(window.document_view, key)


# The offscreen platform cannot raise or size the adjudication window it opens.
@pytest.mark.qt_log_ignore("This plugin does not support (raise|propagateSizeHints)")
def test_a_lead_and_two_annotators_annotate_adjudicate_and_export_gold(
    qtbot, pg_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    team = set_up(pg_url, SAMPLES)
    lead_url = team.url(LEAD)
    assigned = cli(
        capsys, "assign", "--annotators", "alice,bob", "--overlap", "1", "--db", lead_url
    )
    assert assigned.code == 0, assigned.err

    alice = open_as(qtbot, team.url("alice"), tmp_path)
    bob = open_as(qtbot, team.url("bob"), tmp_path)
    lead = open_as(qtbot, lead_url, tmp_path)
    for window in (alice, bob):
        found = window.session.store.find_document(DOCUMENT)
        assert found is not None
        window.document_list.select_document(found.id)
    # Interleaved, as two people at the same time: each write is its own transaction.
    label(qtbot, alice, SOURCE, Qt.Key.Key_2)
    label(qtbot, bob, SOURCE, Qt.Key.Key_2)
    label(qtbot, alice, CLAIM, Qt.Key.Key_1)
    alice.set_status(Status.DONE)
    bob.set_status(Status.DONE)

    progress = cli(capsys, "progress", "--json", "--db", lead_url)
    assert progress.code == 0, progress.err
    report = json.loads(progress.out)
    assert report["shared"] == report["assigned"] == 4  # overlap 1: every document to both
    for name in ("alice", "bob"):
        assert (report["annotators"][name]["done"], report["annotators"][name]["todo"]) == (1, 3)
    assert report["agreement"]["documents"] == 1
    assert report["agreement"]["overall"]["span_f1_exact"] == pytest.approx(2 / 3)

    # The lead's window heard the annotators' commits; the adjudication view merges them.
    lead.session.hub.catch_up()
    lead.open_adjudication()
    view = lead.adjudication
    assert view is not None and view.merged is not None
    assert view.documents.count() == 1  # the one document anyone marked done
    document_id = view.documents.currentData()
    assert view.store.document(document_id).doc_id == DOCUMENT
    view.accept_all_unanimous()
    gold = lead.session.store.spans(document_id, GOLD)
    assert [(s.label, s.text) for s in gold] == [("source", SOURCE)]
    assert view.open_conflicts()  # alice's lone claim is left for the lead to decide

    out = tmp_path / "gold.annotations.jsonl"
    exported = cli(
        capsys, "export", "-f", "native", "-o", out, "--annotator", GOLD, "--db", lead_url
    )
    assert exported.code == 0, exported.err
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    documents = [line for line in lines if line.get("kind") == "document"]
    exported_gold = [
        (span["label"], span["text"]) for doc in documents for span in doc.get("spans", [])
    ]
    assert exported_gold == [("source", SOURCE)]
    for window in (alice, bob, lead):
        window.close()
        window.session.store.close()


def test_an_annotator_given_nothing_is_told_to_wait_not_offered_an_import(
    qtbot, pg_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    team = set_up(pg_url, SAMPLES)
    alice = open_as(qtbot, team.url("alice"), tmp_path)
    empty = alice.empty_state
    assert alice.list_stack.currentWidget() is empty
    assert empty.samples_button.isHidden() and empty.import_button.isHidden()
    assert any(
        "Nothing assigned to you yet" in label.text() for label in empty.findChildren(QLabel)
    )

    assigned = cli(capsys, "assign", "--annotators", "alice", "--db", team.url(LEAD))
    assert assigned.code == 0, assigned.err
    alice.session.hub.catch_up()  # what the next poll (or NOTIFY) does
    assert alice.list_stack.currentWidget() is not empty
    assert alice.document_list.model_.rowCount() == 4
    alice.close()
    alice.session.store.close()
