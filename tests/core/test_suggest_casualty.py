"""The casualty-figure suggester on news-style sentences (issue 13): which spans it proposes,
with which attributes, and the numbers it must leave alone."""

from __future__ import annotations

from typing import Any

import pytest

from annotator.core.schema import default_schema, validate_attributes
from annotator.core.suggest.base import SuggestContext
from annotator.core.suggest.casualty import NAME, find_figures
from annotator.core.suggest.run import suggest

N = None
SCHEMA = default_schema()

# (sentence, the figures proposed in order: (span text, attributes it must have)). A key
# mapped to None must be absent.
FIGURES: list[tuple[str, list[tuple[str, dict[str, Any]]]]] = [
    # The schema's own examples, on other conflicts.
    (
        "An overnight exchange of fire left three soldiers dead and injured four others.",
        [
            ("three soldiers", {"outcome": "killed", "qualifier": "exact", "low": 3, "high": 3}),
            ("four others", {"outcome": "injured", "low": 4}),
        ],
    ),
    (
        "The war in Tigray is estimated to have cost over 6,500 lives.",
        [("over 6,500 lives", {"qualifier": "more_than", "low": 6500, "high": N})],
    ),
    (
        "Four Ukrainian and two Russian soldiers were killed in the exchange.",
        [
            ("Four Ukrainian", {"victim_side": "Ukraine", "outcome": "killed", "low": 4}),
            ("two Russian soldiers", {"victim_side": "Russia", "victim_type": "combatant"}),
        ],
    ),
    # Ukraine.
    (
        "Russian missile strikes on Dnipro killed at least 14 people and wounded 73 others, "
        "regional governor Serhiy Lysak said on Saturday.",
        [
            ("at least 14 people", {"qualifier": "at_least", "low": 14, "outcome": "killed"}),
            ("73 others", {"outcome": "injured", "scope": "incident"}),
        ],
    ),
    (
        "A Russian drone attack on Odesa overnight killed two people and injured eight, "
        "including a child, officials said.",
        [
            ("two people", {"outcome": "killed", "victim_type": "unknown"}),
            ("eight", {"outcome": "injured", "low": 8}),
            ("a child", {"outcome": "injured", "low": 1, "victim_type": "civilian"}),
        ],
    ),
    (
        "Two Ukrainian servicemen were killed and five wounded when their position near "
        "Bakhmut came under artillery fire.",
        [
            ("Two Ukrainian servicemen", {"outcome": "killed", "victim_side": "Ukraine"}),
            ("five", {"outcome": "injured"}),
        ],
    ),
    (
        "A 45-year-old man was wounded by shrapnel in the village of Bilozerka, the governor "
        "wrote on Telegram.",
        [("A 45-year-old man", {"outcome": "injured", "qualifier": "exact", "low": 1})],
    ),
    (
        "Eleven people, including three children, were killed when a missile hit a "
        "residential building in Kryvyi Rih.",
        [
            ("Eleven people", {"outcome": "killed", "low": 11, "scope": "incident"}),
            ("three children", {"outcome": "killed", "victim_type": "civilian"}),
        ],
    ),
    (
        "Ukraine's general staff said Russia had lost 540 soldiers in the past day.",
        [("540 soldiers", {"outcome": "unspecified", "victim_type": "combatant"})],
    ),
    (
        "The death toll from Friday's strike on the shopping centre climbed to 32.",
        [("32", {"outcome": "killed", "low": 32})],
    ),
    # Gaza.
    (
        "The Gaza health ministry says more than 40,000 Palestinians have been killed since "
        "the war began.",
        [
            (
                "more than 40,000 Palestinians",
                {"victim_side": "Palestine", "scope": "cumulative", "qualifier": "more_than"},
            )
        ],
    ),
    (
        "Militants killed about 1,200 people and took some 250 hostages in the attack, "
        "according to official tallies.",
        [
            ("about 1,200 people", {"qualifier": "approx", "low": 1200, "high": 1200}),
            ("some 250 hostages", {"outcome": "captured", "qualifier": "approx"}),
        ],
    ),
    (
        "The strike killed a Palestinian journalist and his two sons.",
        [
            ("a Palestinian journalist", {"outcome": "killed", "victim_side": "Palestine"}),
            ("two sons", {"outcome": "killed", "low": 2}),
        ],
    ),
    (
        "In Rafah, a photographer saw the body of a man identified as a local commander.",
        [("a man", {"outcome": "killed", "low": 1, "high": 1})],
    ),
    # Constructions, on several conflicts: tolls, lists, elliptical and vague figures,
    # killing verbs, speakers and attackers who are no victims.
    (
        # The victims, then people who speak: only the victims count.
        "Three officers were killed and a woman said she saw the blast.",
        [("Three officers", {"outcome": "killed"})],
    ),
    (
        "A commission member said nearly 200 Sudanese soldiers and civilians are still "
        "listed as missing.",
        [
            (
                "nearly 200 Sudanese soldiers and civilians",
                {"outcome": "missing", "victim_type": "mixed", "victim_side": "Sudan"},
            )
        ],
    ),
    (
        "Over 100 killed in RSF attack on village, activists say.",
        [("Over 100", {"outcome": "killed", "qualifier": "more_than", "low": 100})],
    ),
    (
        "Six members of one family were killed when the house in Sumy collapsed.",
        [("Six members of one family", {"outcome": "killed", "low": 6})],
    ),
    (
        "Rebels said they killed 25 government troops and captured 12.",
        [
            ("25 government troops", {"outcome": "killed", "victim_type": "combatant"}),
            ("12", {"outcome": "captured"}),
        ],
    ),
    (
        "One Ukrainian was killed and another was injured.",
        [("One Ukrainian", {"outcome": "killed", "victim_side": "Ukraine", "low": 1})],
    ),
    (
        "The bombing injured scores, many of them critically.",
        [("scores", {"outcome": "injured", "qualifier": "vague", "low": 40})],
    ),
    (
        "Jihadists executed 12 gendarmes near Djibo, and twenty villagers were massacred.",
        [
            ("12 gendarmes", {"outcome": "killed", "victim_type": "combatant"}),
            ("twenty villagers", {"outcome": "killed", "victim_type": "civilian"}),
        ],
    ),
    (
        "Five members of the security forces were killed in Mogadishu.",
        [("Five members of the security forces", {"outcome": "killed", "low": 5})],
    ),
    (
        "Around half a million people have been killed, researchers estimate.",
        [("Around half a million people", {"qualifier": "approx", "low": 500000})],
    ),
    (
        "Many were killed, several witnesses said, and a high number of casualties was "
        "reported in the camp.",
        [
            ("Many", {"outcome": "killed", "qualifier": "vague", "low": N}),
            ("a high number of casualties", {"qualifier": "vague", "low": N}),
        ],
    ),
    (
        "A monitor said 14 pro-government fighters and 9 jihadists were killed in the clashes.",
        [
            ("14 pro-government fighters", {"outcome": "killed", "victim_type": "combatant"}),
            ("9 jihadists", {"outcome": "killed"}),
        ],
    ),
    (
        "An Israeli strike on Damascus killed two members of the Revolutionary Guards.",
        [("two members of the Revolutionary Guards", {"outcome": "killed", "low": 2})],
    ),
    (
        "Jihadists killed at least 50 soldiers and volunteer fighters near the border.",
        [("at least 50 soldiers and volunteer fighters", {"victim_type": "combatant"})],
    ),
    (
        'The army said it had "neutralised" dozens of terrorists in counter-attacks.',
        [("dozens of terrorists", {"outcome": "killed", "qualifier": "vague"})],
    ),
    (
        "He was one of three soldiers wounded in the ambush.",
        [("three soldiers", {"outcome": "injured"})],
    ),
    (
        "More than 100 people were killed or wounded, and the shelling killed and wounded "
        "dozens of civilians.",
        [
            ("More than 100 people", {"outcome": "unspecified"}),
            ("dozens of civilians", {"outcome": "unspecified"}),
        ],
    ),
    (
        # The verb before a number is that number's, not the next figure's.
        "The fighting, which killed many, has driven 200,000 refugees into Chad.",
        [("many", {"outcome": "killed", "qualifier": "vague"})],
    ),
    (
        "Landmines killed or maimed 23 children, and cluster munitions maimed 12 more.",
        [
            ("23 children", {"outcome": "unspecified"}),
            ("12 more", {"outcome": "injured", "low": 12}),
        ],
    ),
    (
        # A victim noun no list knows counts when the verb plainly makes them victims.
        "A helicopter fired on the monastery, where a monk and two novices were killed.",
        [("a monk", {"outcome": "killed", "low": 1}), ("two novices", {"outcome": "killed"})],
    ),
    (
        "Two dozen people were killed and several hundred civilians were wounded.",
        [
            ("Two dozen people", {"outcome": "killed", "qualifier": "exact", "low": 24}),
            ("several hundred civilians", {"outcome": "injured", "qualifier": "vague"}),
        ],
    ),
    (
        "Among those killed were three senior officials and a journalist.",
        [
            ("three senior officials", {"outcome": "killed", "low": 3}),
            ("a journalist", {"outcome": "killed", "low": 1}),
        ],
    ),
    (
        "Sixty-three migrants drowned off the coast of Djibouti.",
        [("Sixty-three migrants", {"outcome": "killed", "low": 63})],
    ),
    (
        "Two journalists were among 11 people killed in the strike.",
        [("Two journalists", {"outcome": "killed"}), ("11 people", {"outcome": "killed"})],
    ),
    (
        # The object of another verb keeps its own (no) outcome.
        "Police arrested 120 protesters, and three demonstrators were shot dead.",
        [("three demonstrators", {"outcome": "killed"})],
    ),
    (
        "The strike killed a 12-year-old in Gaza City, and two 17-year-olds were shot dead.",
        [
            ("a 12-year-old", {"outcome": "killed", "low": 1}),
            ("two 17-year-olds", {"outcome": "killed", "low": 2}),
        ],
    ),
    (
        "The UN verified 1,200 civilian casualties in March, including 400 deaths. Of those "
        "killed, 56 were children.",
        [
            ("1,200 civilian casualties", {"outcome": "unspecified", "victim_type": "civilian"}),
            ("400 deaths", {"outcome": "killed"}),
            ("56", {"outcome": "killed"}),
        ],
    ),
    (
        "Four crew members were rescued; two remain missing. Hundreds were feared dead.",
        [("two", {"outcome": "missing"}), ("Hundreds", {"outcome": "killed", "low": 200})],
    ),
    (
        # Whoever a killing verb takes as its object is a victim, listed noun or not.
        "A mortar round landed on a wedding party, killing 21 guests and wounding dozens.",
        [("21 guests", {"outcome": "killed"}), ("dozens", {"outcome": "injured"})],
    ),
    (
        "Two members of Ukraine's border guard were killed, and the strike killed at least "
        "20 people — including 12 children — in Kharkiv.",
        [
            ("Two members of Ukraine's border guard", {"victim_side": "Ukraine"}),
            ("at least 20 people", {"outcome": "killed"}),
            ("12 children", {"outcome": "killed"}),
        ],
    ),
    (
        # "minutes" and "miners" share their first letters: only the unit is no count.
        "Twenty-one miners were abducted from a gold mine, and two ministers were killed.",
        [
            ("Twenty-one miners", {"outcome": "captured", "low": 21}),
            ("two ministers", {"outcome": "killed"}),
        ],
    ),
    (
        "Dozens of people are feared to have been killed. Local sources reported 17 deaths "
        "and over 40 injuries.",
        [
            ("Dozens of people", {"outcome": "killed", "qualifier": "vague"}),
            ("17 deaths", {"outcome": "killed"}),
            ("over 40 injuries", {"outcome": "injured", "qualifier": "more_than"}),
        ],
    ),
    (
        "The militants executed the village chief and two of his sons.",
        [("two of his sons", {"outcome": "killed", "low": 2})],
    ),
    # Sudan.
    (
        "The army said two soldiers died in northern Gaza, bringing the number of troops "
        "killed since the ground operation began to 17.",
        [("two soldiers", {"outcome": "killed"}), ("17", {"outcome": "killed", "low": 17})],
    ),
    (
        "More than 1,400 people were killed in the attack, and some 240 were taken hostage.",
        [
            ("More than 1,400 people", {"outcome": "killed"}),
            ("some 240", {"outcome": "captured", "qualifier": "approx", "low": 240}),
        ],
    ),
    (
        "Fighting that has killed more than 1,800 people entered its eighth week on Saturday.",
        [("more than 1,800 people", {"scope": "cumulative"})],
    ),
    (
        "The conflict, now in its second month, has also left thousands wounded.",
        [("thousands", {"outcome": "injured", "qualifier": "vague", "low": 2000})],
    ),
    (
        "The Rapid Support Forces killed more than 100 villagers in an attack on Wad "
        "al-Nourah, activists said.",
        [("more than 100 villagers", {"victim_type": "civilian", "scope": "incident"})],
    ),
    (
        "Fighting in Sudan has killed tens of thousands of people and displaced more than "
        "10 million since April 2023.",
        [("tens of thousands of people", {"qualifier": "vague", "low": 20000})],
    ),
    (
        "Doctors said they had received dozens of wounded after the market was shelled.",
        [("dozens of wounded", {"outcome": "injured", "qualifier": "vague", "low": 24})],
    ),
    (
        "The activist group said it had counted 22 bodies and that the toll was expected to rise.",
        [("22 bodies", {"outcome": "killed", "low": 22})],
    ),
    # Yemen.
    (
        "A coalition air strike on a detention centre in Saada killed at least 70 people and "
        "wounded 138, Houthi officials said.",
        [
            ("at least 70 people", {"outcome": "killed"}),
            ("138", {"outcome": "injured", "low": 138, "high": 138}),
        ],
    ),
    (
        "At least 68 migrants died when their boat capsized off Yemen, the UN migration "
        "agency said.",
        [("At least 68 migrants", {"outcome": "killed", "qualifier": "at_least"})],
    ),
    # Myanmar.
    (
        "Resistance fighters said they had captured 30 junta soldiers and seized two bases.",
        [("30 junta soldiers", {"outcome": "captured", "victim_type": "combatant"})],
    ),
    (
        "A spokesperson told Reuters 10 people were killed and 20 were wounded.",
        [("10 people", {"outcome": "killed"}), ("20", {"outcome": "injured"})],
    ),
    (
        "Both groups said two children, ages 3 and 9, were among the dead.",
        [("two children", {"outcome": "killed", "low": 2})],
    ),
    # Ethiopia.
    (
        "Between 10 and 15 fighters died in the clashes, a security source said.",
        [("Between 10 and 15 fighters", {"qualifier": "range", "low": 10, "high": 15})],
    ),
    (
        "Five Eritrean soldiers were taken prisoner, the regional authorities said.",
        [("Five Eritrean soldiers", {"outcome": "captured", "victim_side": "Eritrea"})],
    ),
    (
        '"The ones who arrived here and passed away are around 26 people," he added.',
        [("around 26 people", {"outcome": "killed", "qualifier": "approx"})],
    ),
    (
        "There were more than 100 injured people who came in at first and many more after that.",
        [
            ("more than 100 injured people", {"outcome": "injured", "low": 100}),
            ("many more", {"outcome": "injured", "qualifier": "vague"}),
        ],
    ),
    (
        "Up to 30 civilians may have been killed, Human Rights Watch said.",
        [("Up to 30 civilians", {"qualifier": "at_most", "low": N, "high": 30})],
    ),
    (
        "Casualties included four police officers and a firefighter.",
        [
            ("four police officers", {"outcome": "unspecified"}),
            ("a firefighter", {"outcome": "unspecified"}),
        ],
    ),
]

# Numbers that count no victims, and people to whom nothing happened.
NOTHING = [
    "The 24-year-old soldier had served two years in the 3rd brigade.",
    "The talks between the two sides lasted 48 hours.",
    "About 3,000 troops and 200 tanks were deployed to the border region.",
    "Prices rose 12 percent, and 5 million people face hunger.",
    "In 2022, the government spent $1.2 billion on defence.",
    "The drone flew 1,000 km before striking a refinery at 3:40 a.m.",
    "Three officials familiar with the matter said the plan was approved.",
    "Two of the four reactors at the plant were shut down.",
    "More than 60 countries signed the declaration on Monday.",
    "Russia fired 40 missiles and 35 drones at Ukraine's energy grid overnight.",
    "The children, aged 6 and 9, were taken to hospital.",
    "Officials said the attack, the third in a week, targeted a power plant.",
    "The United Nations said 1.5 million people had fled to neighbouring Chad.",
    "At least 1.2 million people have been displaced by violence, the United Nations says.",
    "The Houthis said they had targeted three ships in the Red Sea with 12 missiles.",
    "Ukrainian forces shot down 23 of 31 drones launched overnight, the air force said.",
    "A woman in a mauve coat lay on the ground, two shopping bags near her head.",
    "The region alone had suffered 20 shelling incidents in one day.",
    "The village of about 60 households lies in Chin State.",
    "The air strikes began a little after 2 am (2300 GMT) on 12 March 2024.",
    "Israel said it had targeted three leaders of the group.",
    "A spokesperson for the junta could not be reached on Friday.",
    "Security Council resolution 2334 was adopted by 14 votes.",
    # People who speak, near a loss word.
    "After the shelling of the market, two residents told AFP the town was empty.",
    "An aid worker said the two governments count casualties differently.",
    "Among the dead was Abdirashid Abdinur, a local commander.",
    "Some 300 fighters attacked the town and killed civilians.",
    "Two tanks were destroyed and three rockets were fired at the base.",
    "The shelling damaged 30 homes and a school, but no one was hurt.",
    "More than 8 in 10 of the victims were women and children.",
    "The strike killed 3 goats and wounded 2 cows.",
    "The agency, citing a regional health official, said the wounded had been moved.",
]


@pytest.mark.parametrize(("sentence", "expected"), FIGURES, ids=[s[:40] for s, _ in FIGURES])
def test_figures_and_their_attributes(
    sentence: str, expected: list[tuple[str, dict[str, Any]]]
) -> None:
    found = find_figures(sentence)
    assert [s.text for s in found] == [text for text, _ in expected]
    for suggestion, (_, attributes) in zip(found, expected, strict=True):
        assert sentence[suggestion.start : suggestion.end] == suggestion.text
        for key, value in attributes.items():
            assert suggestion.attributes.get(key) == value, (suggestion.text, key)
        assert validate_attributes(SCHEMA.label("casualty_figure"), suggestion.attributes) == []


@pytest.mark.parametrize("sentence", NOTHING, ids=[s[:40] for s in NOTHING])
def test_numbers_that_are_not_casualties_are_left_alone(sentence: str) -> None:
    assert find_figures(sentence) == []


def test_a_figure_is_surer_with_its_outcome_word_than_with_its_noun_alone() -> None:
    (killed,) = find_figures("Shelling killed 12 civilians in the town.")
    (losses,) = find_figures("The army reported 17 casualties among its troops.")
    assert losses.attributes["outcome"] == "unspecified"
    assert killed.score > losses.score


def test_scope_follows_the_sentence() -> None:
    cumulative, incident, unclear = (
        find_figures(text)[0].attributes.get("scope")
        for text in (
            "So far 3,000 civilians have been killed, the UN said.",
            "An air strike on Tuesday killed nine people.",
            "Officials said 12 people had been injured.",
        )
    )
    assert (cumulative, incident, unclear) == ("cumulative", "incident", None)


def test_offsets_hold_in_a_longer_text_with_non_ascii_letters() -> None:
    text = (
        "KYIV — İhsan Özdemir reported from the scene.\n\n"
        "Officials said “at least three people” were killed in Kherson.\n"
        "Later, a 69-year-old woman was killed on the spot and a 70-year-old woman suffered "
        "gunshot wounds."
    )
    found = find_figures(text)
    assert [s.text for s in found] == [
        "at least three people",
        "a 69-year-old woman",
        "a 70-year-old woman",
    ]
    assert [s.attributes["outcome"] for s in found] == ["killed", "killed", "injured"]
    assert all(text[s.start : s.end] == s.text for s in found)


def test_the_runner_proposes_the_figures_through_the_registry() -> None:
    text = "Russian shelling killed two civilians in Kherson, the governor said."
    found = [s for s in suggest(text, SuggestContext(SCHEMA)) if s.suggester == NAME]
    assert [(s.label, s.text) for s in found] == [("casualty_figure", "two civilians")]
    assert found[0].attributes["victim_type"] == "civilian"
    only_places = suggest(text, SuggestContext(SCHEMA), labels=["location"])
    assert all(s.label == "location" for s in only_places)
