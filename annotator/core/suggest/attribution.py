"""Sources and claims from attribution cues (issue 13): "Ukraine's military said [that] CLAIM",
"CLAIM, according to R.F.E./R.L.", "“CLAIM,” the ministry said", "a military source told
Reuters", "Reuters, citing a ministry spokesperson".

For each reporting cue in a sentence the suggester finds the source phrase it governs (before
the verb, after it when inverted, after "according to" or "citing") and the clause it
reports: after the verb when something follows it, else the stretch of the sentence before the
source. Spans follow the schema's guidance: a source is the shortest phrase naming who
(title included, speech verb not); a claim is the content only (no quotation marks, no final
full stop, no "that"). A pronoun ("he said") is never a source: its claim is attributed to the
nearest source before it. Attributes are filled only where the words say so.
"""

from __future__ import annotations

import re
from dataclasses import replace

from annotator.core.model import AttributeValue
from annotator.core.suggest import attribution_words as words
from annotator.core.suggest.attribution_claims import HEDGES, Cue, content_span
from annotator.core.suggest.attribution_cues import sentence_cues
from annotator.core.suggest.attribution_kinds import classify
from annotator.core.suggest.attribution_phrase import Token, possessive, tokens
from annotator.core.suggest.base import Link, SuggestContext, Suggestion, register
from annotator.core.suggest.sentences import sentence_spans

NAME = "attribution"

# Words without which a sentence holds no cue (a set lookup per word beats one big regex).
_CUE_WORDS = (
    words.CUE_VERBS
    | {"according", "citing", "quoting", "adding", "noting", "comment", "response"}
    | {"reaction", "shared", "released", "published", "issued", "compiled", "provided"}
    | {"posted", "put", "puts", "gave", "gives", "placed", "places"}
)
_WORD = re.compile(r"[a-z]+")
# "KYIV (Reuters) —": the outlet publishing the story; "told Reuters" there is no relay.
_PUBLISHER = re.compile(r"\((Reuters|AFP|AP|Associated Press|Bloomberg|Xinhua|TASS)\)")


_WIRES = frozenset(
    {"reuters", "afp", "ap", "associated press", "the associated press", "xinhua", "efe"}
    | {"agence france-presse", "agence france presse", "dpa", "lusa", "aim", "anadolu"}
    | {"the afp news agency", "the afp", "afp news agency", "anadolu agency", "ians", "pti"}
)
_PUBLISHER_ALIASES = (
    frozenset({"ap", "associated press", "the associated press"}),
    frozenset({"afp", "agence france-presse", "agence france presse"}),
)


def _publisher_names(found: re.Match[str] | None) -> frozenset[str]:
    """How the text may name its publisher when something is told to it."""
    if found is None:
        return frozenset()
    name = found.group(1).casefold()
    for aliases in _PUBLISHER_ALIASES:
        if name in aliases:
            return aliases
    return frozenset({name, f"the {name}"})


@register(NAME, ("source", "claim"))
def suggest_attribution(text: str, context: SuggestContext) -> list[Suggestion]:
    # Only sentences with a cue word are tokenised: the rest cannot hold a source or claim.
    toks: list[Token] = []
    publisher = _PUBLISHER.search(text, 0, 300)
    cues: list[Cue] = []
    previous: Cue | None = None  # the last cue of the sentence before, if it had one
    lowered = text.lower()
    if len(lowered) != len(text):  # "İ" lowers to two code points: keep offsets aligned
        lowered = "".join(c if len(c.lower()) != 1 else c.lower() for c in text)
    for first, last in sentence_spans(text):
        if _CUE_WORDS.isdisjoint(_WORD.findall(lowered, first, last)):
            previous = _quotation_on(text, toks, first, last, previous)
            if previous is not None:
                cues.append(previous)
            continue
        low = len(toks)
        toks.extend(tokens(text, first, last))
        found = sentence_cues(text, toks, low, len(toks), first, last)
        cues.extend(found)
        previous = found[-1] if found and found[-1].claim is not None else None
    return _suggestions(text, toks, cues, _publisher_names(publisher))


def _quotation_on(
    text: str, toks: list[Token], first: int, last: int, previous: Cue | None
) -> Cue | None:
    """ "“We are ready,” he said. “But we need weapons.”": a sentence that is all quotation,
    right after an attributed claim, goes on quoting the same source."""
    if previous is None or (previous.source is None and previous.pronoun is None):
        return None
    body = text[first:last].rstrip()
    if body[:1] not in '“"«' or body.rstrip(".")[-1:] not in '”"»':
        return None
    if any(mark in body[1:-1] for mark in "“”«»") or body[1:-1].count('"') > 1:
        return None
    at = len(toks)
    toks.extend(tokens(text, first, first + 1))  # the opening quotation mark stands as its cue
    cue = Cue(at, source=previous.source, pronoun=previous.pronoun, also=previous.also)
    cue.claim, cue.direct = content_span(text, first, last)
    return cue if cue.claim is not None else None


# -- suggestions ---------------------------------------------------------------------------


def _suggestions(
    text: str, toks: list[Token], cues: list[Cue], publisher: frozenset[str]
) -> list[Suggestion]:
    out: list[Suggestion] = []
    index: dict[tuple[int, int], int] = {}
    kinds: list[str | None] = []

    def add_source(span: tuple[int, int], unnamed: bool = False) -> int:
        phrase = toks[span[0] : span[1] + 1]
        start, end = phrase[0].start, phrase[-1].end
        # "the ministry's figures": the source is the ministry, without its "'s"
        if possessive(phrase[-1]):
            end -= 2 if phrase[-1].text.endswith(("'s", "’s")) else 1
        if (start, end) in index:
            return index[(start, end)]
        kind, affiliation = classify(phrase)
        if unnamed:
            kind = "unnamed"
        attributes: dict[str, AttributeValue] = {}
        if kind:
            attributes["source_type"] = kind
        if affiliation:
            attributes["affiliation"] = affiliation
        index[(start, end)] = len(out)
        kinds.append(kind)
        out.append(
            Suggestion(
                "source", start, end, text[start:end], attributes, 0.8 if kind else 0.6, NAME
            )
        )
        return index[(start, end)]

    for cue in cues:
        source = add_source(cue.source, cue.unnamed) if cue.source else None
        others = [add_source(extra) for extra in cue.also]
        if cue.cited is not None and source is not None:
            _link(out, source, Link("cites", add_source(cue.cited)))
        if cue.relay is not None:
            relay_phrase = toks[cue.relay[0] : cue.relay[1] + 1]
            citing = toks[cue.at].lower in ("citing", "quoting")
            told = " ".join(t.lower for t in relay_phrase)
            # "told AFP": wire copy runs under many mastheads, often without its dateline; a
            # wire agency told is the story's own publisher, a listener, never a source.
            told_publisher = told in publisher or (not citing and told in _WIRES)
            if citing or (classify(relay_phrase)[0] == "media" and not told_publisher):
                relay = add_source(cue.relay)
                if source is not None:
                    _link(out, relay, Link("cites", source))
        if source is None and cue.pronoun:
            source = _antecedent(out, kinds, toks[cue.at].start, cue.pronoun)
        if cue.claim is None:
            continue
        start, stop = cue.claim
        attributes: dict[str, AttributeValue] = dict(cue.attributes)
        attributes["quote_style"] = "direct" if cue.direct else "indirect"
        if "factuality" not in attributes and HEDGES.search(text, start, stop):
            attributes["factuality"] = "hedged"
        targets = [t for t in (source, *others) if t is not None]
        links = tuple(Link("attributed_to", t) for t in targets)
        out.append(Suggestion("claim", start, stop, text[start:stop], attributes, 0.5, NAME, links))
        kinds.append(None)
    return out


def _link(out: list[Suggestion], at: int, link: Link) -> None:
    """Add a ``cites`` link; the relaying source is an intermediary, the cited one original
    (the schema's ``role``)."""
    item = out[at]
    if link in item.links or link.to == at:
        return
    out[at] = replace(
        item, links=(*item.links, link), attributes={**item.attributes, "role": "intermediary"}
    )
    cited = out[link.to]
    if "role" not in cited.attributes:
        out[link.to] = replace(cited, attributes={**cited.attributes, "role": "original"})


_PERSON_KINDS = ("official_person", "witness", "expert", None)
_BODY_KINDS = ("government", "military", "media", "international_org", "ngo", "armed_group")


def _antecedent(
    out: list[Suggestion], kinds: list[str | None], at: int, pronoun: str
) -> int | None:
    """The nearest source before ``at`` that the pronoun can stand for."""
    fitting = (
        _PERSON_KINDS if pronoun in ("he", "she") else _BODY_KINDS if pronoun == "it" else None
    )
    for i in range(len(out) - 1, -1, -1):
        item = out[i]
        if item.label != "source" or item.end > at or at - item.end > 1200:
            continue
        if fitting is None or kinds[i] in fitting:
            return i
        if pronoun in ("he", "she") and kinds[i] == "unnamed" and _singular(item.text):
            return i  # "a local official said ... he said"
        last_word = item.text.split()[-1]
        if (
            pronoun == "it"
            and kinds[i] is None
            and (
                last_word.isupper()
                or item.text.startswith(("the ", "The "))
                or last_word in words.HEAD_NOUNS  # "Iraqi Kurdistan's counter-terrorism service"
            )
        ):
            return i  # "the southern ISOC said ... it added": an acronym or "the X" is a body
    return None


def _singular(phrase: str) -> bool:
    """ "a military official", "the source": one person; "officials", "sources": several."""
    words_in = phrase.lower().split()
    return bool(words_in) and (
        words_in[0] in ("a", "an", "one", "another") or not words_in[-1].endswith("s")
    )
