"""Suggestion outcomes and learned patterns through a real SQLite file (issue 13): accepting,
rejecting, undo and redo as a window runs them, tallies, and stale decisions refused."""

from __future__ import annotations

import dataclasses
import shutil
import sqlite3
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest

from annotator.core.commands import Changes, Command, with_edges
from annotator.core.history import VersionedStore, WrittenVersions
from annotator.core.model import Document, Status
from annotator.core.suggest.base import LearnedPattern, Link, Suggestion
from annotator.core.suggest.commands import accept_commands, reject_commands, title
from annotator.errors import StaleEditError, UserError
from annotator.store import Store
from annotator.store.migrations import SCHEMA_VERSION
from tests.conftest import FIXTURES
from tests.helpers import new_document, span_over

TEXT = "The ministry said three soldiers were killed near Kalbajar on Monday."


def at(quote: str, label: str, links: tuple[Link, ...] = (), **attributes: object) -> Suggestion:
    start = TEXT.index(quote)
    return Suggestion(
        label,
        start,
        start + len(quote),
        quote,
        attributes,
        0.8,
        "rules",
        links,  # type: ignore[arg-type]
    )


# The runner's list for TEXT, sorted by start: links index into it.
SUGGESTIONS = [
    at("The ministry", "source", source_type="government"),
    at("three soldiers", "casualty_figure", (Link("attributed_to", 0), Link("located_at", 2)),
       outcome="killed", low=3, high=3, qualifier="exact"),
    at("Kalbajar", "location", feature_level="district"),
]  # fmt: skip


class Runner:
    """What ``Session`` does with a list of commands: one unit of work per action, undo and
    redo each one unit too (without Qt)."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.written = WrittenVersions()
        self.done: list[list[Command]] = []
        self.undone: list[list[Command]] = []

    def _unit(self, steps: Sequence[Callable[[VersionedStore], Changes]], history: bool) -> None:
        versioned = VersionedStore(self.store, self.written, history=history)
        with self.store.unit_of_work():
            for step in steps:
                step(versioned)
        versioned.commit()

    def run(self, commands: list[Command]) -> None:
        self._unit([c.apply for c in commands], history=False)  # type: ignore[misc]
        self.done.append(commands)
        self.undone.clear()

    def undo(self) -> None:
        commands = self.done[-1]
        self._unit([c.revert for c in reversed(commands)], history=True)  # type: ignore[misc]
        self.undone.append(self.done.pop())

    def redo(self) -> None:
        commands = self.undone[-1]
        self._unit([c.apply for c in commands], history=True)  # type: ignore[misc]
        self.done.append(self.undone.pop())


@pytest.fixture
def document(store: Store) -> Document:
    store.import_documents([new_document(TEXT, "d1")], actor="t", source="t")
    found = store.find_document("d1")
    assert found is not None
    return found


def tallies(store: Store) -> dict[tuple[str, str], tuple[int, int]]:
    return {(p.label, p.text): (p.accepted, p.rejected) for p in store.suggestion_pattern_rows()}


def test_accepting_a_figure_brings_its_attributes_links_and_linked_spans(
    store: Store, document: Document
) -> None:
    runner = Runner(store)
    commands = accept_commands(store.schema, document, "alice", SUGGESTIONS, [1], [])
    assert title(commands) == "Accept suggestion"
    runner.run(commands)
    spans = {s.text: s for s in store.spans(document.id, "alice")}
    assert set(spans) == {"The ministry", "three soldiers", "Kalbajar"}
    figure = spans["three soldiers"]
    assert figure.attributes == {"outcome": "killed", "low": 3, "high": 3, "qualifier": "exact"}
    assert figure.provenance == {"suggester": "rules", "score": 0.8}
    assert spans["Kalbajar"].attributes == {"feature_level": "district"}
    links = {(r.type, r.from_uid, r.to_uid) for r in store.relations(document.id, "alice")}
    assert links == {
        ("attributed_to", figure.uid, spans["The ministry"].uid),
        ("located_at", figure.uid, spans["Kalbajar"].uid),
    }
    key = SUGGESTIONS[1].key
    assert store.suggestion_outcomes(document.id, "alice") == {key: "accepted"}
    assert store.suggestion_outcomes(document.id, "bob") == {}
    assert tallies(store) == {("casualty_figure", "three soldiers"): (1, 0)}
    actions = [change.action for change in store.changes(document_id=document.id)]
    assert actions[0] == "suggestion.decide"

    runner.undo()
    assert store.spans(document.id) == [] and store.relations(document.id) == []
    assert store.suggestion_outcomes(document.id, "alice") == {}
    assert tallies(store) == {}  # the pattern row it made is gone with it

    runner.redo()
    assert {s.text for s in store.spans(document.id, "alice")} == set(spans)
    assert len(store.relations(document.id, "alice")) == 2
    assert store.suggestion_outcomes(document.id, "alice") == {key: "accepted"}
    assert tallies(store) == {("casualty_figure", "three soldiers"): (1, 0)}


def test_a_linked_suggestion_already_annotated_is_linked_not_duplicated(
    store: Store, document: Document
) -> None:
    ministry = store.add_span(
        span_over(TEXT, "The ministry", document_id=document.id, label="source")
    )
    commands = accept_commands(
        store.schema, document, "alice", SUGGESTIONS, [1], store.spans(document.id)
    )
    Runner(store).run(commands)
    spans = store.spans(document.id, "alice")
    assert [s.text for s in spans].count("The ministry") == 1
    links = {(r.type, r.to_uid) for r in store.relations(document.id, "alice")}
    assert ("attributed_to", ministry.uid) in links
    assert store.span(ministry.uid).provenance is None  # the hand-made span is untouched


def test_rejecting_is_remembered_tallied_and_undone_exactly(
    store: Store, document: Document
) -> None:
    runner = Runner(store)
    runner.run(reject_commands(document, "alice", SUGGESTIONS, [0, 2]))
    assert store.spans(document.id) == []
    assert store.suggestion_outcomes(document.id, "alice") == {
        SUGGESTIONS[0].key: "rejected",
        SUGGESTIONS[2].key: "rejected",
    }
    assert tallies(store) == {("location", "Kalbajar"): (0, 1), ("source", "The ministry"): (0, 1)}
    # Another document's rejection of the same text adds to the same pattern.
    store.import_documents([new_document(TEXT + " Again.", "d2")], actor="t", source="t")
    other = store.find_document("d2")
    assert other is not None
    runner.run(reject_commands(other, "alice", SUGGESTIONS, [2]))
    assert tallies(store)[("location", "Kalbajar")] == (0, 2)
    patterns = {(p.label, p.text): p for p in store.suggestion_patterns()}
    assert not patterns[("location", "Kalbajar")].active  # mostly rejected: silenced
    runner.undo()
    assert tallies(store)[("location", "Kalbajar")] == (0, 1)
    runner.undo()
    assert tallies(store) == {} and store.suggestion_outcomes(document.id, "alice") == {}


def test_deciding_again_replaces_the_earlier_decision_and_undo_restores_it(
    store: Store, document: Document
) -> None:
    runner = Runner(store)
    runner.run(accept_commands(store.schema, document, "alice", SUGGESTIONS, [2], []))
    (place,) = store.spans(document.id, "alice")
    store.delete_span(place.uid, actor="alice")  # the span goes; the suggestion comes back
    outcomes = store.suggestion_outcomes(document.id, "alice")
    runner.run(reject_commands(document, "alice", SUGGESTIONS, [2], outcomes=outcomes))
    assert store.suggestion_outcomes(document.id, "alice") == {SUGGESTIONS[2].key: "rejected"}
    assert tallies(store) == {("location", "Kalbajar"): (1, 1)}
    runner.undo()
    assert store.suggestion_outcomes(document.id, "alice") == {SUGGESTIONS[2].key: "accepted"}
    assert tallies(store) == {("location", "Kalbajar"): (1, 0)}


def test_a_decision_taken_meanwhile_elsewhere_is_refused(
    store: Store, document: Document, db: Path | str
) -> None:
    seen = store.suggestion_outcomes(document.id, "alice")  # nothing decided yet
    with Store.open(db) as other_window:
        Runner(other_window).run(reject_commands(document, "alice", SUGGESTIONS, [1]))
    stale = accept_commands(store.schema, document, "alice", SUGGESTIONS, [1], [], outcomes=seen)
    with pytest.raises(StaleEditError):
        Runner(store).run(stale)
    assert store.spans(document.id) == []  # the span of the refused action rolled back
    assert store.suggestion_outcomes(document.id, "alice") == {SUGGESTIONS[1].key: "rejected"}


def test_undo_is_refused_when_the_decision_changed_elsewhere(
    store: Store, document: Document, db: Path | str
) -> None:
    runner = Runner(store)
    runner.run(reject_commands(document, "alice", SUGGESTIONS, [0]))
    with Store.open(db) as other_window:
        Runner(other_window).run(
            accept_commands(other_window.schema, document, "alice", SUGGESTIONS, [0], [])
        )
    with pytest.raises(StaleEditError):
        runner.undo()
    assert store.suggestion_outcomes(document.id, "alice") == {SUGGESTIONS[0].key: "accepted"}


def test_bad_choices_are_refused_in_one_line(store: Store, document: Document) -> None:
    with pytest.raises(UserError, match="no suggestion number 3"):
        reject_commands(document, "alice", SUGGESTIONS, [3])
    moved = [at("The ministry", "source")]
    changed = Document(document.id, "d1", "", "A different text now.", "", {}, "")
    with pytest.raises(UserError, match="no longer matches"):
        accept_commands(store.schema, changed, "alice", moved, [0], [])
    with pytest.raises(UserError, match="unknown suggestion outcome"):
        store.record_suggestion_outcome(document.id, "alice", moved[0], "maybe", actor="alice")


def test_patterns_are_span_texts_and_rows_with_latest_attributes(
    store: Store, document: Document
) -> None:
    older = span_over(TEXT, "Kalbajar", document_id=document.id, label="location")
    store.add_span(older)
    newer = span_over(TEXT, "Kalbajar", document_id=document.id, annotator="bob", label="location")
    store.add_span(
        dataclasses.replace(
            newer, attributes={"feature_level": "district"}, updated_at="2999-01-01T00:00:00Z"
        )
    )
    Runner(store).run(reject_commands(document, "alice", SUGGESTIONS, [2, 0]))
    patterns = store.suggestion_patterns()
    assert patterns == (
        LearnedPattern("location", "Kalbajar", {"feature_level": "district"}, 0, 1),
        LearnedPattern("source", "The ministry", {"source_type": "government"}, 0, 1),
    )
    assert store.suggestion_patterns() is patterns  # cached while the change log stands
    store.add_span(span_over(TEXT, "Monday", document_id=document.id))
    assert len(store.suggestion_patterns()) == 3


def test_an_older_database_gains_the_tables_and_a_newer_one_is_refused(tmp_path: Path) -> None:
    old = tmp_path / "old.sqlite3"
    shutil.copyfile(FIXTURES / "db" / "v2.sqlite3", old)
    with Store.open(old) as store:
        assert store.suggestion_patterns()  # the v2 file's span texts
        assert store.suggestion_pattern_rows() == []
    raw = sqlite3.connect(old)
    assert raw.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION >= 6
    raw.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    raw.commit()
    raw.close()
    with pytest.raises(UserError, match="newer annotator"):
        Store.open(old)


def test_patterns_kept_up_to_date_edit_by_edit_equal_a_fresh_read(
    store: Store, document: Document, db: Path | str
) -> None:
    def fresh() -> tuple[LearnedPattern, ...]:
        with Store.open(db, write=False) as reader:
            return reader.suggestion_patterns()

    store.suggestion_patterns()  # kept from here on
    runner = Runner(store)
    runner.run(accept_commands(store.schema, document, "alice", SUGGESTIONS, [1], []))
    assert store.suggestion_patterns() == fresh()
    place = next(s for s in store.spans(document.id) if s.label == "location")
    moved = with_edges(place, TEXT, place.start, place.end + 3)  # "Kalbajar on"
    store.update_span(dataclasses.replace(moved, attributes={"role": "event_site"}))
    assert ("location", "Kalbajar on") in {(p.label, p.text) for p in store.suggestion_patterns()}
    assert store.suggestion_patterns() == fresh()
    runner.run(reject_commands(document, "bob", SUGGESTIONS, [2, 0]))
    store.delete_span(place.uid, actor="alice")
    store.set_status(document.id, "alice", Status.DONE)
    patterns = store.suggestion_patterns()
    assert patterns == fresh()
    assert ("location", "Kalbajar on") not in {(p.label, p.text) for p in patterns}
    runner.undo()
    store.import_documents([new_document(TEXT + " Again.", "d2")], actor="t", source="t")
    assert store.suggestion_patterns() == fresh()
