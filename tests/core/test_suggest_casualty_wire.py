"""The casualty-figure suggester on wire-copy forms beyond the dev gold (issue 13): a
dateline before the figure, thousands grouped by spaces, a total with its breakdown between
dashes, a subject far from its passive verb, the hospitalised and the displaced, and nouns
that stand as adjectives ("an official convoy"), nominal "six dead", tolls that may pass
a figure, a share of a group ("most of those aboard") and passives chained by "and".
Sentences invented in the style of wire reports."""

from __future__ import annotations

from typing import Any

import pytest

from annotator.core.suggest.casualty import find_figures

N = None

FIGURES: list[tuple[str, list[tuple[str, dict[str, Any]]]]] = [
    (
        "MAPUTO: Twelve people have been killed in an attack on a village, police said.",
        [("Twelve people", {"outcome": "killed", "low": 12})],
    ),
    (
        "More than 3 000 people have been killed since 2017.",
        [("More than 3 000 people", {"qualifier": "more_than", "low": 3000, "high": N})],
    ),
    (
        "YAOUNDE -- At least three people - a soldier and two civilians - have been killed.",
        [
            ("At least three people", {"outcome": "killed", "qualifier": "at_least", "low": 3}),
            ("a soldier", {"outcome": "killed", "victim_type": "combatant"}),
            ("two civilians", {"outcome": "killed", "victim_type": "civilian"}),
        ],
    ),
    (
        "Two soldiers and an unknown number of rebels opposed to the peace deal with the "
        "government were killed in a clash on Thursday.",
        [
            ("Two soldiers", {"outcome": "killed", "low": 2}),
            ("an unknown number of rebels", {"outcome": "killed", "qualifier": "vague"}),
        ],
    ),
    (
        "A 55-year-old man was killed and five others were taken to hospital.",
        [
            ("A 55-year-old man", {"outcome": "killed", "low": 1}),
            ("five others", {"outcome": "injured", "low": 5}),
        ],
    ),
    (
        "Two people were killed and 12 were hospitalised.",
        [("Two people", {"outcome": "killed"}), ("12", {"outcome": "injured", "low": 12})],
    ),
    (
        "Thousands of civilians have died and hundreds of thousands of people have fled.",
        [("Thousands of civilians", {"outcome": "killed", "qualifier": "vague"})],
    ),
    (
        "Four soldiers and a civilian were killed when an official convoy was hit.",
        [("Four soldiers", {"outcome": "killed"}), ("a civilian", {"outcome": "killed"})],
    ),
    (
        "Three people were killed in a separatist attack; a rebel commander was wounded.",
        [("Three people", {"outcome": "killed"}), ("a rebel commander", {"outcome": "injured"})],
    ),
    (
        "“Two sergeants and a non-commissioned officer from the battalion were killed,” the "
        "army said.",
        [
            ("Two sergeants", {"outcome": "killed", "victim_type": "combatant"}),
            ("a non-commissioned officer", {"outcome": "killed", "low": 1}),
        ],
    ),
    (
        "A schoolteacher and a student were also among the dead.",
        [("A schoolteacher", {"outcome": "killed"}), ("a student", {"outcome": "killed"})],
    ),
    (
        "Gunmen killed at least 70 people on Thursday, including 10 women and three infants.",
        [
            ("at least 70 people", {"outcome": "killed"}),
            ("10 women", {"outcome": "killed"}),
            ("three infants", {"outcome": "killed"}),
        ],
    ),
    (
        "Libyan authorities say the death toll from fighting between rival armed groups in the "
        "capital has climbed to at least 96 people.",
        [("at least 96 people", {"outcome": "killed", "qualifier": "at_least", "low": 96})],
    ),
    (
        "The insurgency has claimed thousands of military and civilian lives since 2012.",
        [("thousands of military and civilian lives", {"outcome": "killed", "low": 2000})],
    ),
    (
        "The bomb detonated, killing two passers-by and wounding five.",
        [("two passers-by", {"outcome": "killed"}), ("five", {"outcome": "injured"})],
    ),
    (
        "The attack left over 200 wounded and more than 25 martyrs.",
        [
            ("over 200", {"outcome": "injured", "low": 200}),
            ("more than 25 martyrs", {"outcome": "killed", "qualifier": "more_than"}),
        ],
    ),
    (
        "Three children among 10 dead in Gaza strike",
        [("Three children", {"outcome": "killed"}), ("10", {"outcome": "killed"})],
    ),
    (
        "A senior commander, his driver and a guard were killed in the attack.",
        [("A senior commander", {"outcome": "killed"}), ("a guard", {"outcome": "killed"})],
    ),
    (
        "The number of civilians killed in an air strike in the region has risen to 51 with 33 "
        "people still unaccounted for.",
        [("51", {"outcome": "killed", "low": 51}), ("33 people", {"outcome": "missing"})],
    ),
    (
        "One of those killed was a nurse, officials said.",
        [("a nurse", {"outcome": "killed", "low": 1})],
    ),
    (
        "“They killed a lot of people,” the official said.",
        [("a lot of people", {"outcome": "killed", "qualifier": "vague", "low": N})],
    ),
    # "dead" after a bare number is a noun, and a participle beside it is one too
    (
        "Police gave a toll of eight dead and several wounded.",
        [
            ("eight dead", {"outcome": "killed", "low": 8}),
            ("several wounded", {"outcome": "injured", "qualifier": "vague", "low": 3}),
        ],
    ),
    # an elided passive keeps the number alone: "killed and [12] (were) wounded"
    (
        "Four people were killed and 12 wounded.",
        [("Four people", {"outcome": "killed"}), ("12", {"outcome": "injured", "low": 12})],
    ),
    (
        "Officials said the death toll could exceed 40.",
        [("40", {"outcome": "killed", "low": 40})],
    ),
    (
        "The army said the operation led to the neutralisation of dozens of attackers.",
        [("dozens of attackers", {"outcome": "killed", "victim_type": "combatant"})],
    ),
    (
        "The mine tore through the minibus and killed most of those aboard.",
        [("most of those aboard", {"outcome": "killed", "qualifier": "vague", "low": N})],
    ),
    (
        "At least nine people, including a retired colonel, were killed in the raid.",
        [
            ("At least nine people", {"outcome": "killed", "low": 9}),
            ("a retired colonel", {"outcome": "killed", "low": 1, "victim_type": "combatant"}),
        ],
    ),
    (
        "Near the river, three fishermen were seized by gunmen and were later executed.",
        [("three fishermen", {"outcome": "killed", "low": 3})],
    ),
]


@pytest.mark.parametrize(("sentence", "expected"), FIGURES, ids=[s[:40] for s, _ in FIGURES])
def test_figures_and_their_attributes(
    sentence: str, expected: list[tuple[str, dict[str, Any]]]
) -> None:
    assert_figures(sentence, expected)


def assert_figures(sentence: str, expected: list[tuple[str, dict[str, Any]]]) -> None:
    """``sentence`` yields exactly the figures of ``expected``, each with at least the
    attribute values given for it."""
    found = find_figures(sentence)
    assert [s.text for s in found] == [text for text, _ in expected]
    for suggestion, (_, attributes) in zip(found, expected, strict=True):
        for key, value in attributes.items():
            assert suggestion.attributes.get(key) == value, (suggestion.text, key)


@pytest.mark.parametrize(
    "sentence",
    [
        "“The gunmen fled on motorbikes,” a local teacher, whose brother was killed, said.",
        "Two soldiers guarded the gate where the wounded were treated.",
        "At least 700 000 people have fled their homes since October.",
        "The attack happened at 10:30 near the market.",
        "The wounded civilian was a passing motorist.",
        "The floods displaced thousands more in the south.",
        "Several of those present said the army fired first.",
        "About 200 attackers stormed the town at dawn.",
        "Two soldiers were stopped at a checkpoint and were later released.",
    ],
)
def test_what_is_no_casualty_figure_is_left_alone(sentence: str) -> None:
    assert find_figures(sentence) == []
