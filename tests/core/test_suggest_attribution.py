"""The attribution suggester: which sources and claims it proposes in news sentences, with
which attributes and links. Sentences written for these tests in the style of wire copy from
several conflicts (never the bundled samples' conflict)."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from annotator.core.schema import default_schema
from annotator.core.suggest.base import Link, SuggestContext, Suggestion
from annotator.core.suggest.run import suggest

CONTEXT = SuggestContext(default_schema())


def attribution(text: str) -> list[Suggestion]:
    found = suggest(text, CONTEXT, labels=("source", "claim"))
    return [s for s in found if s.suggester == "attribution"]


@dataclass(frozen=True)
class Case:
    text: str
    # source text -> (source_type or None, affiliation or None)
    sources: dict[str, tuple[str | None, str | None]]
    # claim text -> (quote_style, the source text it is attributed to, or None)
    claims: dict[str, tuple[str, str | None]] = field(default_factory=dict)


CASES = [
    Case(
        "Ukraine's military said Russian forces launched 48 drones overnight.",
        {"Ukraine's military": ("military", "Ukraine")},
        {"Russian forces launched 48 drones overnight": ("indirect", "Ukraine's military")},
    ),
    Case(
        "Russia's Defence Ministry said its air defences had destroyed 12 drones over Belgorod.",
        {"Russia's Defence Ministry": ("military", "Russia")},
        {
            "its air defences had destroyed 12 drones over Belgorod": (
                "indirect",
                "Russia's Defence Ministry",
            )
        },
    ),
    Case(
        "A military source told Al Jazeera that the brigade had withdrawn from the village.",
        {"A military source": ("unnamed", None), "Al Jazeera": ("media", None)},
        {"the brigade had withdrawn from the village": ("indirect", "A military source")},
    ),
    Case(
        "“We will not surrender the city,” Ukrainian President Volodymyr Zelensky said.",
        {"Ukrainian President Volodymyr Zelensky": ("official_person", "Ukraine")},
        {"We will not surrender the city": ("direct", "Ukrainian President Volodymyr Zelensky")},
    ),
    Case(
        "According to the United Nations, more than 10 million people have fled their homes "
        "in Sudan.",
        {"the United Nations": ("international_org", None)},
        {
            "more than 10 million people have fled their homes in Sudan": (
                "indirect",
                "the United Nations",
            )
        },
    ),
    Case(
        "Gaza's health ministry said at least 35 people were killed in the strike on the school.",
        {"Gaza's health ministry": ("government", "Gaza")},
        {
            "at least 35 people were killed in the strike on the school": (
                "indirect",
                "Gaza's health ministry",
            )
        },
    ),
    Case(
        "Houthi military spokesman Yahya Saree said the group had targeted a tanker in the "
        "Red Sea.",
        {"Houthi military spokesman Yahya Saree": ("official_person", "Houthis")},
        {
            "the group had targeted a tanker in the Red Sea": (
                "indirect",
                "Houthi military spokesman Yahya Saree",
            )
        },
    ),
    Case(
        "Nadav Shoshani, a spokesman for the army, said troops had found weapons in the basement.",
        {"Nadav Shoshani, a spokesman for the army": ("official_person", None)},
        {
            "troops had found weapons in the basement": (
                "indirect",
                "Nadav Shoshani, a spokesman for the army",
            )
        },
    ),
    Case(
        "Two aid workers were killed in the attack, the World Food Programme said.",
        {"the World Food Programme": ("international_org", None)},
        {"Two aid workers were killed in the attack": ("indirect", "the World Food Programme")},
    ),
    Case(
        "Amnesty International said the attack may have amounted to a war crime.",
        {"Amnesty International": ("ngo", None)},
        {"the attack may have amounted to a war crime": ("indirect", "Amnesty International")},
    ),
    Case(
        "Myanmar's junta said the Arakan Army had seized the town, according to state media.",
        {"Myanmar's junta": ("government", "Myanmar"), "state media": ("media", None)},
        {"the Arakan Army had seized the town": ("indirect", "Myanmar's junta")},
    ),
    Case(
        "The Sudanese army, in a statement on Telegram, said it had repelled an attack on "
        "El Fasher.",
        {"The Sudanese army": ("military", "Sudan")},
        {"it had repelled an attack on El Fasher": ("indirect", "The Sudanese army")},
    ),
    Case(
        "Two residents of the town, reached by telephone, said they had heard explosions.",
        {"Two residents of the town": ("witness", None)},
        {"they had heard explosions": ("indirect", "Two residents of the town")},
    ),
    Case(
        "“The situation is catastrophic,” said Martin Griffiths, the UN humanitarian chief.",
        {"Martin Griffiths, the UN humanitarian chief": ("official_person", None)},
        {
            "The situation is catastrophic": (
                "direct",
                "Martin Griffiths, the UN humanitarian chief",
            )
        },
    ),
    Case(
        "The Moscow Times writes that the draft will be extended to men up to 35.",
        {"The Moscow Times": ("media", "Russia")},
        {"the draft will be extended to men up to 35": ("indirect", "The Moscow Times")},
    ),
    Case(
        "A senior Western official said on condition of anonymity that Russia had lost "
        "300,000 troops.",
        {"A senior Western official": ("unnamed", None)},
        {"Russia had lost 300,000 troops": ("indirect", "A senior Western official")},
    ),
    Case(
        "Ethiopia's government accused the TPLF of recruiting child soldiers.",
        {"Ethiopia's government": ("government", "Ethiopia")},
        {"the TPLF of recruiting child soldiers": ("indirect", "Ethiopia's government")},
    ),
    Case(
        "The death toll rose to 40, Tigray's interim administration said on Sunday.",
        {"Tigray's interim administration": ("government", "Tigray")},
        {"The death toll rose to 40": ("indirect", "Tigray's interim administration")},
    ),
    Case(
        "Earlier this week, Hamas said that 12 hostages had been killed in Israeli strikes.",
        {"Hamas": ("armed_group", "Hamas")},
        {"12 hostages had been killed in Israeli strikes": ("indirect", "Hamas")},
    ),
    Case(
        "Residents said the shelling of Omdurman continued until dawn.",
        {"Residents": ("witness", None)},
        {"the shelling of Omdurman continued until dawn": ("indirect", "Residents")},
    ),
    Case(
        "The ICRC said its teams had been unable to reach the area for three weeks.",
        {"The ICRC": ("international_org", None)},
        {"its teams had been unable to reach the area for three weeks": ("indirect", "The ICRC")},
    ),
    Case(
        "Russian state news agency RIA Novosti reported that two people were hurt in Donetsk.",
        {"Russian state news agency RIA Novosti": ("media", "Russia")},
        {
            "two people were hurt in Donetsk": (
                "indirect",
                "Russian state news agency RIA Novosti",
            )
        },
    ),
    Case(
        "The Rapid Support Forces denied that its fighters had looted the market, calling the "
        "reports fabricated.",
        {"The Rapid Support Forces": ("armed_group", None)},
        {"its fighters had looted the market": ("indirect", "The Rapid Support Forces")},
    ),
    Case(
        "Paramilitary fighters stormed the market on Sunday, a doctors' group and activists said.",
        {"a doctors' group": (None, None), "activists": (None, None)},
        {"Paramilitary fighters stormed the market on Sunday": ("indirect", "a doctors' group")},
    ),
    Case(
        "Ukrainska Pravda, Suspilne and the Kyiv Independent reported that the dam was breached.",
        {
            "Ukrainska Pravda": ("media", None),
            "Suspilne": ("media", None),
            "the Kyiv Independent": ("media", "Ukraine"),
        },
        {"the dam was breached": ("indirect", "Ukrainska Pravda")},
    ),
    Case(
        "A doctor at Al-Aqsa Hospital who spoke on condition of anonymity said the ward was full.",
        {"A doctor": ("unnamed", None)},
        {"the ward was full": ("indirect", "A doctor")},
    ),
    Case(
        "Kremlin spokesman Dmitry Peskov said Moscow remained open to talks but that Kyiv had "
        "rejected negotiations.",
        {"Kremlin spokesman Dmitry Peskov": ("official_person", "Russia")},
        {
            "Moscow remained open to talks but that Kyiv had rejected negotiations": (
                "indirect",
                "Kremlin spokesman Dmitry Peskov",
            )
        },
    ),
    Case(
        "There was no immediate comment from the Houthis.",
        {"the Houthis": ("armed_group", "Houthis")},
    ),
    Case(
        "A Palestinian official close to the talks said Hamas had not received a new proposal.",
        {"A Palestinian official close to the talks": ("unnamed", "Palestine")},
        {
            "Hamas had not received a new proposal": (
                "indirect",
                "A Palestinian official close to the talks",
            )
        },
    ),
    Case(
        "Myanmar's military government said resistance fighters had attacked a police post.",
        {"Myanmar's military government": ("government", "Myanmar")},
        {
            "resistance fighters had attacked a police post": (
                "indirect",
                "Myanmar's military government",
            )
        },
    ),
    Case(
        "Mohamed Ali, a military officer in Dhusamareb, said the fighters had fled the town.",
        {"Mohamed Ali, a military officer": ("official_person", None)},
        {"the fighters had fled the town": ("indirect", "Mohamed Ali, a military officer")},
    ),
    Case(
        "Medical sources in Marib said 12 soldiers died, a claim the Houthis denied.",
        {"Medical sources": ("unnamed", None), "the Houthis": ("armed_group", "Houthis")},
        {"12 soldiers died": ("indirect", "Medical sources")},
    ),
    Case(
        "An army official said the base near Kherson was hit twice overnight.",
        {"An army official": ("unnamed", None)},
        {"the base near Kherson was hit twice overnight": ("indirect", "An army official")},
    ),
    # An attribution inside its claim: the claim runs round it.
    Case(
        "The strike, the Houthi-run health ministry said, killed 12 people in Hodeidah.",
        {"the Houthi-run health ministry": ("government", None)},
        {
            "The strike, the Houthi-run health ministry said, killed 12 people in Hodeidah": (
                "indirect",
                "the Houthi-run health ministry",
            )
        },
    ),
    Case(
        "The convoy, according to UNICEF, was turned back at the checkpoint.",
        {"UNICEF": ("international_org", None)},
        {
            "The convoy, according to UNICEF, was turned back at the checkpoint": (
                "indirect",
                "UNICEF",
            )
        },
    ),
    Case(
        "“The toll is heavy,” one of the sources said, referring to the army post.",
        {"one of the sources": ("unnamed", None)},
        {"The toll is heavy": ("direct", "one of the sources")},
    ),
    Case(
        "A resident of the nearby town of Djibo said the gunfire lasted several hours.",
        {"A resident": ("witness", None)},
        {"the gunfire lasted several hours": ("indirect", "A resident")},
    ),
    Case(
        "The UN human rights office has verified 10,000 civilian deaths since the invasion.",
        {"The UN human rights office": ("international_org", None)},
        {
            "10,000 civilian deaths since the invasion": (
                "indirect",
                "The UN human rights office",
            )
        },
    ),
    Case(
        "The Ethiopian government and the TPLF have both denied targeting civilians.",
        {
            "The Ethiopian government": ("government", "Ethiopia"),
            "the TPLF": ("armed_group", "Tigray"),
        },
        {"targeting civilians": ("indirect", "The Ethiopian government")},
    ),
    Case(
        "According to the Armed Conflict Location and Event Data Project, attacks rose in May.",
        {"the Armed Conflict Location and Event Data Project": ("ngo", None)},
        {"attacks rose in May": ("indirect", "the Armed Conflict Location and Event Data Project")},
    ),
    # A document names its owner: the source is who issued it.
    Case(
        "The death toll rose to 120, according to the health ministry's latest figures.",
        {"the health ministry": ("government", None)},
        {"The death toll rose to 120": ("indirect", "the health ministry")},
    ),
    Case(
        "According to Hamas' figures, 40 people died in the strike.",
        {"Hamas": ("armed_group", "Hamas")},
        {"40 people died in the strike": ("indirect", "Hamas")},
    ),
    Case(
        "According to local officials, who spoke on condition of anonymity, the militants "
        "arrived on motorbikes.",
        {"local officials": ("unnamed", None)},
        {"the militants arrived on motorbikes": ("indirect", "local officials")},
    ),
    # A content that is only an anaphor is no claim; its source still is one. What a source
    # confirms is its claim, though ("confirmed the toll", as the gold marks it).
    Case(
        "Another source confirmed the toll. The government rejected the accusations.",
        {"Another source": ("unnamed", None), "The government": ("government", None)},
        {"the toll": ("indirect", "Another source")},
    ),
    # Negatives: a pronoun is no source, "said" as an adjective is no cue.
    Case(
        "He said the talks in Jeddah had failed.",
        {},
        {"the talks in Jeddah had failed": ("indirect", None)},
    ),
    Case("The convoy passed through the said village before dawn.", {}, {}),
    Case("Reuters could not independently verify the reports.", {}, {}),
    Case("The pictures could not be independently verified by Reuters.", {}, {}),
    Case("Troops recorded the names of the detainees at the checkpoint.", {}, {}),
    Case("According to the agreement, troops must withdraw by Friday.", {}, {}),
    Case("Several drones were reported over the port of Odesa.", {}, {}),
]


@pytest.mark.parametrize("case", CASES, ids=[case.text[:40] for case in CASES])
def test_sources_and_claims(case: Case) -> None:
    found = attribution(case.text)
    sources = {
        s.text: (s.attributes.get("source_type"), s.attributes.get("affiliation"))
        for s in found
        if s.label == "source"
    }
    assert sources == case.sources
    claims = {}
    for s in found:
        if s.label == "claim":
            targets = [found[link.to].text for link in s.links if link.type == "attributed_to"]
            claims[s.text] = (s.attributes.get("quote_style"), targets[0] if targets else None)
    assert claims == case.claims


def test_an_outlet_citing_a_source_cites_it_and_the_claim_is_the_source_s() -> None:
    found = attribution(
        "Al Jazeera, citing a hospital director, reported that the clinic had been hit twice."
    )
    by_text = {s.text: i for i, s in enumerate(found)}
    outlet = found[by_text["Al Jazeera"]]
    assert outlet.attributes["source_type"] == "media"
    assert [(link.type, found[link.to].text) for link in outlet.links] == [
        ("cites", "a hospital director")
    ]
    claim = found[by_text["the clinic had been hit twice"]]
    assert outlet.attributes["role"] == "intermediary"
    assert found[by_text["a hospital director"]].attributes["role"] == "original"
    # the claim is the original speaker's; the outlet only relays it
    assert claim.links == (Link("attributed_to", by_text["a hospital director"]),)


def test_a_citing_phrase_before_its_outlet_is_linked_the_same_way() -> None:
    found = attribution("Citing local sources, the outlet reported that the bridge was destroyed.")
    assert [(s.label, s.text, s.links) for s in found] == [
        ("source", "local sources", ()),
        ("source", "the outlet", (Link("cites", 0),)),
        ("claim", "the bridge was destroyed", (Link("attributed_to", 0),)),
    ]


def test_an_outlet_reporting_what_another_said_cites_it_and_claims_nothing_itself() -> None:
    found = attribution("A nurse in Khan Younis said three children had died, Al Jazeera reported.")
    assert [(s.label, s.text) for s in found] == [
        ("source", "A nurse"),
        ("claim", "three children had died"),
        ("source", "Al Jazeera"),
    ]
    _nurse, claim, outlet = found
    assert outlet.links == (Link("cites", 0),)
    assert claim.links == (Link("attributed_to", 0),)


def test_the_outlet_publishing_the_story_is_not_proposed_when_told_something() -> None:
    text = "KYIV (Reuters) - A senior commander told Reuters that the brigade had pulled back."
    assert [s.text for s in attribution(text) if s.label == "source"] == ["A senior commander"]
    # A wire agency told is the story's publisher even where no dateline names it (wire copy
    # reprinted under another masthead): a listener (SOURCES.md), never a source.
    other = text.replace("(Reuters) ", "")
    assert [s.text for s in attribution(other) if s.label == "source"] == ["A senior commander"]
    # Another outlet told passes the speaker on.
    bbc = other.replace("told Reuters", "told the BBC")
    assert "the BBC" in [s.text for s in attribution(bbc) if s.label == "source"]
    ap = "GOMA, Congo (AP) — A resident told The Associated Press that the rebels arrived."
    assert [s.text for s in attribution(ap) if s.label == "source"] == ["A resident"]


def test_a_sentence_all_quotation_goes_on_quoting_the_source_before_it() -> None:
    text = (
        "“We have lost contact with two clinics,” Doctors Without Borders said on Monday. "
        "“Our staff cannot reach the wounded.” Fighting continued in the north."
    )
    found = attribution(text)
    claims = [s for s in found if s.label == "claim"]
    assert [(c.text, c.attributes["quote_style"]) for c in claims] == [
        ("We have lost contact with two clinics", "direct"),
        ("Our staff cannot reach the wounded", "direct"),
    ]
    (msf,) = [i for i, s in enumerate(found) if s.label == "source"]
    assert all(c.links == (Link("attributed_to", msf),) for c in claims)


def test_the_statement_said_attributes_to_the_body_before_it() -> None:
    text = (
        "Sudan's army said it had retaken the bridge. The statement said 40 fighters were killed."
    )
    found = attribution(text)
    assert [s.text for s in found if s.label == "source"] == ["Sudan's army"]
    claim = next(s for s in found if s.text == "40 fighters were killed")
    assert claim.links == (Link("attributed_to", 0),)


def test_a_pronoun_s_claim_goes_to_the_nearest_fitting_source_before_it() -> None:
    text = (
        "Sudan's army said it had retaken the bridge. "
        "It said its units had killed dozens of fighters."
    )
    found = attribution(text)
    (army,) = [i for i, s in enumerate(found) if s.label == "source"]
    claims = [s for s in found if s.label == "claim"]
    assert [c.text for c in claims] == [
        "it had retaken the bridge",
        "its units had killed dozens of fighters",
    ]
    assert all(c.links[0].to == army for c in claims)


def test_denials_and_hedges_fill_factuality_blame_fills_claim_type() -> None:
    found = attribution(
        "The Kremlin denied reports that Russian troops had crossed the border. "
        "Kyiv accused Moscow of shelling the plant. "
        "Officials said the strike reportedly hit a fuel depot."
    )
    claims = {s.text: dict(s.attributes) for s in found if s.label == "claim"}
    assert claims["Russian troops had crossed the border"]["factuality"] == "denied"
    assert claims["Moscow of shelling the plant"]["claim_type"] == "responsibility"
    assert claims["the strike reportedly hit a fuel depot"]["factuality"] == "hedged"
    assert "factuality" not in claims["Moscow of shelling the plant"]


def test_a_quotation_over_two_sentences_is_one_direct_claim() -> None:
    text = (
        "“We have lost contact with our teams. Nobody can reach the wounded,” "
        "Doctors Without Borders said."
    )
    (source, claim) = sorted(attribution(text), key=lambda s: s.label, reverse=True)
    assert source.text == "Doctors Without Borders"
    assert source.attributes["source_type"] == "ngo"
    assert claim.text == "We have lost contact with our teams. Nobody can reach the wounded"
    assert claim.attributes["quote_style"] == "direct"
