"""News-like corpora for the token exports: the bundled samples with spans marked by rule, and
a generated corpus of any size. Shared by the tests, ``scripts/check_consumers.py`` and
``scripts/span_moves.py``.

The spans cover what trips token exports: names before a possessive ``'s`` / ``’s``, numbers
with separators, hyphenated words, contractions, emoji, Armenian and Azerbaijani words,
spans that cross a line or paragraph break, and a few that start inside a word.
"""

from __future__ import annotations

import random
import re

from annotator.core.model import Span, Status, new_uid
from annotator.core.records import NewAnnotationSet, NewDocument, NewSpan
from annotator.core.text import text_sha256
from annotator.io import importers
from annotator.store import Store
from tests.conftest import SAMPLES

PLACES = r"Armenia|Azerbaijan|Gegharkunik|Kalbajar|Moscow|Baku|Yerevan|Stepanakert|Sotk|Geneva"
SOURCES = r"(?:\w+'s |the )?(?:defence|foreign) ministr(?:y|ies)|state media|[A-Z]\w+ Herald"
FIGURES = r"(?:over |nearly |at least |about )?\b(?:\d[\d,]*|two|three|four|dozens of) \w+"


def mark_samples(store: Store) -> None:
    """Import the bundled samples and mark spans in them as "checker" (status done): places,
    sources, casualty figures, claims after "said", a few spans that start inside a word
    and, per paragraph break, a claim that crosses it."""
    importers.import_paths(store, [SAMPLES], actor="checker")
    for info in store.list_documents():
        if not info.doc_id[:2].isdigit():
            continue
        text = store.document(info.id).text
        found: set[tuple[int, int]] = set()

        def mark(
            start: int,
            end: int,
            label: str,
            doc: int = info.id,
            text: str = text,
            seen: set[tuple[int, int]] = found,
        ) -> None:
            if (start, end) not in seen and start < end:
                seen.add((start, end))
                store.add_span(
                    Span(new_uid("s"), doc, "checker", label, start, end, text[start:end])
                )

        for pattern, label in (
            (PLACES, "location"),
            (SOURCES, "source"),
            (FIGURES, "casualty_figure"),
        ):
            for match in re.finditer(
                pattern, text, flags=re.IGNORECASE if label == "source" else 0
            ):
                mark(match.start(), match.end(), label)
        for match in re.finditer(r"\bsaid (?:that )?([^.\n]+)", text):
            mark(match.start(1), match.end(1), "claim")
        for match in re.finditer(r"(?<=\. )[A-Z][^.\n]*\.\n+[^.\n]+", text):
            mark(match.start(), match.end(), "claim")  # crosses a paragraph break
        for match in re.finditer(r"Yerevan|Baku", text):
            mark(match.start() + 1, match.end(), "location")  # starts inside the word
        store.set_status(info.id, "checker", Status.DONE)


LABELS = ("claim", "source", "casualty_figure", "location")
NAMES = [
    "Azerbaijan", "Armenia", "Baku", "Yerevan", "Kəlbəcər", "Գեղարքունիք", "Russia",
    "the defence ministry", "the OSCE", "Stepanakert", "Şuşa", "the Caspian Wire",
]  # fmt: skip
WORDS = (  # noqa: SIM905
    "forces shelled positions near the border village overnight and officials reported "
    "that soldiers were killed in clashes according to statements on Thursday while talks "
    "continued ceasefire holding accused denied responsibility residents heard gunfire"
).split()
OTHER = [
    "6,500", "3.5", "120mm", "Armenian-Azerbaijani", "don't", "it's", "2024-02-05", "O'Brien",
    "soldiers'", "📍", "👩\u200d🚒", "Ռուսաստան", "qəsəbə",
]  # fmt: skip


def make_text(rng: random.Random) -> tuple[str, list[tuple[int, int]]]:
    """About 1,500 characters and the spans to mark: (start, end) on word edges."""
    out: list[str] = []
    units: list[tuple[int, int]] = []  # one per name or word, without a possessive
    spans: list[tuple[int, int]] = []
    size = 0

    def put(piece: str) -> int:
        nonlocal size
        out.append(piece)
        size += len(piece)
        return size

    previous: list[tuple[int, int]] = []  # the units of the sentence before
    while size < 1500:
        first_unit = len(units)
        for _ in range(rng.randrange(6, 16)):
            kind = rng.random()
            if kind < 0.25:
                name = rng.choice(NAMES)
                start = size
                units.append((start, put(name)))
                if rng.random() < 0.5:
                    put(rng.choice(["'s", "’s", "'S"] if name.isupper() else ["'s", "’s"]))
            elif kind < 0.4:
                units.append((size, put(rng.choice(OTHER))))
            else:
                units.append((size, put(rng.choice(WORDS))))
            if rng.random() < 0.08:
                put(rng.choice([",", ";", ":"]))
            put(" ")
        out[-1] = rng.choice([".", "!", "?", '."', ")."])
        size += len(out[-1]) - 1
        sentence = units[first_unit:]
        for _ in range(3):
            i = rng.randrange(len(sentence))
            j = min(len(sentence) - 1, i + rng.randrange(4))
            spans.append((sentence[i][0], sentence[j][1]))
        if previous and rng.random() < 0.5:  # over the break before this sentence
            spans.append((previous[-2][0], sentence[1][1]))
        previous = sentence
        put(rng.choice([" ", " ", "\n\n", "\n"]))
    return "".join(out), spans


def add_generated(store: Store, documents: int, seed: int = 7) -> None:
    """``documents`` generated texts with spans (the four labels in turn) by "gen", status
    done."""
    rng = random.Random(seed)
    when = "2025-01-01T00:00:00Z"
    batch: list[NewDocument] = []
    for number in range(documents):
        text, marked = make_text(rng)
        if rng.random() < 0.2:  # a span that starts inside a word (not on word edges)
            start, end = marked[0]
            if end - start > 2:
                marked.append((start + 1, end))
        spans = tuple(
            NewSpan(f"g{number}-{k}", LABELS[k % 4], s, e, text[s:e], {}, "", when, when)
            for k, (s, e) in enumerate(dict.fromkeys(marked))
        )
        work = NewAnnotationSet("gen", Status.DONE, when, spans, ())
        batch.append(
            NewDocument(f"gen-{number:05}", "", text, text_sha256(text), {}, "gen", (work,))
        )
        if len(batch) == 500:
            store.import_documents(batch, actor="gen", source="gen")
            batch = []
    if batch:
        store.import_documents(batch, actor="gen", source="gen")
