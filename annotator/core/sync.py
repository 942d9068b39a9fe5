"""Offline sync's rules (issue 12, item 6), on plain values: what one annotator's work on one
document is, how two copies of it are compared, and which way it moves.

Ownership makes sync conflict-free: the server holds the truth for documents, the label schema
and gold; the local file holds it for the syncing annotator's own work. The one case ownership
cannot settle is the annotator's own work edited on both sides since the last sync (in a window
connected to the server, or on two laptops): that document is left alone on both sides and
reported, never overwritten.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from enum import Enum

# (uid, label, start, end, text, attributes JSON, note, created_at, updated_at,
#  provenance JSON or None, version): a span as stored, without row ids.
SpanValues = tuple[str, str, int, int, str, str, str, str, str, str | None, int]
# (uid, type, from span uid, to span uid)
RelationValues = tuple[str, str, str, str]
# (label, start, end, text, attributes JSON, suggester, score, outcome, decided_at)
OutcomeValues = tuple[str, int, int, str, str, str, float, str, str]

# The timestamps are carried across but not compared: the same content is the same work.
_SPAN_TIMES = slice(7, 9)


@dataclass(frozen=True)
class SetContent:
    """One annotator's work on one document as sync carries it: spans, relations, the status
    (None: no row, which means "todo") and suggestion outcomes, each sorted, no row ids."""

    spans: tuple[SpanValues, ...] = ()
    relations: tuple[RelationValues, ...] = ()
    status: str | None = None
    status_updated_at: str = ""
    outcomes: tuple[OutcomeValues, ...] = ()

    @property
    def empty(self) -> bool:
        return not (self.spans or self.relations or self.outcomes) and self.status in (
            None,
            "todo",
        )

    def fingerprint(self) -> str:
        """Equal for equal work on either engine (timestamps left out; "todo" is no row)."""
        canonical = [
            [list(span[:7]) + list(span[9:]) for span in self.spans],
            [list(relation) for relation in self.relations],
            None if self.status == "todo" else self.status,
            [[*outcome[:6], repr(float(outcome[6])), outcome[7]] for outcome in self.outcomes],
        ]
        raw = json.dumps(canonical, ensure_ascii=False, separators=(",", ":"))
        return hashlib.sha256(raw.encode("utf-8", "surrogatepass")).hexdigest()


EMPTY = SetContent().fingerprint()


@dataclass(frozen=True)
class Base:
    """What the local file last recorded of a document's own work and the server:
    ``agreed`` was on both sides; ``pending`` was being pushed when the record was made
    (the push may or may not have committed before a kill)."""

    agreed: str = EMPTY
    pending: str | None = None


class Move(Enum):
    NONE = "none"  # equal on both sides, base up to date
    RECORD = "record"  # equal on both sides: only the base is written down
    PUSH = "push"
    PULL = "pull"
    CONFLICT = "conflict"


def decide(local: str, server: str, base: Base | None) -> Move:
    """Which way a document's own work moves, from its fingerprints on each side and the
    base. The server side counts as unchanged when it is what was agreed or what a push
    (perhaps cut short) was writing; the local side when it is what was agreed."""
    base = base or Base()
    if local == server:
        return Move.NONE if base.agreed == local and base.pending is None else Move.RECORD
    if server in (base.agreed, base.pending):
        return Move.PUSH
    if local == base.agreed:
        return Move.PULL
    return Move.CONFLICT


@dataclass(frozen=True)
class SetChange:
    """What writing one set changed on the side it was written to."""

    spans: int = 0  # created, updated or deleted
    relations: int = 0
    status: bool = False
    outcomes: int = 0

    def __add__(self, other: SetChange) -> SetChange:
        return SetChange(
            self.spans + other.spans,
            self.relations + other.relations,
            self.status or other.status,
            self.outcomes + other.outcomes,
        )


def span_changed(old: SpanValues, new: SpanValues) -> bool:
    return old[:7] != new[:7] or old[9:] != new[9:] or old[_SPAN_TIMES] != new[_SPAN_TIMES]
