"""Handing documents out to annotators (issue 12): pure planning on plain values, no SQL.

``plan`` gives every document to one annotator and an ``overlap`` fraction of them to two, so
that agreement can be measured. It is deterministic: the same documents, annotators, overlap
and seed give the same plan, whatever their order and on any engine, because every choice is
ordered by a hash of the seed and the names (never ``random``'s global state). Loads are
balanced. Run again on a plan in use (annotators added or removed, documents imported), it
keeps every assignment with work (in progress, done or skipped) and moves as few untouched
ones as the new balance needs.
"""

from __future__ import annotations

import hashlib
import heapq
import math
from collections import Counter
from collections.abc import Collection, Mapping
from dataclasses import dataclass

from annotator.core.display import printable
from annotator.core.model import GOLD, Status
from annotator.errors import UserError

Existing = Mapping[str, Mapping[str, Status]]
"""document key -> annotator assigned to it -> their status there (``todo`` without work)."""

WORKED = frozenset({Status.IN_PROGRESS, Status.DONE, Status.SKIPPED})
"""Statuses that mean an annotator has touched a document: such an assignment is kept."""

MAX_NAME_BYTES = 63  # a team server's login role is named after the annotator (PostgreSQL)


@dataclass(frozen=True)
class Plan:
    """document key -> the annotators it is given to (sorted)."""

    assignments: Mapping[str, tuple[str, ...]]

    def loads(self) -> Counter[str]:
        return Counter(name for names in self.assignments.values() for name in names)

    def shared(self) -> int:
        """How many documents go to two or more annotators (the overlap)."""
        return sum(1 for names in self.assignments.values() if len(names) >= 2)


@dataclass(frozen=True)
class Changes:
    """What a plan changes in the assignments it was planned on, as (document, annotator)."""

    added: frozenset[tuple[str, str]]
    removed: frozenset[tuple[str, str]]
    kept_with_work: int
    kept_untouched: int


@dataclass(frozen=True)
class Progress:
    """One annotator's assigned documents by their status there (no status row: to do)."""

    annotator: str
    done: int = 0
    in_progress: int = 0
    skipped: int = 0
    todo: int = 0

    @property
    def assigned(self) -> int:
        return self.done + self.in_progress + self.skipped + self.todo

    def to_json(self) -> dict[str, int]:
        return {
            "assigned": self.assigned,
            "done": self.done,
            "in_progress": self.in_progress,
            "skipped": self.skipped,
            "todo": self.todo,
        }


def parse_annotators(text: str) -> tuple[str, ...]:
    """``a,b,c`` as names (spaces around each dropped); ``UserError`` saying what is wrong."""
    names = tuple(part.strip() for part in text.split(","))
    if not any(names):
        raise UserError("--annotators needs one or more names, such as alice,bob")
    for name in names:
        if not name:
            raise UserError(f"--annotators '{printable(text)}' has an empty name")
        if printable(name) != name:
            raise UserError(f"annotator name '{printable(name)}' holds a control character")
        if len(name.encode()) > MAX_NAME_BYTES:
            raise UserError(
                f"annotator name '{printable(name[:20])}…' is over {MAX_NAME_BYTES} bytes"
            )
        if name.casefold() == GOLD:
            raise UserError(f"{GOLD!r} is the adjudicated set, not an annotator to assign")
    repeated = sorted(name for name, n in Counter(names).items() if n > 1)
    if repeated:
        raise UserError(f"annotator '{repeated[0]}' is named twice in --annotators")
    return names


def parse_overlap(text: str) -> float:
    """A fraction in [0, 1] (``0.2``); ``UserError`` otherwise."""
    try:
        value = float(text)
    except ValueError:
        raise UserError(
            f"--overlap '{printable(text)}' is not a number (use 0.2 for 20%)"
        ) from None
    if not 0 <= value <= 1:  # also refuses nan
        raise UserError(f"--overlap '{printable(text)}' is outside 0 to 1 (use 0.2 for 20%)")
    return value


def _rank(seed: int, *parts: str) -> int:
    """128 bits from the seed and ``parts``: the same on every machine and run."""
    key = "\x1f".join((str(seed), *parts)).encode("utf-8", "surrogatepass")
    return int.from_bytes(hashlib.blake2b(key, digest_size=16).digest(), "big")


_LOW = (1 << 64) - 1


def shared_count(documents: int, overlap: float, annotators: int) -> int:
    """How many of ``documents`` a fresh plan gives to two annotators (half rounds up)."""
    return math.floor(overlap * documents + 0.5) if annotators >= 2 else 0


def plan(
    documents: Collection[str],
    annotators: Collection[str],
    overlap: float,
    seed: int = 0,
    existing: Existing | None = None,
) -> Plan:
    """Every document to one annotator, ``overlap`` of them (rounded) to two.

    ``existing`` is the plan in use with each assigned annotator's status. Assignments of
    listed annotators with work are kept whatever the balance; untouched ones are kept while
    their annotator's new load allows; annotators not listed lose theirs. Loads then differ
    by at most one, unless kept work alone makes someone's load higher."""
    docs = sorted(set(documents))
    names = sorted(set(annotators))
    if not names:
        raise ValueError("no annotators to assign documents to")
    if not 0 <= overlap <= 1:
        raise ValueError(f"overlap {overlap} is outside 0 to 1")
    listed = set(names)
    worked: dict[str, list[str]] = {}
    untouched: dict[str, list[str]] = {}
    for doc, held in (existing or {}).items():
        for name, status in held.items():
            if name in listed:
                (worked if status in WORKED else untouched).setdefault(doc, []).append(name)

    # One hash per document orders it (low bits) and picks its annotators (high bits).
    ranks = {doc: _rank(seed, doc) for doc in docs}

    def shared_first(doc: str) -> tuple[int, int]:
        # Documents that already have two annotators stay shared: fewer moves.
        with_work = len(worked.get(doc, ()))
        held = with_work + len(untouched.get(doc, ()))
        return (0 if with_work >= 2 else 1 if held >= 2 else 2, ranks[doc] & _LOW)

    shared = set(sorted(docs, key=shared_first)[: shared_count(len(docs), overlap, len(names))])
    need = {doc: max(2 if doc in shared else 1, len(worked.get(doc, ()))) for doc in docs}
    fixed = Counter(name for doc in docs for name in worked.get(doc, ()))
    holding = fixed + Counter(name for doc in docs for name in untouched.get(doc, ()))
    targets = _targets(names, sum(need.values()), fixed, holding, seed)
    room = {name: targets[name] - fixed[name] for name in names}
    chosen = {doc: list(worked.get(doc, ())) for doc in docs}
    _keep_untouched(untouched, need, chosen, room, ranks)
    _spread_open_places(docs, untouched, need, chosen)
    _fill(docs, names, untouched, need, chosen, room, ranks)
    return Plan({doc: tuple(sorted(chosen[doc])) for doc in docs})


def _targets(
    names: list[str], total: int, fixed: Counter[str], holding: Counter[str], seed: int
) -> dict[str, int]:
    """Each annotator's load: their kept work at least, the rest poured onto the lowest;
    among equals the one holding more documents now is filled first (fewer moves)."""
    targets = {name: fixed[name] for name in names}
    heap = [(targets[n], -holding[n], _rank(seed, "annotator", n), n) for n in names]
    heapq.heapify(heap)
    for _ in range(total - sum(targets.values())):
        load, minus_holding, rank, name = heapq.heappop(heap)
        targets[name] = load + 1
        heapq.heappush(heap, (load + 1, minus_holding, rank, name))
    return targets


def _keep_untouched(
    untouched: dict[str, list[str]],
    need: dict[str, int],
    chosen: dict[str, list[str]],
    room: dict[str, int],
    ranks: dict[str, int],
) -> None:
    """Keep untouched assignments while the document needs them and their annotator has
    room. An annotator over their new load gives up, in this order: places on documents
    that need fewer annotators now, then single documents, then the second place of shared
    ones. So a shared document rarely loses both, and one new annotator can take every
    place given up (they can hold only one place per document)."""
    offers: list[tuple[int, str, str]] = []  # (order as one number, document, annotator)
    for doc, names in untouched.items():
        if doc not in need:
            continue
        held = sorted(names) if len(names) > 1 else names
        crowded = len(held) + len(chosen[doc]) > need[doc]
        first = (ranks[doc] >> 64) % len(held)
        order = (crowded << 70) | ((need[doc] == 1) << 69) | (ranks[doc] & _LOW)
        for place, name in enumerate(held[first:] + held[:first]):
            offers.append((order | (min(place, 31) << 64), doc, name))
    offers.sort()
    for _, doc, name in offers:
        if room[name] > 0 and len(chosen[doc]) < need[doc]:
            chosen[doc].append(name)
            room[name] -= 1


def _spread_open_places(
    docs: list[str],
    untouched: dict[str, list[str]],
    need: dict[str, int],
    chosen: dict[str, list[str]],
) -> None:
    """Where a shared document lost both its holders, one of them takes it back and gives
    up instead one of their documents that then lacks only one annotator. Their load and
    the number of moves stay the same, but a single newcomer can now take every place
    given up (one place per document)."""
    kept_by: dict[str, list[str]] = {}
    for doc in docs:
        for name in chosen[doc]:
            if name in untouched.get(doc, ()):
                kept_by.setdefault(name, []).append(doc)
    for doc in docs:
        for holder in untouched.get(doc, ()):
            if need[doc] - len(chosen[doc]) < 2 or holder in chosen[doc]:
                continue
            other = next((d for d in kept_by.get(holder, ()) if len(chosen[d]) == need[d]), None)
            if other is not None:
                chosen[other].remove(holder)
                kept_by[holder].remove(other)
                chosen[doc].append(holder)
                kept_by[holder].append(doc)


def _fill(
    docs: list[str],
    names: list[str],
    untouched: dict[str, list[str]],
    need: dict[str, int],
    chosen: dict[str, list[str]],
    room: dict[str, int],
    ranks: dict[str, int],
) -> None:
    """Give each open place to an annotator with the most room left who is not on the
    document yet. Documents with the most open places go first: that greedy order always
    meets the loads when any assignment can (Gale-Ryser). Among equals the document's hash
    draws one, so shared documents pair everyone with everyone about equally often."""
    open_docs = [doc for doc in docs if len(chosen[doc]) < need[doc]]
    open_docs.sort(key=lambda doc: (len(chosen[doc]) - need[doc], ranks[doc] & _LOW))
    by_room = room.__getitem__
    for doc in open_docs:
        on = chosen[doc]
        bits = ranks[doc] >> 64
        for _ in range(need[doc] - len(on)):
            free = [name for name in names if name not in on] if on else names
            if not free:  # every annotator is on it already
                break
            most = max(map(by_room, free))
            if most <= 0:  # nobody free has room: an earlier holder stays rather than move
                free = [name for name in untouched.get(doc, ()) if name not in on] or free
                most = max(map(by_room, free))
            best = [name for name in free if room[name] == most]
            bits, drawn = divmod(bits, len(best))
            on.append(best[drawn])
            room[best[drawn]] -= 1


def changes(existing: Existing, planned: Plan) -> Changes:
    """What writing ``planned`` over ``existing`` (the same documents) adds and removes."""
    before = {(doc, name) for doc, held in existing.items() for name in held}
    after = {(doc, name) for doc, held in planned.assignments.items() for name in held}
    with_work = {
        (doc, name)
        for doc, held in existing.items()
        for name, status in held.items()
        if status in WORKED
    }
    kept = before & after
    return Changes(
        added=frozenset(after - before),
        removed=frozenset(before - after),
        kept_with_work=len(kept & with_work),
        kept_untouched=len(kept - with_work),
    )


__all__ = [
    "WORKED",
    "Changes",
    "Existing",
    "Plan",
    "Progress",
    "changes",
    "parse_annotators",
    "parse_overlap",
    "plan",
    "shared_count",
]
