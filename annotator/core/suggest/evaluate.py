"""Precision, recall and F1 of suggestions against gold spans, per label (issue 13, item 6).

Two ways to count a suggestion as right:

- exact: same label, same start and end;
- overlap: same label and an intersection over union of the two character ranges of at least
  0.5, each gold span matched to at most one suggestion. Pairs are matched greedily from the
  highest IoU down (ties by position), so the result never depends on input order.

Scores are summed over documents before dividing (micro-averaged): a long report weighs more
than a short one, as it should for "how much typing do suggestions save".
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

Key = tuple[str, int, int]  # (label, start, end)
OVERLAP_THRESHOLD = 0.5


@dataclass(frozen=True, slots=True)
class Prf:
    precision: float
    recall: float
    f1: float
    true_positives: int


@dataclass(frozen=True, slots=True)
class LabelScores:
    label: str
    gold: int
    suggested: int
    exact: Prf
    overlap: Prf


def prf(true_positives: int, gold: int, suggested: int) -> Prf:
    """0 rather than a division by zero when there is nothing to divide by."""
    precision = true_positives / suggested if suggested else 0.0
    recall = true_positives / gold if gold else 0.0
    total = precision + recall
    f1 = 2 * precision * recall / total if total else 0.0
    return Prf(precision, recall, f1, true_positives)


def iou(a: tuple[int, int], b: tuple[int, int]) -> float:
    """Intersection over union of two half-open character ranges."""
    inter = min(a[1], b[1]) - max(a[0], b[0])
    if inter <= 0:
        return 0.0
    union = max(a[1], b[1]) - min(a[0], b[0])
    return inter / union


def overlap_matches(gold: Sequence[Key], suggested: Sequence[Key]) -> int:
    """How many one-to-one pairs (same label, IoU >= 0.5) a greedy match finds."""
    pairs = sorted(
        (
            (-score, g, s)
            for g, gold_key in enumerate(gold)
            for s, suggested_key in enumerate(suggested)
            if gold_key[0] == suggested_key[0]
            and (score := iou(gold_key[1:], suggested_key[1:])) >= OVERLAP_THRESHOLD
        ),
    )
    used_gold: set[int] = set()
    used_suggested: set[int] = set()
    for _, g, s in pairs:
        if g not in used_gold and s not in used_suggested:
            used_gold.add(g)
            used_suggested.add(s)
    return len(used_gold)


def score(
    documents: Iterable[tuple[Sequence[Key], Sequence[Key]]],
) -> dict[str, LabelScores]:
    """Scores per label over (gold keys, suggested keys) of each document, sorted by label.

    A label appears when it occurs in gold or suggestions of any document. Duplicate keys in
    one list count once (a suggester proposing the same span twice gains nothing)."""
    gold_n: dict[str, int] = {}
    suggested_n: dict[str, int] = {}
    exact_tp: dict[str, int] = {}
    overlap_tp: dict[str, int] = {}
    for gold_keys, suggested_keys in documents:
        gold_set, suggested_set = set(gold_keys), set(suggested_keys)
        for label in {k[0] for k in gold_set} | {k[0] for k in suggested_set}:
            gold_l = sorted(k for k in gold_set if k[0] == label)
            suggested_l = sorted(k for k in suggested_set if k[0] == label)
            gold_n[label] = gold_n.get(label, 0) + len(gold_l)
            suggested_n[label] = suggested_n.get(label, 0) + len(suggested_l)
            exact_tp[label] = exact_tp.get(label, 0) + len(set(gold_l) & set(suggested_l))
            overlap_tp[label] = overlap_tp.get(label, 0) + overlap_matches(gold_l, suggested_l)
    return {
        label: LabelScores(
            label,
            gold_n[label],
            suggested_n[label],
            prf(exact_tp[label], gold_n[label], suggested_n[label]),
            prf(overlap_tp[label], gold_n[label], suggested_n[label]),
        )
        for label in sorted(gold_n)
    }


def format_scores(scores: dict[str, LabelScores]) -> str:
    """A plain text table: one row per label, exact and overlap precision/recall/F1."""
    head = ("label", "gold", "sugg", "ex P", "ex R", "ex F1", "ov P", "ov R", "ov F1")
    rows = [
        (
            s.label,
            str(s.gold),
            str(s.suggested),
            *(f"{v:.2f}" for v in (s.exact.precision, s.exact.recall, s.exact.f1)),
            *(f"{v:.2f}" for v in (s.overlap.precision, s.overlap.recall, s.overlap.f1)),
        )
        for s in scores.values()
    ]
    if not rows:
        return "(nothing to score)"
    widths = [max(len(r[i]) for r in (head, *rows)) for i in range(len(head))]
    return "\n".join(
        "  ".join(
            cell.ljust(width) if i == 0 else cell.rjust(width)
            for i, (cell, width) in enumerate(zip(row, widths, strict=True))
        )
        for row in (head, *rows)
    )
