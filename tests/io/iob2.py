"""A strict IOB2 reader for the tests: what seqeval's strict mode (``mode="strict",
scheme=IOB2``) accepts, written out so that the tests need no third-party package.

In strict IOB2 every entity starts with ``B-X`` and goes on with ``I-X`` of the same type; an
``I-`` at the start of a sentence, after ``O`` or after another type is invalid (lenient
readers each guess differently what it means, so the entity counts disagree).
"""

from __future__ import annotations

from pathlib import Path


def problems(sentence: list[str]) -> list[str]:
    """Every way ``sentence`` (its tags) breaks strict IOB2, as readable phrases."""
    found: list[str] = []
    previous = "O"
    for position, tag in enumerate(sentence):
        if tag != "O" and (tag[:2] not in ("B-", "I-") or len(tag) < 3):
            found.append(f"tag {position} {tag!r} is not O, B-X or I-X")
        elif tag.startswith("I-") and previous[2:] != tag[2:]:
            found.append(f"tag {position} {tag!r} follows {previous!r}")
        previous = tag
    return found


def entities(sentence: list[str]) -> list[tuple[str, int, int]]:
    """The entities of a valid IOB2 sentence: (type, first, last) token positions."""
    found: list[tuple[str, int, int]] = []
    for position, tag in enumerate(sentence):
        if tag.startswith("B-"):
            found.append((tag[2:], position, position))
        elif tag.startswith("I-"):
            kind, first, _ = found[-1]
            found[-1] = (kind, first, position)
    return found


def conll_sentences(path: Path) -> list[list[str]]:
    """The tag column of a CoNLL file, one list per sentence (blank lines separate them;
    ``-DOCSTART-`` lines are no sentence)."""
    sentences: list[list[str]] = []
    current: list[str] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("-DOCSTART-"):
            if current:
                sentences.append(current)
            current = []
            continue
        columns = line.split(" ")
        assert len(columns) == 4, line
        current.append(columns[-1])
    if current:
        sentences.append(current)
    return sentences
