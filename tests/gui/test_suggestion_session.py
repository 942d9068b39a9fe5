"""Accepting and rejecting suggestions through the window's session (issue 13): one
``run_many`` is one transaction and one undo step; the session's views hear the change; a
decision taken meanwhile in another window is refused and nothing is written."""

from __future__ import annotations

from pathlib import Path

from annotator.core.commands import Changes
from annotator.core.suggest.commands import accept_commands, reject_commands, title
from annotator.gui.session import Session
from annotator.store import Store
from tests.helpers import new_document
from tests.store.test_suggestion_outcomes import SUGGESTIONS, TEXT


def opened(store: Store) -> Session:
    store.import_documents([new_document(TEXT, "d1")], actor="t", source="t")
    document = store.find_document("d1")
    assert document is not None
    session = Session(store, "alice")
    session.open_document(document.id)
    return session


def test_accepting_is_one_undo_step_the_views_hear(qapp, store: Store) -> None:
    session = opened(store)
    assert session.document is not None
    heard: list[Changes] = []
    session.changed.connect(heard.append)
    commands = accept_commands(
        session.schema,
        session.document,
        "alice",
        SUGGESTIONS,
        [1],
        session.spans.values(),
        existing_relations=session.relations.values(),
        outcomes=store.suggestion_outcomes(session.document.id, "alice"),
    )
    assert session.run_many(title(commands), commands)
    assert session.undo_stack.count() == 1
    assert sorted(s.text for s in session.spans.values()) == [
        "Kalbajar",
        "The ministry",
        "three soldiers",
    ]
    assert len(session.relations) == 2
    assert any(changes.suggestions for changes in heard)
    assert session.undo()
    assert session.spans == {} and session.relations == {}
    assert store.suggestion_outcomes(session.document.id, "alice") == {}
    assert session.redo()
    assert len(session.spans) == 3
    assert store.suggestion_outcomes(session.document.id, "alice") == {
        SUGGESTIONS[1].key: "accepted"
    }


def test_a_decision_taken_in_another_window_meanwhile_is_refused(
    qapp, store: Store, db_path: Path
) -> None:
    session = opened(store)
    assert session.document is not None
    seen = store.suggestion_outcomes(session.document.id, "alice")
    with Store.open(db_path) as other:
        other.record_suggestion_outcome(
            session.document.id, "alice", SUGGESTIONS[1], "rejected", actor="alice"
        )
    failures: list[str] = []
    session.failed.connect(failures.append)
    commands = accept_commands(
        session.schema, session.document, "alice", SUGGESTIONS, [1], [], outcomes=seen
    )
    assert not session.run_many(title(commands), commands)
    assert len(failures) == 1 and "another window" in failures[0]
    assert session.undo_stack.count() == 0 and store.spans(session.document.id) == []
    rejecting = reject_commands(session.document, "alice", SUGGESTIONS, [0], outcomes=seen)
    assert session.run_many(title(rejecting), rejecting)
