"""What is kept of a decided suggestion (issue 13): the outcome row, and the receipt a
recording returns so that undo can put back exactly what was there before."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Final, Literal

from annotator.core.model import AttributeValue

Outcome = Literal["accepted", "rejected"]
OUTCOMES: Final = ("accepted", "rejected")
# ``expected`` of a recording that does not check what was stored before it.
ANY_OUTCOME: Final = "any"
Key = tuple[str, int, int]  # (label, start, end), as ``Suggestion.key``


@dataclass(frozen=True)
class OutcomeRecord:
    """One stored decision: an annotator accepted or rejected a suggestion in a document."""

    document_id: int
    annotator: str
    label: str
    start: int
    end: int
    text: str
    attributes: Mapping[str, AttributeValue]
    suggester: str
    score: float
    outcome: Outcome
    decided_at: str

    @property
    def key(self) -> Key:
        return (self.label, self.start, self.end)


@dataclass(frozen=True)
class OutcomeReceipt:
    """What ``record_suggestion_outcome`` wrote: the new row, the row it replaced (a
    suggestion decided again, say accepted after its span was deleted), and whether the
    pattern row of its (label, text) was created by it. ``forget_suggestion_outcome`` takes
    it and undoes exactly that."""

    stored: OutcomeRecord
    replaced: OutcomeRecord | None
    pattern_created: bool
