"""The attribution suggester on wire-copy forms beyond the dev gold (issue 13): appositions
without an article, unnamed speakers taken up by "he", "put the toll at", datelines, asides
("who asked not to be named", "whose colleague was killed") and what follows a verb that is
no content ("said in a statement but gave no details"). Sentences invented in the style of
wire reports from several conflicts."""

from __future__ import annotations

import pytest

from annotator.core.schema import default_schema
from annotator.core.suggest.base import SuggestContext, Suggestion
from annotator.core.suggest.run import suggest

CONTEXT = SuggestContext(default_schema())


def attribution(text: str) -> list[Suggestion]:
    found = suggest(text, CONTEXT, labels=("source", "claim"))
    return [s for s in found if s.suggester == "attribution"]


def claims_and_sources(text: str) -> dict[str, str | None]:
    """claim text -> the source text it is attributed to (None: no link)."""
    found = attribution(text)
    out: dict[str, str | None] = {}
    for s in found:
        if s.label == "claim":
            targets = [found[link.to].text for link in s.links if link.type == "attributed_to"]
            out[s.text] = targets[0] if targets else None
    return out


CASES = [
    (
        "Amadou Diallo, district administrative chief of Gao, said gunmen attacked the market.",
        {"gunmen attacked the market": "Amadou Diallo, district administrative chief of Gao"},
    ),
    (
        "Gunmen burned the school, said Idris Bello, spokesman for the state governor.",
        {"Gunmen burned the school": "Idris Bello, spokesman for the state governor"},
    ),
    (
        "Rebel spokesman Jean Mbala claimed responsibility for the ambush in an email.",
        {"responsibility for the ambush": "Rebel spokesman Jean Mbala"},
    ),
    (
        "“Gunmen fired rockets at the post,” a military official said. "
        "Four soldiers were wounded, he said.",
        {
            "Gunmen fired rockets at the post": "a military official",
            "Four soldiers were wounded": "a military official",
        },
    ),
    (
        "The army said 20 fighters died, but Ali Hassan, a local official, put the number at six.",
        {"20 fighters died": "The army", "the number at six": "Ali Hassan, a local official"},
    ),
    (
        "A second security source gave the same toll of 14 and said the attackers fled.",
        {
            "the same toll of 14": "A second security source",
            "the attackers fled": "A second security source",
        },
    ),
    (
        "“Two drivers were shot dead,” the ministry said in a statement but gave no details.",
        {"Two drivers were shot dead": "the ministry"},
    ),
    (
        "“Nine villagers were killed,” Governor Ali Musa told reporters after visiting the town.",
        {"Nine villagers were killed": "Governor Ali Musa"},
    ),
    (
        "Governor Ali Musa said in a post on the Telegram messaging app that a depot was hit.",
        {"a depot was hit": "Governor Ali Musa"},
    ),
    (
        "BAGHDAD: A car bomb killed 11 people on Monday, security officials said.",
        {"A car bomb killed 11 people on Monday": "security officials"},
    ),
    (
        'A local official, who asked not to be identified, said, "Twenty people were killed.',
        {"Twenty people were killed": "A local official"},
    ),
    (
        "“The attackers fled on motorbikes,” a local teacher, whose brother was killed, said.",
        {"The attackers fled on motorbikes": "a local teacher"},
    ),
    (
        "A source close to the militia confirmed that two of the dead were fighters.",
        {"two of the dead were fighters": "A source close to the militia"},
    ),
    (
        "Five people were killed in the raid, local and security sources said on Monday.",
        {"Five people were killed in the raid": "local and security sources"},
    ),
    (
        "An official from the Union of Patriots (UP), one of the groups involved in the "
        "fighting, put the death toll at 30.",
        {"the death toll at 30": "An official from the Union of Patriots"},
    ),
    (
        "A resident contacted by AFP by phone also said that six civilians were killed.",
        {"six civilians were killed": "A resident"},
    ),
    (
        "The head of the youth group in Kawuri, Musa Bello, earlier told the state governor "
        "that 85 people had been killed.",
        {"85 people had been killed": "Musa Bello"},
    ),
    (
        "The defence ministry said the toll rose. In the raid, the soldiers were ambushed, "
        "said a ministry statement.",
        {
            "the toll rose": "The defence ministry",
            "the soldiers were ambushed": "The defence ministry",
        },
    ),
    (
        "According to AFP fatalities from the attack had doubled.",
        {"fatalities from the attack had doubled": "AFP"},
    ),
    (
        '"The attackers killed 12 people," a police source in Cabo Delgado province, who asked '
        "not to be named, told AFP.",
        {"The attackers killed 12 people": "a police source"},
    ),
    (
        "Military sources quoted by the media said it was an ambush.",
        {"it was an ambush": "Military sources"},
    ),
    (
        "The army said the post was overrun. “One soldier is being treated,” the army statement "
        "said.",
        {"the post was overrun": "The army", "One soldier is being treated": "The army"},
    ),
    (
        "Doctors Without Borders said on the social media platform X that the clinic was hit.",
        {"the clinic was hit": "Doctors Without Borders"},
    ),
    (
        "Five people were killed in Jenin, the ministry said, during an incursion into the city.",
        {"Five people were killed in Jenin": "the ministry"},
    ),
    (
        "Bogota : At least seven soldiers were killed in an ambush, the news agency EFE reported.",
        {"At least seven soldiers were killed in an ambush": "the news agency EFE"},
    ),
    (
        "Friday's blast left four rangers dead, said deputy army spokesman for the south "
        "Colonel Somchai Boonmee.",
        {
            "Friday's blast left four rangers dead": "deputy army spokesman for the south "
            "Colonel Somchai Boonmee"
        },
    ),
    (
        "The bomb was buried in the road, the southern ISOC (Internal Security Operation "
        "Command) said in statement. “The attack aimed to spread fear,” it added.",
        {
            "The bomb was buried in the road": "the southern ISOC",
            "The attack aimed to spread fear": "the southern ISOC",
        },
    ),
    (
        "“A red line has been crossed,” the prime minister's office said in a statement, "
        "Reuters reports, adding that the police would respond.",
        {
            "A red line has been crossed": "the prime minister's office",
            "the police would respond": "the prime minister's office",
        },
    ),
    (
        "“Several people were shot,” a spokesperson from the Dialogue and Reconciliation "
        "Commission to Save the Artibonite Valley said.",
        {
            "Several people were shot": "a spokesperson from the Dialogue and Reconciliation "
            "Commission to Save the Artibonite Valley"
        },
    ),
    (
        "“They executed dozens of residents,” Marie Joseph told radio station Magik 9.",
        {"They executed dozens of residents": "Marie Joseph"},
    ),
    (
        "A bomb hit a bus in the province of Herat, killing five civilians and injuring two, "
        "said Ali Jan, the district chief.",
        {
            "A bomb hit a bus in the province of Herat, killing five civilians and injuring two": (
                "Ali Jan, the district chief"
            )
        },
    ),
    (
        "In April, the international coalition set up to fight the extremists said attacks fell.",
        {"attacks fell": "the international coalition"},
    ),
    (
        "The security official, however, said seven soldiers had been killed.",
        {"seven soldiers had been killed": "The security official"},
    ),
    (
        "Local authorities and inhabitants have blamed the attack on jihadists.",
        {"the attack on jihadists": "Local authorities"},
    ),
    (
        '"Sala da Paz" ("Peace Room"), a coalition of observer groups, puts the death toll at 15.',
        {"the death toll at 15": "Sala da Paz"},
    ),
    (
        'According to "Sala da Paz", there was one soldier among the dead.',
        {"there was one soldier among the dead": "Sala da Paz"},
    ),
    (
        "He said ten people died but he stressed that police were still investigating.",
        {"ten people died": None, "police were still investigating": None},
    ),
    (
        "An airstrike on a village killed ten civilians, locals and media reports said.",
        {"An airstrike on a village killed ten civilians": "locals"},
    ),
    (
        "He and other locals had cremated the dead that evening, he said, asking not to be named.",
        {"He and other locals had cremated the dead that evening": None},
    ),
    (
        "BBC Burmese also reported the air strikes, with some outlets saying nine people died.",
        {"the air strikes": "BBC Burmese", "nine people died": "BBC Burmese"},
    ),
    (
        "The RSF “attacked the village” on Saturday, said a Sunday statement from the local "
        "resistance committee.",
        {"The RSF “attacked the village” on Saturday": "the local resistance committee"},
    ),
    (
        "A medical source at the hospital, 80 kilometres away, confirmed to AFP news agency that "
        "they had received 200 wounded.",
        {"they had received 200 wounded": "A medical source"},
    ),
    (
        "A car was hit, killing a man, the regional governor said on the Telegram messenger app.",
        {"A car was hit, killing a man": "the regional governor"},
    ),
    (
        "According to Ukrinform, the head of the regional administration, Mykola Kalashnyk, "
        "stated this on Telegram.",
        {},
    ),
    (
        "Zamfara state police spokesman Mohammed Shehu said his officers would arrest the gunmen.",
        {"his officers would arrest the gunmen": "Zamfara state police spokesman Mohammed Shehu"},
    ),
    (
        "The toll has risen to 10, a hospital official there said.",
        {"The toll has risen to 10": "a hospital official"},
    ),
    (
        "The toll has risen to 51, a health official involved in the response said.",
        {"The toll has risen to 51": "a health official"},
    ),
    (
        "Kibrom Gebreselassie, the CEO of Ayder Referral Hospital, said they were killed in the "
        "strike.",
        {
            "they were killed in the strike": "Kibrom Gebreselassie, the CEO of Ayder Referral "
            "Hospital"
        },
    ),
    (
        "A drone strike killed three people, Iraqi Kurdistan's counter-terrorism service said. "
        "The statement said a vehicle was hit.",
        {
            "A drone strike killed three people": "Iraqi Kurdistan's counter-terrorism service",
            "a vehicle was hit": "Iraqi Kurdistan's counter-terrorism service",
        },
    ),
    (
        "“We lost four soldiers,” a military officer said in reference to the militia.",
        {"We lost four soldiers": "a military officer"},
    ),
    (
        "“Our troops were overwhelmed,” added the officer who asked not to be identified.",
        {"Our troops were overwhelmed": "the officer"},
    ),
    (
        "The gunmen rode pick-up trucks according to an anti-jihadist militiaman.",
        {"The gunmen rode pick-up trucks": "an anti-jihadist militiaman"},
    ),
    (
        "Militia leader Babakura Kolo told AFP from the regional capital, Maiduguri: “Most of "
        "the men were shot.”",
        {"Most of the men were shot": "Militia leader Babakura Kolo"},
    ),
    (
        "Pol. Col. Mana Daechawarit of the Sai Buri police station said the soldiers were on "
        "patrol.",
        {
            "the soldiers were on patrol": "Pol. Col. Mana Daechawarit of the Sai Buri police "
            "station"
        },
    ),
    # a manner adverb between the subject and its verb
    (
        "Ali Hassan, the rebels' spokesman, flatly denied that the group shelled the market.",
        {"the group shelled the market": "Ali Hassan, the rebels' spokesman"},
    ),
    # a photographer or correspondent speaks; "at the scene" is where, not who
    (
        "A photographer at the scene said three houses had burned.",
        {"three houses had burned": "A photographer"},
    ),
    (
        "Correspondents for the newspaper reported that the road was closed.",
        {"the road was closed": "Correspondents for the newspaper"},
    ),
    # what a witness reports seeing is the content, not the seeing
    (
        "A farmer reported seeing armed men near the well.",
        {"armed men near the well": "A farmer"},
    ),
    # "in a short statement" is the medium, wherever an adjective stands in it
    (
        "The rebels claimed responsibility for the ambush in a short statement.",
        {"responsibility for the ambush": "The rebels"},
    ),
    # "known as" joins a body's description to its name: one source
    (
        "A rebel coalition known as the Alliance said the town fell.",
        {"the town fell": "A rebel coalition known as the Alliance"},
    ),
    # "has long accused": an adverb of time between the auxiliary and the verb
    (
        "The ministry has long accused the militia of blocking aid.",
        {"the militia of blocking aid": "The ministry"},
    ),
]


@pytest.mark.parametrize("text, expected", CASES, ids=[text[:40] for text, _ in CASES])
def test_claims_go_to_their_sources(text: str, expected: dict[str, str | None]) -> None:
    assert claims_and_sources(text) == expected


def test_the_second_claim_of_a_toll_giver_goes_to_it() -> None:
    text = "A second security source gave the same toll of 14 and said the attackers fled."
    found = attribution(text)
    sources = [s.text for s in found if s.label == "source"]
    assert sources == ["A second security source"]


def test_an_official_who_asked_to_remain_anonymous_is_unnamed() -> None:
    found = attribution(
        "A police officer, who asked to remain anonymous, said the blast killed four people."
    )
    (source,) = [s for s in found if s.label == "source"]
    assert (source.text, source.attributes["source_type"]) == ("A police officer", "unnamed")


def test_a_title_before_a_name_makes_an_official_person() -> None:
    found = attribution("Kunar Gov. Asadullah Wafa said the strike hit a wedding party.")
    (source,) = [s for s in found if s.label == "source"]
    assert source.text == "Kunar Gov. Asadullah Wafa"
    assert source.attributes["source_type"] == "official_person"


def test_put_without_a_toll_is_no_cue() -> None:
    assert attribution("The army put the village under curfew on Sunday.") == []


@pytest.mark.parametrize(
    "text",
    [
        "The death toll was 10, but media reports suggest the fatalities may be much higher.",
        "Fighting resumed despite a ceasefire declared by the group in December.",
        "No group claimed responsibility for the attack.",
        "No group swiftly claimed responsibility for the bombing.",
    ],
)
def test_what_only_looks_like_a_cue_proposes_no_source(text: str) -> None:
    assert [s.text for s in attribution(text) if s.label == "source"] == []


def test_listeners_told_are_no_outlet() -> None:
    found = attribution("General Ali Musa told journalists that nine soldiers were wounded.")
    assert [s.text for s in found if s.label == "source"] == ["General Ali Musa"]


def test_a_news_agency_is_media_even_when_official() -> None:
    found = attribution("The official news agency Wafa reported that a surgeon was killed.")
    (source,) = [s for s in found if s.label == "source"]
    assert source.attributes["source_type"] == "media"


def test_rights_groups_are_ngos() -> None:
    found = attribution(
        "A human rights group reports that a gang leader ordered the killings. "
        "The Committee to Protect Journalists said two reporters were killed."
    )
    kinds = {s.text: s.attributes.get("source_type") for s in found if s.label == "source"}
    assert kinds == {
        "A human rights group": "ngo",
        "The Committee to Protect Journalists": "ngo",
    }


def test_a_wire_agency_told_is_no_source() -> None:
    found = attribution("“Two civilians were killed,” police told AFP on Tuesday.")
    assert [s.text for s in found if s.label == "source"] == ["police"]


def test_a_noun_that_spells_like_a_cue_is_none() -> None:
    text = "Macron and the leaders of Sahel states agreed to focus on the border region."
    assert attribution(text) == []


def test_media_reports_and_rebel_groups_have_their_kinds() -> None:
    found = attribution(
        "Ten civilians were killed, locals and media reports said. "
        "Twenty people died, an ethnic rebel group said."
    )
    kinds = {s.text: s.attributes.get("source_type") for s in found if s.label == "source"}
    assert kinds == {
        "locals": "witness",
        "media reports": "media",
        "an ethnic rebel group": "armed_group",
    }


def test_a_name_in_apposition_after_a_title_is_an_official_person() -> None:
    found = attribution("The ministry's spokesman, Ahmed Ali, said 20 people were killed.")
    (source,) = [s for s in found if s.label == "source"]
    assert source.text == "The ministry's spokesman, Ahmed Ali"
    assert source.attributes["source_type"] == "official_person"


def test_a_ministry_spokesman_is_a_person_an_office_of_a_title_a_body() -> None:
    found = attribution(
        "A ministry spokesman said the area was far south. "
        "The Office of the UN High Commissioner for Human Rights said it was concerned."
    )
    kinds = {s.text: s.attributes.get("source_type") for s in found if s.label == "source"}
    assert kinds["A ministry spokesman"] == "official_person"
    assert kinds["The Office of the UN High Commissioner for Human Rights"] != "official_person"


def test_the_governor_of_a_region_is_an_official_person() -> None:
    found = attribution("The governor of Russia's Belgorod region said a civilian was killed.")
    (source,) = [s for s in found if s.label == "source"]
    assert source.attributes["source_type"] == "official_person"
