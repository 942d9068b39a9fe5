"""Casualty-figure pre-fill: outcome and victim type from real report phrases, and the one
rule for vague words shared by the parser and the help text (issue 9, item 10)."""

from __future__ import annotations

import dataclasses
import json
import re
from pathlib import Path

import pytest

from annotator.core.bundled import EARLIER_RELEASES, as_current
from annotator.core.casualty_prefill import (
    CASUALTY_LABEL,
    attribute_help,
    guess_outcome,
    guess_victim_type,
    prefill,
)
from annotator.core.figures import VAGUE_FLOORS, parse_casualty_figure, vague_rule
from annotator.core.guide import build_guide
from annotator.core.schema import LabelSchema, default_schema, parse_schema

N = None
SCHEMA = default_schema()

# The span is the phrase itself: (phrase, outcome, victim_type).
PHRASES: list[tuple[str, str | None, str | None]] = [
    # From the bundled samples and the issue.
    ("left three Armenian soldiers dead", "killed", "combatant"),
    ("left three soldiers dead", "killed", "combatant"),
    ("over 6,500 lives", "killed", N),
    ("dozens of civilians were wounded", "injured", "civilian"),
    ("two soldiers and a civilian killed", "killed", "mixed"),
    ("two soldiers were captured", "captured", "combatant"),
    ("between 20 and 30 people were injured", "injured", N),
    ("nearly 200 Armenian soldiers and civilians are still listed as missing", "missing", "mixed"),
    ("dozens of servicemen", N, "combatant"),
    # Each verb of the list.
    ("12 troops died", "killed", "combatant"),
    ("four fatalities", "killed", N),
    ("five villagers were killed", "killed", "civilian"),
    ("two children were hurt", "injured", "civilian"),
    ("three rangers wounded", "injured", "combatant"),
    ("six residents injured", "injured", "civilian"),
    ("two servicemen were taken prisoner", "captured", "combatant"),
    ("11 personnel detained", "captured", "combatant"),
    ("a soldier is missing", "missing", "combatant"),
    ("two soldiers fatally wounded", "killed", "combatant"),
    # Ambiguous outcomes fill none.
    ("five people killed and wounded", N, N),
    ("left three soldiers dead and injured four others", N, "combatant"),
    ("dead or missing", N, N),
    # No verb, no victim noun.
    ("about 40", N, N),
    ("12 people", N, N),
    # Counted without saying what happened: unspecified, as the schema's help says.
    ("heavy casualties among the troops", "unspecified", "combatant"),
    ("losses of about 300", "unspecified", N),
    # Whose personnel decides.
    ("12 medical personnel", N, N),
    ("military personnel", N, "combatant"),
]


@pytest.mark.parametrize(("phrase", "outcome", "victim"), PHRASES)
def test_phrase_alone(phrase: str, outcome: str | None, victim: str | None) -> None:
    assert guess_outcome(phrase, 0, len(phrase)) == outcome
    assert guess_victim_type(phrase) == victim


# The span inside its sentence: the verb is outside it. (sentence, span, outcome).
IN_SENTENCES: list[tuple[str, str, str | None]] = [
    (
        "Clashes on the border left three soldiers dead and injured four others.",
        "three soldiers",
        "killed",
    ),
    (
        "Clashes on the border left three soldiers dead and injured four others.",
        "four others",
        "injured",
    ),
    ("Azerbaijani shelling killed two civilians in Tartar.", "two civilians", "killed"),
    ("Three soldiers were wounded and two were killed.", "Three soldiers", "injured"),
    ("Three soldiers were wounded and two were killed.", "two", "killed"),
    ("He said 12 servicemen had been detained at the checkpoint.", "12 servicemen", "captured"),
    ("The war is estimated to have cost over 6,500 lives.", "over 6,500", "killed"),
    # Joined verbs that belong to this figure: ambiguous, and no guess from elsewhere.
    ("The shelling killed and wounded four soldiers.", "four soldiers", N),
    ("Four soldiers were killed or wounded, the ministry said.", "Four soldiers", N),
    # A verb right before another number is that number's, before or after the span.
    ("The strike killed 12 and wounded 30 in Odesa.", "12", "killed"),
    ("The fighting killed 300 people and drove 200,000 refugees out.", "200,000 refugees", N),
    # A verb of another sentence, or too far away, is not this figure's.
    ("Five soldiers died. Two civilians were at the scene.", "Two civilians", N),
    ("Two civilians, the ministry said on Tuesday after a long delay, died.", "Two civilians", N),
]


@pytest.mark.parametrize(("sentence", "span", "outcome"), IN_SENTENCES)
def test_verb_around_the_span(sentence: str, span: str, outcome: str | None) -> None:
    start = sentence.index(span)
    assert guess_outcome(sentence, start, start + len(span)) == outcome


def fill(phrase: str, schema: LabelSchema = SCHEMA, label: str = CASUALTY_LABEL) -> dict:
    return prefill(schema, label, phrase, 0, len(phrase))


def test_prefill_combines_words_and_bounds() -> None:
    assert fill("left three Armenian soldiers dead") == {
        "outcome": "killed",
        "victim_type": "combatant",
        "qualifier": "exact",
        "low": 3,
        "high": 3,
    }
    assert fill("over 6,500 lives") == {"outcome": "killed", "qualifier": "more_than", "low": 6500}
    assert fill("dozens of civilians were wounded") == {
        "outcome": "injured",
        "victim_type": "civilian",
        "qualifier": "vague",
        "low": VAGUE_FLOORS["dozens"],
    }
    assert fill("twelve people") == {"qualifier": "exact", "low": 12, "high": 12}


def test_only_casualty_figures_are_prefilled() -> None:
    assert fill("three soldiers were killed", label="claim") == {}
    assert fill("three soldiers were killed", label="no_such_label") == {}


def test_values_come_from_the_schema() -> None:
    """Every value filled is one the bundled schema lists; a schema lacking a value or an
    attribute gets nothing for it."""
    figure = SCHEMA.label(CASUALTY_LABEL)
    for phrase, _, _ in PHRASES:
        for key, value in fill(phrase).items():
            attribute = figure.attribute(key)
            if attribute.type == "enum":
                assert value in attribute.values, (phrase, key, value)

    def narrowed(attribute_id: str, values: tuple[str, ...] | None) -> LabelSchema:
        kept = tuple(
            dataclasses.replace(a, values=values) if a.id == attribute_id and values else a
            for a in figure.attributes
            if values is not None or a.id != attribute_id
        )
        labels = tuple(
            dataclasses.replace(label, attributes=kept) if label.id == figure.id else label
            for label in SCHEMA.labels
        )
        return dataclasses.replace(SCHEMA, labels=labels)

    no_captured = narrowed("outcome", ("killed", "injured"))
    assert "outcome" not in fill("two soldiers were captured", no_captured)
    assert fill("two soldiers were killed", no_captured)["outcome"] == "killed"
    no_victims = narrowed("victim_type", None)
    assert "victim_type" not in fill("two soldiers were killed", no_victims)
    no_high = narrowed("high", None)
    assert fill("three soldiers", no_high) == {
        "victim_type": "combatant",
        "qualifier": "exact",
        "low": 3,
    }


def test_prefill_never_raises() -> None:
    for text in ("", " ", "\n\n", "killed\u0000", "٣ جنود قتلى", "💥" * 50, "and or and"):
        assert isinstance(prefill(SCHEMA, CASUALTY_LABEL, text, 0, len(text)), dict)


# ---- one rule for vague words ------------------------------------------------------------


def test_the_qualifier_help_states_the_floors_the_parser_uses() -> None:
    qualifier = SCHEMA.label(CASUALTY_LABEL).attribute("qualifier")
    shown = attribute_help(CASUALTY_LABEL, qualifier)
    assert shown.startswith(qualifier.help) and shown.endswith(vague_rule())
    for word, floor in VAGUE_FLOORS.items():
        guess = parse_casualty_figure(f"{word} soldiers")
        assert guess.qualifier == "vague" and guess.low == floor, word
        assert f"'{word}'" in shown
        if floor is not None:
            # The word's floor is the number after its group of words.
            group = re.search(rf"'{re.escape(word)}'(?: / '[a-z ]+')* ([0-9,]+)", shown)
            assert group is not None and int(group[1].replace(",", "")) == floor, word


def test_the_schema_help_itself_states_no_floor_of_its_own() -> None:
    """The bundled schema once said 'dozens' means low 12 while the parser gave 24: the
    numbers now live only in VAGUE_FLOORS."""
    qualifier = SCHEMA.label(CASUALTY_LABEL).attribute("qualifier")
    vague_clause = qualifier.help[qualifier.help.index("vague") :].split(";")[0]
    assert not re.search(r"[0-9]", vague_clause)
    other = SCHEMA.label(CASUALTY_LABEL).attribute("outcome")
    assert attribute_help(CASUALTY_LABEL, other) == other.help


def test_a_database_holding_the_low_12_help_reads_the_current_one() -> None:
    """The release whose help said 'low 12' is an earlier release of the bundled schema."""
    fixture = Path(__file__).resolve().parents[1] / "fixtures" / "schemas"
    raw = json.loads((fixture / "contested-reports-1.0-dozens-low-12.json").read_text("utf-8"))
    old = parse_schema(raw, "old")
    assert "low 12" in old.label(CASUALTY_LABEL).attribute("qualifier").help
    assert old.sha256 in EARLIER_RELEASES
    assert as_current(old) == SCHEMA


def test_the_annotation_guide_states_the_same_floors() -> None:
    guide = build_guide(SCHEMA)
    entry = next(
        e
        for section in guide.sections
        for e in section.entries
        if e.anchor == f"attribute:{CASUALTY_LABEL}.qualifier"
    )
    assert entry.guidance.endswith(vague_rule())
    assert [e.anchor for e in guide.filtered("dozens 24").sections[0].entries] == [entry.anchor]
