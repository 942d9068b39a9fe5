"""Scoring suggestions against gold: figures computed by hand for small tables."""

from __future__ import annotations

import pytest

from annotator.core.suggest.evaluate import LabelScores, Prf, format_scores, iou, score


def test_nothing_to_score_gives_no_rows_and_no_crash() -> None:
    assert score([]) == {}
    assert score([([], []), ([], [])]) == {}
    assert format_scores({}) == "(nothing to score)"


def test_gold_without_suggestions_scores_zero_not_a_division_error() -> None:
    result = score([([("location", 0, 5)], [])])
    assert result == {
        "location": LabelScores("location", 1, 0, Prf(0.0, 0.0, 0.0, 0), Prf(0.0, 0.0, 0.0, 0))
    }


def test_suggestions_without_gold_score_zero() -> None:
    result = score([([], [("claim", 3, 9), ("claim", 20, 30)])])
    assert result["claim"].gold == 0
    assert result["claim"].suggested == 2
    assert result["claim"].overlap == Prf(0.0, 0.0, 0.0, 0)


def test_a_small_table_exact_and_overlap() -> None:
    gold = [("location", 0, 5), ("location", 10, 20), ("source", 30, 40)]
    suggested = [
        ("location", 0, 5),  # exact
        ("location", 12, 20),  # IoU 8/10: overlap only
        ("source", 35, 45),  # IoU 5/15: neither
        ("claim", 50, 60),  # no gold claim
    ]
    result = score([(gold, suggested)])
    assert list(result) == ["claim", "location", "source"]
    location = result["location"]
    assert (location.gold, location.suggested) == (2, 2)
    assert location.exact == Prf(0.5, 0.5, 0.5, 1)
    assert location.overlap == Prf(1.0, 1.0, 1.0, 2)
    assert result["source"].exact == result["source"].overlap == Prf(0.0, 0.0, 0.0, 0)
    assert result["claim"].overlap == Prf(0.0, 0.0, 0.0, 0)


def test_labels_must_agree() -> None:
    result = score([([("source", 0, 10)], [("claim", 0, 10)])])
    assert result["source"].overlap.true_positives == 0
    assert result["claim"].overlap.true_positives == 0


def test_iou_of_exactly_one_half_counts_and_just_under_does_not() -> None:
    assert iou((0, 10), (0, 5)) == 0.5
    assert score([([("claim", 0, 10)], [("claim", 0, 5)])])["claim"].overlap.true_positives == 1
    assert score([([("claim", 0, 10)], [("claim", 0, 4)])])["claim"].overlap.true_positives == 0
    # Touching ranges share no character.
    assert iou((0, 5), (5, 10)) == 0.0


def test_overlap_matching_is_one_to_one() -> None:
    # Two suggestions over one gold span: one is right, the other a false positive.
    result = score([([("location", 0, 10)], [("location", 0, 10), ("location", 0, 9)])])
    assert result["location"].overlap == Prf(0.5, 1.0, pytest.approx(2 / 3), 1)
    # One suggestion over two gold spans: it matches only one of them.
    result = score([([("location", 0, 10), ("location", 0, 9)], [("location", 0, 10)])])
    assert result["location"].overlap == Prf(1.0, 0.5, pytest.approx(2 / 3), 1)


def test_greedy_matching_takes_the_best_pair_first() -> None:
    # Suggestion (0, 10) fits gold A (0, 10) exactly and gold B (0, 12) at 10/12; suggestion
    # (0, 12) fits B exactly and A at 10/12. Matching by IoU pairs both exactly; a first-come
    # match that gave the first suggestion to B would leave A with (0, 12) at 10/12 - still a
    # match - so the counts agree; the order of input must not change them either.
    gold = [("claim", 0, 10), ("claim", 0, 12)]
    forward = score([(gold, [("claim", 0, 12), ("claim", 0, 10)])])
    backward = score([(list(reversed(gold)), [("claim", 0, 10), ("claim", 0, 12)])])
    assert forward == backward
    assert forward["claim"].overlap.true_positives == 2
    # Here greed matters: S (2, 12) fits A (0, 12) at 10/12 and B (4, 12) at 8/10; T (0, 7)
    # fits only A (7/12). Best-first gives S to A (0.833 > 0.8), leaving T unmatched: one pair.
    gold = [("claim", 0, 12), ("claim", 4, 12)]
    result = score([(gold, [("claim", 0, 7), ("claim", 2, 12)])])
    assert result["claim"].overlap.true_positives == 1


def test_counts_add_up_over_documents_before_dividing() -> None:
    documents = [
        ([("location", 0, 5)], [("location", 0, 5)]),
        ([("location", 0, 5), ("location", 6, 9)], []),
    ]
    location = score(documents)["location"]
    assert (location.gold, location.suggested) == (3, 1)
    assert location.exact == Prf(1.0, pytest.approx(1 / 3), 0.5, 1)


def test_a_key_listed_twice_counts_once() -> None:
    location = score([([("location", 0, 5)], [("location", 0, 5), ("location", 0, 5)])])["location"]
    assert location.suggested == 1
    assert location.exact == Prf(1.0, 1.0, 1.0, 1)


def test_format_scores_is_a_plain_table() -> None:
    gold = [("location", 0, 5), ("location", 10, 20), ("source", 30, 40)]
    suggested = [("location", 0, 5), ("location", 12, 20)]
    assert format_scores(score([(gold, suggested)])).splitlines() == [
        "label     gold  sugg  ex P  ex R  ex F1  ov P  ov R  ov F1",
        "location     2     2  0.50  0.50   0.50  1.00  1.00   1.00",
        "source       1     0  0.00  0.00   0.00  0.00  0.00   0.00",
    ]
