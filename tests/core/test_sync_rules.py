"""Offline sync's rules on plain values: fingerprints and which way work moves."""

from __future__ import annotations

import pytest

from annotator.core.sync import EMPTY, Base, Move, SetContent, decide

SPAN = ("s-1", "claim", 0, 4, "said", '{"a":1}', "", "2026-01-01", "2026-01-02", None, 1)


def test_fingerprints_ignore_timestamps_and_a_todo_row_but_not_versions_or_values() -> None:
    content = SetContent(spans=(SPAN,), status="done", status_updated_at="t1")
    later = SetContent(spans=((*SPAN[:7], "x", "y", *SPAN[9:]),), status="done")
    assert content.fingerprint() == later.fingerprint()
    assert SetContent(status="todo").fingerprint() == EMPTY
    assert SetContent(status="todo").empty
    bumped = SetContent(spans=((*SPAN[:10], 2),), status="done")
    moved = SetContent(spans=((*SPAN[:3], 5, *SPAN[4:]),), status="done")
    for other in (bumped, moved, SetContent(spans=(SPAN,), status="skipped")):
        assert other.fingerprint() != content.fingerprint()


L, S, B, P = "local", "server", "base", "pending"


@pytest.mark.parametrize(
    ("local", "server", "base", "move"),
    [
        (L, L, Base(L), Move.NONE),
        (L, L, Base(B), Move.RECORD),  # equal, base behind: only written down
        (L, L, Base(B, L), Move.RECORD),  # a push that committed before the kill
        (L, B, Base(B), Move.PUSH),  # changed here only
        (L, B, Base(B, L), Move.PUSH),  # a push cut short before its commit
        (B, S, Base(B), Move.PULL),  # changed on the server only
        (L, S, Base(B), Move.CONFLICT),  # changed on both sides
        (P, S, Base(B, P), Move.CONFLICT),  # cut short, then changed on the server
        (L, EMPTY, None, Move.PUSH),  # first sync: nothing there yet
        (EMPTY, S, None, Move.PULL),  # first sync: nothing here yet (a new laptop)
        (L, S, None, Move.CONFLICT),  # first sync: different work on both sides
    ],
)
def test_which_way_work_moves(local: str, server: str, base: Base | None, move: Move) -> None:
    assert decide(local, server, base) is move
