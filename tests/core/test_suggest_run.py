"""The suggestion runner: what it keeps, merges, drops and how links are renumbered."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

import pytest

from annotator.core.schema import default_schema
from annotator.core.suggest.base import (
    LINKERS,
    SUGGESTERS,
    Link,
    SuggestContext,
    Suggestion,
    register,
    register_linker,
)
from annotator.core.suggest.run import load_built_in, suggest

TEXT = "The ministry said three soldiers died in Sotk."


@pytest.fixture
def registry() -> Iterator[None]:
    """Only the suggesters a test registers run (the built-in ones are put back after)."""
    load_built_in()  # registered now, so that they are saved and put back, not lost
    saved, saved_linkers = dict(SUGGESTERS), dict(LINKERS)
    SUGGESTERS.clear()
    LINKERS.clear()
    yield
    SUGGESTERS.clear()
    SUGGESTERS.update(saved)
    LINKERS.clear()
    LINKERS.update(saved_linkers)


def at(phrase: str, label: str, score: float = 0.5, **attributes: object) -> Suggestion:
    start = TEXT.index(phrase)
    return Suggestion(label, start, start + len(phrase), phrase, attributes, score, "test")  # type: ignore[arg-type]


def context() -> SuggestContext:
    return SuggestContext(default_schema())


def test_attributes_the_schema_does_not_allow_are_dropped(registry: None) -> None:
    register("t", ("location",))(
        lambda text, ctx: [at("Sotk", "location", feature_level="locality", role="nowhere", x=1)]
    )
    (only,) = suggest(TEXT, context())
    assert only.attributes == {"feature_level": "locality"}


def test_bad_offsets_unknown_labels_and_skipped_keys_are_dropped(registry: None) -> None:
    sotk = at("Sotk", "location")
    register("t", ("location", "claim"))(
        lambda text, ctx: [
            sotk,
            Suggestion("location", 0, 3, "not the text", {}, 0.5, "t"),
            Suggestion("location", 40, 99, "Sotk.", {}, 0.5, "t"),
            at("ministry", "weapon"),
            at("three soldiers", "claim"),
        ]
    )
    assert [s.text for s in suggest(TEXT, context())] == ["three soldiers", "Sotk"]
    assert [s.text for s in suggest(TEXT, context(), labels=["location"])] == ["Sotk"]
    assert suggest(TEXT, context(), labels=["location"], skip=[sotk.key]) == []


def test_duplicates_keep_the_surer_one_and_both_attributes(registry: None) -> None:
    register("a", ("location",))(lambda t, c: [at("Sotk", "location", 0.4, role="event_site")])
    register("b", ("location",))(
        lambda t, c: [at("Sotk", "location", 0.9, feature_level="locality")]
    )
    (only,) = suggest(TEXT, context())
    assert only.score == 0.9
    assert only.attributes == {"role": "event_site", "feature_level": "locality"}


def test_links_are_renumbered_and_checked_against_the_schema(registry: None) -> None:
    figure = at("three soldiers", "casualty_figure")
    source = at("The ministry", "source")
    place = at("Sotk", "location")
    register("t", ("casualty_figure", "source", "location"))(
        lambda t, c: [
            place,
            # attributed_to may go from a figure to a source, never to a place
            replace(figure, links=(Link("attributed_to", 2), Link("attributed_to", 0))),
            source,
        ]
    )
    result = suggest(TEXT, context())
    assert [s.text for s in result] == ["The ministry", "three soldiers", "Sotk"]
    assert result[1].links == (Link("attributed_to", 0),)


def test_linkers_add_links_to_the_final_list(registry: None) -> None:
    register("t", ("casualty_figure", "location"))(
        lambda t, c: [at("Sotk", "location"), at("three soldiers", "casualty_figure")]
    )
    register_linker("here")(
        lambda t, found: [(0, Link("located_at", 1)), (1, Link("located_at", 0))]
    )
    figure, place = suggest(TEXT, context())
    assert figure.links == (Link("located_at", 1),)
    assert place.links == ()  # a place is never located at a figure


def test_the_built_in_suggesters_load_again_after_a_test_ran_without_them(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Loading is remembered per list of modules: a run with none (a window test's rules
    only) does not stop the real list from being imported afterwards."""
    from annotator.core.suggest import run

    real = run.BUILT_IN
    monkeypatch.setattr(run, "_loaded", None)
    monkeypatch.setattr(run, "BUILT_IN", ())
    load_built_in()
    assert run._loaded == ()
    monkeypatch.setattr(run, "BUILT_IN", real)
    load_built_in()
    assert run._loaded is real
    assert {"attribution", "casualty", "places"} <= set(SUGGESTERS)
