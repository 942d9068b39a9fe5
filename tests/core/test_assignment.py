"""Assignment planning (issue 12): coverage, overlap, balance, determinism, and rebalancing
that keeps work and moves only what the new balance needs, checked by property."""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.core.assignment import (
    WORKED,
    Plan,
    changes,
    parse_annotators,
    parse_overlap,
    plan,
    shared_count,
)
from annotator.core.model import Status
from annotator.errors import UserError

documents = st.sets(st.integers(0, 10**6), max_size=80).map(
    lambda keys: [f"doc-{key}" for key in keys]
)
teams = st.integers(1, 7).map(lambda n: [f"annotator {i}" for i in range(n)])
overlaps = st.floats(0, 1)
seeds = st.integers(0, 2**40)
statuses = st.sampled_from(list(Status))
InUse = tuple[list[str], list[str], float, int, dict[str, dict[str, Status]]]


def check_fresh(made: Plan, docs: list[str], names: list[str], overlap: float) -> None:
    assert set(made.assignments) == set(docs)
    for held in made.assignments.values():
        assert 1 <= len(held) <= 2 and len(set(held)) == len(held)
        assert set(held) <= set(names)
    assert made.shared() == shared_count(len(docs), overlap, len(names))
    assert abs(made.shared() - overlap * len(docs)) <= 0.5 or len(names) == 1
    loads = [made.loads()[name] for name in names]
    assert max(loads) - min(loads) <= 1


@settings(max_examples=150)
@given(documents, teams, overlaps, seeds)
def test_a_fresh_plan_covers_every_document_with_the_overlap_asked_and_even_loads(
    docs: list[str], names: list[str], overlap: float, seed: int
) -> None:
    check_fresh(plan(docs, names, overlap, seed), docs, names, overlap)


@settings(max_examples=60)
@given(documents, teams, overlaps, seeds, st.randoms(use_true_random=False))
def test_a_plan_depends_on_its_inputs_and_seed_only_not_on_their_order(
    docs: list[str], names: list[str], overlap: float, seed: int, shuffler: random.Random
) -> None:
    first = plan(docs, names, overlap, seed)
    shuffled_docs, shuffled_names = list(docs), list(names)
    shuffler.shuffle(shuffled_docs)
    shuffler.shuffle(shuffled_names)
    assert plan(shuffled_docs, shuffled_names, overlap, seed) == first


def test_the_seed_changes_who_gets_what_and_the_same_seed_does_not() -> None:
    docs = [f"doc-{i}" for i in range(60)]
    names = ["alice", "bob", "carol"]
    plans = {seed: plan(docs, names, 0.2, seed).assignments for seed in range(4)}
    assert len({tuple(sorted(made.items())) for made in plans.values()}) == 4
    assert plan(docs, names, 0.2, 3).assignments == plans[3]


def test_shared_documents_pair_every_two_annotators() -> None:
    made = plan([f"doc-{i}" for i in range(600)], ["a", "b", "c", "d", "e"], 0.5, 1)
    pairs = {held for held in made.assignments.values() if len(held) == 2}
    assert len(pairs) == 10  # every one of the 5 * 4 / 2 pairs


@st.composite
def plans_in_use(draw: st.DrawFn) -> InUse:
    """A plan made earlier, with a status drawn for each of its assignments."""
    docs = draw(documents)
    names = draw(teams)
    overlap, seed = draw(overlaps), draw(seeds)
    earlier = plan(docs, names, overlap, seed)
    existing = {
        doc: {name: draw(statuses) for name in held} for doc, held in earlier.assignments.items()
    }
    return docs, names, overlap, seed, existing


@settings(max_examples=150)
@given(plans_in_use(), st.integers(1, 3))
def test_adding_annotators_keeps_work_and_moves_only_untouched_documents_to_them(
    in_use: InUse, added: int
) -> None:
    docs, names, overlap, seed, existing = in_use
    newcomers = [f"new {i}" for i in range(added)]
    again = plan(docs, names + newcomers, overlap, seed, existing)
    change = changes(existing, again)
    worked = {(d, n) for d, held in existing.items() for n, s in held.items() if s in WORKED}
    assert worked <= {(d, n) for d, held in again.assignments.items() for n in held}
    assert not change.removed & worked  # only untouched assignments move
    # Every move goes to a newcomer: nobody else gains, so nothing moves that need not.
    assert {name for _, name in change.added} <= set(newcomers)
    assert change.kept_with_work == len(worked)
    shared_before = sum(1 for held in existing.values() if len(held) >= 2)
    assert again.shared() == shared_count(len(docs), overlap, len(names) + added)
    # Places added beyond those given up are the second places of newly shared documents
    # (a team of one had none).
    assert len(change.added) - len(change.removed) == again.shared() - shared_before
    assert set(again.assignments) == set(docs)


@settings(max_examples=100)
@given(plans_in_use())
def test_adding_an_annotator_to_untouched_plan_balances_loads_again(
    in_use: InUse,
) -> None:
    docs, names, overlap, seed, existing = in_use
    untouched = {doc: dict.fromkeys(held, Status.TODO) for doc, held in existing.items()}
    again = plan(docs, [*names, "newcomer"], overlap, seed, untouched)
    loads = [again.loads()[name] for name in [*names, "newcomer"]]
    assert max(loads) - min(loads) <= 1
    moved = changes(untouched, again)
    # The fewest moves that even loads allow: each earlier annotator gives up only their
    # load above the new one's.
    earlier = plan(docs, names, overlap, seed).loads()
    assert len(moved.removed) == sum(max(0, earlier[n] - again.loads()[n]) for n in names)


def test_a_plan_run_again_unchanged_changes_nothing() -> None:
    docs = [f"doc-{i}" for i in range(50)]
    made = plan(docs, ["a", "b", "c"], 0.3, 9)
    existing = {doc: dict.fromkeys(held, Status.TODO) for doc, held in made.assignments.items()}
    again = plan(docs, ["a", "b", "c"], 0.3, 9, existing)
    assert again == made
    assert changes(existing, again).added == frozenset()


def test_an_annotator_no_longer_listed_loses_even_started_documents() -> None:
    docs = [f"doc-{i}" for i in range(30)]
    made = plan(docs, ["a", "b", "c"], 0.0, 1)
    existing = {doc: dict.fromkeys(held, Status.DONE) for doc, held in made.assignments.items()}
    again = plan(docs, ["a", "b"], 0.0, 1, existing)
    assert again.loads() == {"a": 15, "b": 15} and "c" not in again.loads()
    kept = changes(existing, again)
    assert kept.kept_with_work == 20  # a's and b's done documents stay theirs


def test_newly_imported_documents_are_spread_and_the_old_ones_stay() -> None:
    docs = [f"doc-{i}" for i in range(40)]
    made = plan(docs, ["a", "b"], 0.25, 2)
    existing = {doc: dict.fromkeys(held, Status.TODO) for doc, held in made.assignments.items()}
    more = [*docs, *(f"new-{i}" for i in range(20))]
    again = plan(more, ["a", "b"], 0.25, 2, existing)
    for doc, held in made.assignments.items():  # some single ones now shared
        assert set(held) <= set(again.assignments[doc])
    assert again.shared() == 15 and sorted(again.loads().values()) == [37, 38]


@pytest.mark.parametrize(
    ("given", "problem"),
    [
        ("", "needs one or more names"),
        (" , ", "needs one or more names"),
        ("alice,,bob", "has an empty name"),
        ("alice,bob,alice", "'alice' is named twice"),
        ("gold", "the adjudicated set"),
        ("alice,Gold", "the adjudicated set"),
        ("ali\nce", "'ali\\nce' holds a control character"),
        ("a" * 64, "over 63 bytes"),
        ("é" * 32, "over 63 bytes"),
    ],
)
def test_bad_annotator_lists_are_refused_saying_why(given: str, problem: str) -> None:
    with pytest.raises(UserError, match=problem.replace("\\", "\\\\")):
        parse_annotators(given)


def test_annotator_lists_are_trimmed() -> None:
    assert parse_annotators(" alice , Bob Smith,carol ") == ("alice", "Bob Smith", "carol")


@pytest.mark.parametrize("given", ["-0.1", "1.5", "nan", "inf", "20%", "x"])
def test_overlaps_outside_zero_to_one_are_refused(given: str) -> None:
    with pytest.raises(UserError, match="--overlap"):
        parse_overlap(given)


def test_overlaps_inside_are_read() -> None:
    assert [parse_overlap(text) for text in ("0", "0.2", "1", "1e-1")] == [0, 0.2, 1, 0.1]
