"""The linkers (issue 13): located_at from a figure or claim to a place of its sentence, and
attributed_to from a figure to the source a reporting cue names."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from annotator.core.schema import default_schema
from annotator.core.suggest.base import SUGGESTERS, Link, SuggestContext, Suggestion, register
from annotator.core.suggest.linking import link_places, link_sources
from annotator.core.suggest.run import load_built_in, suggest

# A span: (label, phrase) or (label, phrase, attributes); the phrase's first occurrence.
LABELS = {"fig": "casualty_figure", "src": "source", "loc": "location", "claim": "claim"}
Spec = tuple[str, str] | tuple[str, str, dict[str, str]]


def build(text: str, specs: list[Spec], claim_sources: dict[str, str]) -> list[Suggestion]:
    """Suggestions sorted as the runner sorts them; a claim in ``claim_sources`` comes with
    its attributed_to link, as the attribution suggester would make it."""
    found = []
    for spec in specs:
        label, phrase = LABELS[spec[0]], spec[1]
        attributes = spec[2] if len(spec) == 3 else {}
        start = text.index(phrase)
        found.append(Suggestion(label, start, start + len(phrase), phrase, attributes, 0.5, "t"))
    found.sort(key=lambda s: (s.start, s.end, s.label))
    index = {s.text: i for i, s in enumerate(found)}
    return [
        Suggestion(
            s.label, s.start, s.end, s.text, s.attributes, s.score, s.suggester,
            (Link("attributed_to", index[claim_sources[s.text]]),),
        )
        if s.text in claim_sources
        else s
        for s in found
    ]  # fmt: skip


def links(text: str, specs: list[Spec], claim_sources: dict[str, str] | None = None) -> set:
    items = build(text, specs, claim_sources or {})
    made = link_places(text, items) + link_sources(text, items)
    return {(items[i].text, link.type, items[link.to].text) for i, link in made}


PLACES: list[tuple[str, list[Spec], set[tuple[str, str, str]]]] = [
    (
        "Shelling killed two civilians in Kherson on Tuesday.",
        [("fig", "two civilians"), ("loc", "Kherson")],
        {("two civilians", "located_at", "Kherson")},
    ),
    (
        "Shelling in the village of Sadove killed a 78-year-old man in a garage.",
        [("fig", "a 78-year-old man"), ("loc", "Sadove")],
        {("a 78-year-old man", "located_at", "Sadove")},
    ),
    (
        "In Rafah, in the south of the Gaza Strip, a photographer saw the body of a man.",
        [("loc", "Rafah"), ("loc", "Gaza Strip"), ("fig", "a man")],
        {("a man", "located_at", "Rafah")},
    ),
    (
        "A drone strike in a town in Ethiopia's Amhara region killed at least 26 civilians.",
        [("loc", "Ethiopia"), ("loc", "Amhara region"), ("fig", "at least 26 civilians")],
        {("at least 26 civilians", "located_at", "Amhara region")},
    ),
    (
        "KYIV (Reuters) — Fresh Russian shelling killed at least three people, officials said.",
        [("loc", "KYIV"), ("fig", "at least three people"), ("src", "officials")],
        {("at least three people", "attributed_to", "officials")},
    ),
    (
        # A place inside a source's name is not where anything happened.
        "Kherson city's military administration said two people were wounded.",
        [
            ("src", "Kherson city's military administration"),
            ("loc", "Kherson"),
            ("fig", "two people"),
        ],
        {("two people", "attributed_to", "Kherson city's military administration")},
    ),
    (
        # Another speaker stands between the place and the figure.
        "The army struck targets in the Gaza Strip, its spokesman said, with the health "
        "ministry saying nine people were killed.",
        [
            ("loc", "Gaza Strip"),
            ("src", "its spokesman"),
            ("src", "the health ministry"),
            ("fig", "nine people"),
        ],
        {("nine people", "attributed_to", "the health ministry")},
    ),
    (
        "Talks in Jeddah resumed as the army said 12 soldiers were killed in Omdurman.",
        [
            ("loc", "Jeddah", {"role": "statement_venue"}),
            ("src", "the army"),
            ("fig", "12 soldiers"),
            ("loc", "Omdurman"),
        ],
        {("12 soldiers", "located_at", "Omdurman"), ("12 soldiers", "attributed_to", "the army")},
    ),
    (
        # A claim is located at the one place inside it, and not at several.
        "The ministry said Houthi forces shelled Taiz overnight.",
        [
            ("src", "The ministry"),
            ("claim", "Houthi forces shelled Taiz overnight"),
            ("loc", "Taiz"),
        ],
        {("Houthi forces shelled Taiz overnight", "located_at", "Taiz")},
    ),
    (
        # Of several places in a claim, the one a preposition governs.
        "The army said Israel launched air strikes on Tuesday in the Gaza Strip.",
        [
            ("src", "The army"),
            ("claim", "Israel launched air strikes on Tuesday in the Gaza Strip"),
            ("loc", "Israel"),
            ("loc", "Gaza Strip"),
        ],
        {("Israel launched air strikes on Tuesday in the Gaza Strip", "located_at", "Gaza Strip")},
    ),
    (
        "He said the fiercest battles were in Maryinka, Avdiivka and Bakhmut.",
        [
            ("claim", "the fiercest battles were in Maryinka, Avdiivka and Bakhmut"),
            ("loc", "Maryinka"),
            ("loc", "Avdiivka"),
            ("loc", "Bakhmut"),
        ],
        set(),
    ),
    (
        # No place in the sentence: nothing is borrowed from the next one.
        "Two children were among the dead. The strike hit Khuafo in Chin State.",
        [("fig", "Two children"), ("loc", "Khuafo"), ("loc", "Chin State")],
        set(),
    ),
]

SOURCES: list[tuple[str, list[Spec], dict[str, str], set[tuple[str, str, str]]]] = [
    (
        "At least eight civilians were killed in an air strike, according to a human rights "
        "group, ethnic minority rebels and media.",
        [
            ("fig", "At least eight civilians"),
            ("src", "a human rights group"),
            ("src", "ethnic minority rebels"),
            ("src", "media"),
        ],
        {},
        {
            ("At least eight civilians", "attributed_to", s)
            for s in ("a human rights group", "ethnic minority rebels", "media")
        },
    ),
    (
        "News outlets Myanmar Now, the Irrawaddy and BBC Burmese reported 10 deaths.",
        [
            ("src", "Myanmar Now"),
            ("src", "the Irrawaddy"),
            ("src", "BBC Burmese"),
            ("fig", "10 deaths"),
        ],
        {},
        {
            ("10 deaths", "attributed_to", s)
            for s in ("Myanmar Now", "the Irrawaddy", "BBC Burmese")
        },
    ),
    (
        # "told Reuters": the listener is no source of the figure.
        "A spokesperson for the front (CNF) told Reuters 10 people were killed.",
        [("src", "A spokesperson for the front"), ("src", "Reuters"), ("fig", "10 people")],
        {},
        {("10 people", "attributed_to", "A spokesperson for the front")},
    ),
    (
        "Pictures shared by the CHRO showed the bodies of two children.",
        [("src", "the CHRO"), ("fig", "two children")],
        {},
        {("two children", "attributed_to", "the CHRO")},
    ),
    (
        # The figure sits in a claim: it takes the claim's source.
        "The governor said that a strike killed four people, as Kyiv accused Moscow.",
        [
            ("src", "The governor"),
            ("claim", "a strike killed four people"),
            ("fig", "four people"),
            ("src", "Kyiv"),
        ],
        {"a strike killed four people": "The governor"},
        {("four people", "attributed_to", "The governor")},
    ),
    (
        # "he added": the last source named before.
        'A doctor said the hospital was full. "Around 26 people died here," he added.',
        [("src", "A doctor"), ("fig", "Around 26 people")],
        {},
        {("Around 26 people", "attributed_to", "A doctor")},
    ),
    (
        # A source no reporting cue governs is not linked.
        "Fighters loyal to the army killed 30 civilians in the town.",
        [("src", "the army"), ("fig", "30 civilians")],
        {},
        set(),
    ),
    (
        # The source of another sentence is not linked.
        "The ministry gave no details. Eleven soldiers were wounded.",
        [("src", "The ministry"), ("fig", "Eleven soldiers")],
        {},
        set(),
    ),
]


@pytest.mark.parametrize(("text", "specs", "expected"), PLACES, ids=[p[0][:40] for p in PLACES])
def test_places(text: str, specs: list[Spec], expected: set[tuple[str, str, str]]) -> None:
    assert links(text, specs) == expected


@pytest.mark.parametrize(
    ("text", "specs", "claims", "expected"), SOURCES, ids=[s[0][:40] for s in SOURCES]
)
def test_sources(
    text: str, specs: list[Spec], claims: dict[str, str], expected: set[tuple[str, str, str]]
) -> None:
    assert links(text, specs, claims) == expected


def test_a_figure_already_linked_keeps_its_links() -> None:
    text = "Officials said 12 people were killed in Sumy."
    items = build(text, [("src", "Officials"), ("fig", "12 people"), ("loc", "Sumy")], {})
    figure = items[1]
    items[1] = Suggestion(
        figure.label, figure.start, figure.end, figure.text, {}, 0.5, "t",
        (Link("attributed_to", 0), Link("located_at", 2)),
    )  # fmt: skip
    assert link_places(text, items) == []
    assert link_sources(text, items) == []


@pytest.fixture
def only_test_suggesters() -> Iterator[None]:
    """The built-in linkers run; only the suggester a test registers proposes."""
    load_built_in()
    saved = dict(SUGGESTERS)
    SUGGESTERS.clear()
    yield
    SUGGESTERS.clear()
    SUGGESTERS.update(saved)


def test_the_runner_links_what_the_suggesters_proposed(only_test_suggesters: None) -> None:
    text = "Sudan's army said 40 fighters were killed near El Fasher."
    register("spans", ("source", "location", "casualty_figure"))(
        lambda t, c: build(t, [("src", "Sudan's army"), ("fig", "40 fighters"),
                               ("loc", "El Fasher")], {})
    )  # fmt: skip
    found = suggest(text, SuggestContext(default_schema()))
    by_text = {s.text: s for s in found}
    figure = by_text["40 fighters"]
    assert {(link.type, found[link.to].text) for link in figure.links} == {
        ("attributed_to", "Sudan's army"),
        ("located_at", "El Fasher"),
    }
