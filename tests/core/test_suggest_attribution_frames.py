"""Attribution frames any wire report may use: "according to him" (a pronoun, the claim goes
to the speaker named before), a figure "given by" someone, a second verb after "but" that
opens a claim of its own ("confirmed X, but disputed Y"), what a source confirms, a title
that names the office it works in, a subject before a long relative aside, the passive
"was claimed by", a contrast that opens another attribution, and "States" in a name.
Sentences written for this test."""

from __future__ import annotations

import pytest

from annotator.core.schema import default_schema
from annotator.core.suggest.base import SuggestContext, Suggestion
from annotator.core.suggest.run import suggest

CONTEXT = SuggestContext(default_schema())


def attribution(text: str) -> list[Suggestion]:
    found = suggest(text, CONTEXT, labels=("source", "claim"))
    return [s for s in found if s.suggester == "attribution"]


def claims_and_sources(text: str) -> tuple[dict[str, str | None], list[str]]:
    """(claim text -> the source it is attributed to, every source's text)."""
    found = attribution(text)
    claims: dict[str, str | None] = {}
    for s in found:
        if s.label == "claim":
            targets = [found[link.to].text for link in s.links if link.type == "attributed_to"]
            claims[s.text] = targets[0] if targets else None
    return claims, [s.text for s in found if s.label == "source"]


CASES = [
    (
        "“We returned fire,” said Colonel Paul Nkusi. "
        "According to him, two attackers were arrested at the scene.",
        {
            "We returned fire": "Colonel Paul Nkusi",
            "two attackers were arrested at the scene": "Colonel Paul Nkusi",
        },
        ["Colonel Paul Nkusi"],
    ),
    (
        "Elders in Bor confirmed that cattle had been stolen, but disputed the toll given by "
        "the county commissioner.",
        {
            "cattle had been stolen": "Elders",
            "the toll given by the county commissioner": "Elders",
        },
        ["Elders", "the county commissioner"],
    ),
    (
        "A nurse confirmed the shooting but could not say how many were hurt.",
        {"the shooting": "A nurse"},
        ["A nurse"],
    ),
    (  # a long relative aside between the subject and its verb; a local as a witness
        "A local in Kiboko, which sits on the road to the lake and has a busy weekly market, "
        "confirmed the raid.",
        {"the raid": "A local"},
        ["A local"],
    ),
    (  # a place after the speaker is left out of the source
        "“Two convoys were looted,” the spokesman for the aid mission in the country told "
        "AFP news agency.",
        {"Two convoys were looted": "the spokesman for the aid mission"},
        ["the spokesman for the aid mission"],
    ),
    (  # the passive: what the agent claims is the subject
        "The ambush was claimed by the Islamic State group.",
        {"The ambush": "the Islamic State group"},
        ["the Islamic State group"],
    ),
    (  # the listener is no part of what is confirmed
        "Army spokesman Kofi Mensah confirmed the shelling to reporters.",
        {"the shelling": "Army spokesman Kofi Mensah"},
        ["Army spokesman Kofi Mensah"],
    ),
    (  # a contrast opens a second attribution
        "Farmers said herders had burned the fields, while the police blamed the fire on youths.",
        {"herders had burned the fields": "Farmers", "the fire on youths": "the police"},
        ["Farmers", "the police"],
    ),
    (  # a condemnation is a claim; a second verb after "and" is the same speaker's
        "The governor, Ali Musa, condemned the ambush and vowed to hunt down the attackers.",
        {
            "the ambush": "The governor, Ali Musa",
            "to hunt down the attackers": "The governor, Ali Musa",
        },
        ["The governor, Ali Musa"],
    ),
    (  # a capitalised "States" ends a name, it reports nothing
        "The movement, banned by the United States and Canada, began its revolt in 1990.",
        {},
        [],
    ),
    (
        "“The roads are closed,” said Grace Akol, an assistant in the state governor's office.",
        {"The roads are closed": "Grace Akol, an assistant in the state governor's office"},
        ["Grace Akol, an assistant in the state governor's office"],
    ),
]


@pytest.mark.parametrize(("text", "claims", "sources"), CASES, ids=[case[0][:40] for case in CASES])
def test_attribution_frames(text: str, claims: dict[str, str], sources: list[str]) -> None:
    assert claims_and_sources(text) == (claims, sources)


def test_a_title_before_a_place_leaves_the_place_out() -> None:
    text = "“Shops are shut,” said Ahmed Warsame, a police officer in Baidoa."
    assert claims_and_sources(text)[1] == ["Ahmed Warsame, a police officer"]


def test_a_denied_toll_given_by_another_is_a_denial() -> None:
    text = "The rebels disputed the figures given by the army."
    found = attribution(text)
    claim = next(s for s in found if s.label == "claim")
    assert claim.text == "the figures given by the army"
    assert claim.attributes.get("factuality") == "denied"


@pytest.mark.parametrize(
    ("text", "source", "affiliation"),
    [
        (
            "Congo's army said it had pushed the rebels back.",
            "Congo's army",
            "Democratic Republic of the Congo",
        ),
        ("Benin's army said two posts were attacked.", "Benin's army", "Benin"),
        (
            "Burkinabe officials said the convoy was ambushed.",
            "Burkinabe officials",
            "Burkina Faso",
        ),
    ],
)
def test_a_country_before_a_body_names_its_side(text: str, source: str, affiliation: str) -> None:
    found = next(s for s in attribution(text) if s.label == "source")
    assert (found.text, found.attributes.get("affiliation")) == (source, affiliation)
