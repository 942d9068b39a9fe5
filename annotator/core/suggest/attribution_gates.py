"""Which reporting cues count for the attribution suggester: a verb that ends a name ("the
United States"), a figure a verb reports ("put the toll at 30", "the toll given by X"), and
a verb inside another cue's claim, which is part of that claim unless it reports speech or a
contrast opens a new attribution.
"""

from __future__ import annotations

from annotator.core.suggest import attribution_words as words
from annotator.core.suggest.attribution_claims import Cue
from annotator.core.suggest.attribution_phrase import Token

# "the toll given by the army", "figures cited by the UN": who gave a figure is its source.
GIVING_VERBS = words.word_set("given cited quoted announced reported")
FIGURE_NOUNS = words.word_set(
    "figure figures toll tolls tally number numbers estimate estimates count account accounts"
)
# "put the death toll at 30", "gave a toll of 12": a figure reported, so a cue.
TOLL_VERBS = words.word_set("put puts gave gives placed places")
_TOLL_NOUNS = words.word_set("toll tally number figure count")


def in_a_name(toks: list[Token], at: int, low: int) -> bool:
    """ "the United States", "Human Rights Reports": a capitalised verb after a capitalised
    word is the end of a name."""
    return (
        at > low
        and toks[at].text[:1].isupper()
        and toks[at - 1].text[:1].isupper()
        and toks[at - 1].text.isalpha()
    )


def toll_after(toks: list[Token], at: int, high: int) -> bool:
    return any(t.lower in _TOLL_NOUNS for t in toks[at + 1 : min(high, at + 6)])


# Verbs that report speech even inside another's claim ("X said Y told him ...").
SPEECH = words.word_set(
    "said says say told tells stated reported wrote writes added announced stressed",
    "emphasised emphasized insisted",
)


def nested(toks: list[Token], found: list[Cue], cue: Cue) -> bool:
    """ "Peskov said Moscow was open to talks but Kyiv had rejected negotiations": a verb
    inside another cue's claim is part of that claim, unless it reports speech."""
    if (
        toks[cue.at].lower in SPEECH
        or toks[cue.at].lower in TOLL_VERBS
        or (toks[cue.at].lower in GIVING_VERBS and cue.claim is None)  # "the toll given by X"
    ):
        return False
    if cue.at >= 2 and toks[cue.at - 1].lower == "and" and toks[cue.at - 2].text != ",":
        # "condemned the bombing and vowed to continue": the same speaker's second verb
        return False
    if cue.source is not None and cue.source[0] >= 2:
        # "Residents said X, while the army blamed Y": a contrast opens another attribution
        opener, comma = toks[cue.source[0] - 1], toks[cue.source[0] - 2]
        if opener.lower in ("while", "whereas") or (opener.lower == "but" and comma.text == ","):
            return False
    at = toks[cue.at].start
    return any(c.claim is not None and c.claim[0] < at < c.claim[1] for c in found)
