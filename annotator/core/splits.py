"""Deterministic document-level train/validation/test splits.

``--split train=0.8,validation=0.1,test=0.1 --seed 13`` assigns every exported document (all
of its annotators' versions together, so no text leaks across splits) to one split:

1. Each document gets a rank key, the SHA-256 of ``"<seed>:<text_sha256>"``. It depends only
   on the seed and the document's canonical text, never on import order, database ids or
   file names, so the same corpus and seed give the same split on any machine.
2. Documents are sorted by that key, and the sorted list is cut in the order the splits were
   given: with ``n`` documents and cumulative fractions ``F1 < F2 < ... = 1``, split ``k``
   takes the documents ranked ``[round(n*F(k-1)), round(n*Fk))`` (halves round up). So the
   sizes are exact proportions, off by less than one document each, and always add up to n.

Adding documents to a corpus moves at most a few of the old ones to a neighbouring split (the
cut points shift); removing none keeps the order of the rest.
"""

from __future__ import annotations

import hashlib
import math
import re
from collections.abc import Iterable, Mapping

from annotator.errors import UserError

DEFAULT_SEED = 13
_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_-]{0,31}")


def parse_split_spec(spec: str) -> dict[str, float]:
    """``"train=0.8,validation=0.1,test=0.1"`` -> ``{"train": 0.8, ...}`` in the given order.

    Names are letters, digits, ``_`` and ``-`` (they become file names), each used once;
    fractions are numbers above 0 that add up to 1 (within 1e-9). ``UserError`` otherwise.
    """
    result: dict[str, float] = {}
    if not spec.strip():
        raise UserError("--split: empty (expected e.g. train=0.8,validation=0.1,test=0.1)")
    for part in spec.split(","):
        name, sep, value = part.partition("=")
        name, value = name.strip(), value.strip()
        if not sep or not name or not value:
            raise UserError(f"--split: {part.strip()!r} is not NAME=FRACTION")
        if not _NAME.fullmatch(name):
            raise UserError(
                f"--split: {name!r} is not a split name (a letter, then letters, digits, _ or -)"
            )
        if name in result:
            raise UserError(f"--split: {name!r} is given twice")
        try:
            fraction = float(value)
        except ValueError:
            raise UserError(f"--split: {name}={value}: {value!r} is not a number") from None
        if not math.isfinite(fraction) or not 0 < fraction <= 1:
            raise UserError(f"--split: {name}={value}: a fraction must be above 0 and at most 1")
        result[name] = fraction
    return validate_split(result)


def validate_split(fractions: Mapping[str, float]) -> dict[str, float]:
    """Check a split given as a mapping (from the GUI, say); returns it as a dict."""
    if not fractions:
        raise UserError("--split: no splits given")
    for name, fraction in fractions.items():
        if not _NAME.fullmatch(name):
            raise UserError(f"--split: {name!r} is not a split name")
        if not math.isfinite(fraction) or not 0 < fraction <= 1:
            raise UserError(f"--split: {name}={fraction}: a fraction must be above 0 and at most 1")
    total = math.fsum(fractions.values())
    if abs(total - 1) > 1e-9:
        raise UserError(f"--split: the fractions add up to {total:g}, not 1")
    return dict(fractions)


def rank_key(seed: int, text_sha256: str) -> str:
    """The sort key of one document under one seed."""
    return hashlib.sha256(f"{seed}:{text_sha256}".encode("ascii")).hexdigest()


def assign_splits(
    text_sha256s: Iterable[str], fractions: Mapping[str, float], seed: int = DEFAULT_SEED
) -> dict[str, str]:
    """``text_sha256`` -> split name for every distinct document (see the module docstring)."""
    ranked = sorted(set(text_sha256s), key=lambda sha: (rank_key(seed, sha), sha))
    count = len(ranked)
    result: dict[str, str] = {}
    cumulative = 0.0
    first = 0
    names = list(fractions)
    for index, name in enumerate(names):
        cumulative = math.fsum([cumulative, fractions[name]])
        last = (
            count if index == len(names) - 1 else min(count, math.floor(count * cumulative + 0.5))
        )
        for sha in ranked[first:last]:
            result[sha] = name
        first = max(first, last)
    return result


def split_sizes(assignment: Mapping[str, str], fractions: Mapping[str, float]) -> dict[str, int]:
    """Documents per split, in the spec's order (splits left empty count 0)."""
    sizes = dict.fromkeys(fractions, 0)
    for name in assignment.values():
        sizes[name] += 1
    return sizes
