"""Guess a casualty figure's qualifier and bounds from the tagged phrase, to pre-fill the form
(DESIGN section 4). Pure, regex-based, never raises; the first figure in the phrase decides.

- Normalised first: NFKC (no-break, narrow and thin spaces become spaces), case-folded, digits
  of any script to ASCII, dashes to ``-``.
- Digits: thousands grouped by one repeated ``,`` ``.`` space or ``'`` (``6.500`` is 6500);
  decimals only before a scale (``1.2 million``, ``3m``, ``5k``, ``2 dozen``). Not counts:
  ``2nd``, ``T-72``, ages, durations, distances, ``%``, clock times, dates.
- Words: zero..ninety-nine, hundred, thousand, million, billion, with ``and`` and hyphens;
  ``a hundred``; ``dozen`` = 12 (``half a dozen`` = 6). ``no``/``none``/``no one``/``not a
  single`` = 0; ``a``/``an``/``another`` + a singular victim noun (``a soldier``) = 1.
- Qualifier, from the words just before the number (else just after):
  exact: plain number, low = high = n. approx: about, around, approximately, some, roughly,
  nearly, almost, (an) estimated, close to, circa, ~, "n or so", "n-odd", "a couple":
  low = high = n (no invented tolerance). at_least: at least, no fewer/less than, a minimum
  of, "n or more": low n. more_than: over, more than, above, in excess of, upwards of,
  exceeding, "n+", "n-plus": low n. at_most: up to, at most, as many as, no more than, a
  maximum of, "n or fewer": high n. less_than: less than, fewer than, under, below: high n.
  range: between X and Y, X to Y, X-Y, X or Y: sorted low/high; a scale >= 1000 on Y alone
  also scales X if X stays below Y ("1 to 2 million"); X == Y is exact. vague: a quantity word
  without a number, low = the least it literally implies (``VAGUE_FLOORS``), high empty;
  ACLED's coarser floors (tens 10, dozens 12, hundreds 100) are an export choice.
  unspecified: nothing numeric, low and high empty.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal

QUALIFIERS = (
    *("exact", "approx", "at_least", "more_than", "at_most", "less_than"),
    *("range", "vague", "unspecified"),
)


@dataclass(frozen=True)
class FigureGuess:
    """A guessed ``qualifier`` with its ``low``/``high`` bounds (None = empty)."""

    qualifier: str
    low: int | None
    high: int | None


UNSPECIFIED = FigureGuess("unspecified", None, None)

#: Vague quantity words and the least value each implies (None: no floor). A following
#: "hundred(s)", "thousand(s)", "million(s)" or "dozen" multiplies ("tens of thousands").
VAGUE_FLOORS: dict[str, int | None] = {
    **{"tens": 20, "dozens": 24, "scores": 40, "hundreds": 200, "thousands": 2000},
    **{"millions": 2_000_000, "several": 3, "a few": 2, "a handful": 2, "multiple": 2},
    **{"many": None, "numerous": None, "countless": None, "a number of": None},
}


def vague_rule() -> str:
    """``VAGUE_FLOORS`` as one sentence of help, so the form says what the pre-fill does."""
    by_floor: dict[int | None, list[str]] = {}
    for word, floor in VAGUE_FLOORS.items():
        by_floor.setdefault(floor, []).append(f"'{word}'")
    parts = [
        f"{' / '.join(words)} {floor:,}" for floor, words in by_floor.items() if floor is not None
    ]
    unbounded = " / ".join(by_floor.get(None, []))
    return (
        "A vague word gives low = the least it literally implies and high empty: "
        + ", ".join(parts)
        + (f"; {unbounded}: low empty too" if unbounded else "")
        + f". 'tens of thousands' is {(VAGUE_FLOORS['tens'] or 0) * 1000:,}."
    )


_UNIT_WORDS = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen"
    " fifteen sixteen seventeen eighteen nineteen"
)
_TEN_WORDS = "twenty thirty forty fifty sixty seventy eighty ninety"
_UNITS = {word: n for n, word in enumerate(_UNIT_WORDS.split())}
_TENS = {word: 10 * n for n, word in enumerate(_TEN_WORDS.split(), 2)}
_SCALES = {"thousand": 1000, "million": 10**6, "billion": 10**9}
_SCALE_WORDS = frozenset({"hundred", "dozen", *_SCALES})
_HALVES = {"dozen": 12, "hundred": 100, **_SCALES}
_MULTIPLIERS = {
    **{"hundred": 100, "dozen": 12, "k": 1000, "m": 10**6, "mn": 10**6, "mln": 10**6},
    **{**_SCALES, "bn": 10**9, "hundreds": 100, "thousands": 1000, "millions": 10**6},
}
_MONTHS = (
    r"january|february|march|april|june|july|august|september|october|november|december"
    r"|jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec"
)
_NOUNS = (
    r"soldier|serviceman|servicewoman|service member|civilian|person|man|woman|child|boy|girl"
    r"|baby|infant|teenager|resident|villager|farmer|shepherd|worker|journalist|reporter|medic"
    r"|paramedic|doctor|nurse|officer|policeman|policewoman|guard|conscript|recruit|volunteer"
    r"|fighter|militant|rebel|insurgent|combatant|gunman|pilot|sailor|marine|commander|driver"
    r"|peacekeeper|contractor|citizen|national|member|student|pupil|victim|casualty|hostage"
    r"|prisoner|detainee|body|trooper|sniper"
)
_LETTER = r"[^\W\d_]"
_DASHES = str.maketrans("\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u2018\u2019", "-------''")

_DIGITS = re.compile(
    rf"(?<![\w.,'])(?<!{_LETTER}-)"
    r"(?P<int>[0-9]{1,3}(?P<sep>[,. '])[0-9]{3}(?:(?P=sep)[0-9]{3})*(?![0-9])|[0-9]+)"
    r"(?:[.,](?P<frac>[0-9]+))?(?![0-9])"
)
_DIGIT_SCALE = re.compile(
    rf"(?:(m|mn|mln|k|bn)|\s*-?\s*(hundred|thousand|million|billion|dozen))(?!{_LETTER})"
)
_WORD = re.compile(rf"{_LETTER}+")
_LINK = re.compile(r"\s*-?\s*")
_NOT_COUNT_AFTER = re.compile(
    r"\s*-?\s*(?:years?|yrs?|months?|weeks?|days?|hours?|hrs?|minutes?|mins?|km|kilomet(?:er|re)s?"
    rf"|miles?|met(?:er|re)s?|mm|kg|tons?|tonnes?|per\s?cent|o'?clock|[ap]\.?m\b\.?|{_MONTHS})"
    rf"(?!{_LETTER})|\s*%|:[0-9]"
)
_NOT_COUNT_BEFORE = re.compile(rf"(?:\b(?:{_MONTHS})\.?\s*|[0-9]:)$")
_ZERO = re.compile(
    r"\b(?:no one|nobody|none|not a single|not one|no)\b"
    r"(?!\s*(?:fewer|less|more|longer|later|sooner|than|doubt)\b)(?!\.\s*[0-9])"
)
_ONE = re.compile(rf"\b(?:an?|another|a single|a lone)\s+(?:[\w'-]+\s+){{0,2}}?(?:{_NOUNS})\b")
_VAGUE = re.compile(
    r"\b(?P<w>tens|dozens|scores|hundreds|thousands|millions|several|a few|a handful|multiple"
    r"|(?<!as )(?<!how )(?<!so )(?<!too )many|numerous|countless|a number of)\b"
    r"(?:\s+(?:of\s+)?(?P<pl>hundreds|thousands|millions)\b"
    r"|\s+(?P<sg>hundred|thousand|million|dozen)\b)?"
)
_CUES = {
    "at_least": r"at least|(?:no|not) (?:fewer|less) than|(?:a )?minimum of",
    "at_most": r"up to|at most|as many as|(?:no|not) more than|(?:a )?maximum of",
    "more_than": r"more than|over|above|in excess of|upwards of|exceeding",
    "less_than": r"less than|fewer than|under|below",
    "approx": r"about|around|approximately|approx\.?|some|roughly|nearly|almost|(?:an )?estimated"
    r"|close to|circa|ca\.|c\.|~",
}  # fmt: skip
_PREFIX = re.compile(
    "(?<!\\w)(?:" + "|".join(f"(?P<{q}>{cue})" for q, cue in _CUES.items()) + r")\s*$"
)
_SUFFIX = re.compile(
    r"\s*(?:(?P<more_than>\+|-?\s*plus\b)|(?P<at_least>(?:or|and) (?:more|above)\b)"
    r"|(?P<at_most>or (?:fewer|less)\b)|(?P<approx>or so\b|-?\s*odd\b|-?ish\b))"
)
_RANGE_GAP = re.compile(r"\s*(?:-|to|or|and)\s*")
_BETWEEN = re.compile(r"\bbetween\s*$")


@dataclass(frozen=True)
class _Hit:
    start: int
    end: int
    value: int | None  # None: a vague word with no floor
    scale: int = 1  # the multiplier word of a round figure ("2 million"), else 1
    kind: str = "exact"  # the qualifier when no cue is present: exact, approx or vague


def _at(words: list[str], i: int) -> str:
    return words[i] if i < len(words) else ""


def _below_100(words: list[str], i: int) -> tuple[int, int] | None:
    word, after = _at(words, i), _at(words, i + 1)
    if word in _TENS:
        if 0 < _UNITS.get(after, 0) < 10:
            return _TENS[word] + _UNITS[after], i + 2
        return _TENS[word], i + 1
    return (_UNITS[word], i + 1) if word in _UNITS else None


def _below_1000(words: list[str], i: int) -> tuple[int, int] | None:
    head = _below_100(words, i)
    if head is None and _at(words, i) in ("a", "an") and _at(words, i + 1) in _SCALE_WORDS:
        head = (1, i + 1)
    if head is None or _at(words, head[1]) != "hundred":
        return head
    value, j = head[0] * 100, head[1] + 1
    rest = _below_100(words, j + 1 if _at(words, j) == "and" else j)
    if rest is not None and _at(words, rest[1]) not in _SCALE_WORDS:
        value, j = value + rest[0], rest[1]
    return value, j


def _number(words: list[str], i: int, limit: int = 10**12) -> tuple[int, int, int] | None:
    """(value, index after it, scale) of the number words starting at ``i``."""
    part = _below_1000(words, i)
    if part is None:
        return None
    value, j = part
    scale = _SCALES.get(_at(words, j), limit)
    if scale >= limit:
        return value, j, 1
    value, j = value * scale, j + 1
    rest = _number(words, j + 1 if _at(words, j) == "and" else j, scale)
    if rest is None:
        return value, j, scale
    return value + rest[0], rest[1], 1


def _word_hits(text: str) -> list[_Hit]:
    """Number words, in chains of words joined only by spaces or hyphens."""
    hits: list[_Hit] = []
    chains: list[list[re.Match[str]]] = []
    for m in _WORD.finditer(text):
        if chains and _LINK.fullmatch(text, chains[-1][-1].end(), m.start()):
            chains[-1].append(m)
        else:
            chains.append([m])
    for chain in chains:
        words, i = [m[0] for m in chain], 0
        while i < len(words):
            word, after = words[i], _at(words, i + 1)
            found: tuple[int, int, int, str] | None = None
            if word == "half" and after in ("a", "an") and _at(words, i + 2) in _HALVES:
                whole = _HALVES[_at(words, i + 2)]  # "half a million" is 500,000
                found = (whole // 2, i + 3, whole if whole >= 1000 else 1, "exact")
            elif word == "a" and after == "couple":
                found = (2, i + 2, 1, "approx")
            elif word == "dozen":
                found = (12, i + 1, 1, "exact")
            elif (parsed := _number(words, i)) is not None:
                value, j, scale = parsed
                if _at(words, j) == "dozen":
                    value, j, scale = value * 12, j + 1, 1
                found = (value, j, scale, "exact")
            if found is None:
                i += 1
                continue
            value, j, scale, kind = found
            hits.append(_Hit(chain[i].start(), chain[j - 1].end(), value, scale, kind))
            i = j
    return hits


def _digit_hits(text: str) -> list[_Hit]:
    hits: list[_Hit] = []
    for m in _DIGITS.finditer(text):
        whole, sep, frac, end, scale = m["int"], m["sep"], m["frac"], m.end(), 1
        if (sm := _DIGIT_SCALE.match(text, end)) is not None:
            scale, end = _MULTIPLIERS[sm[1] or sm[2]], sm.end()
            if sep in (".", ",") and whole.count(sep) == 1 and frac is None:
                whole, frac = whole.split(sep)  # "1.500 million" is 1.5 million
        elif re.match(_LETTER, text[end : end + 1]):
            continue  # "2nd", "10km"
        digits = re.sub(r"[^0-9]", "", whole)
        if len(digits) > 15 or (frac is not None and len(frac) > 6):
            continue
        value = Decimal(f"{digits}.{frac}" if frac else digits) * scale
        if value == value.to_integral_value():
            hits.append(_Hit(m.start(), end, int(value), scale))
    return hits


def _other_hits(text: str) -> list[_Hit]:
    hits = [_Hit(m.start(), m.end(), 0) for m in _ZERO.finditer(text)]
    hits += [_Hit(m.start(), m.end(), 1) for m in _ONE.finditer(text)]
    for m in _VAGUE.finditer(text):
        floor, times = VAGUE_FLOORS[m["w"]], _MULTIPLIERS.get(m["pl"] or m["sg"] or "", 1)
        if floor is None and m["pl"]:
            floor, times = VAGUE_FLOORS[m["pl"]], 1  # "many thousands"
        hits.append(_Hit(m.start(), m.end(), None if floor is None else floor * times, 1, "vague"))
    return hits


def _is_count(text: str, hit: _Hit) -> bool:
    before = _NOT_COUNT_BEFORE.search(text, max(0, hit.start - 20), hit.start)
    return hit.kind == "vague" or not (before or _NOT_COUNT_AFTER.match(text, hit.end))


def _normalise(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).casefold().translate(_DASHES)
    return re.sub(r"\d", lambda m: str(unicodedata.decimal(m[0], 0)), text)


def _range(text: str, first: _Hit, second: _Hit | None) -> FigureGuess | None:
    """The range "X to Y", "X-Y", "X or Y" or "between X and Y" that starts with ``first``."""
    if second is None or second.kind == "vague" or first.value is None or second.value is None:
        return None
    gap = _RANGE_GAP.fullmatch(text, first.end, second.start)
    if gap is None or (gap[0].strip() == "and" and not _BETWEEN.search(text, 0, first.start)):
        return None
    low, high = first.value, second.value
    if first.scale == 1 and second.scale >= 1000 and low * second.scale < high:
        low *= second.scale  # "1 to 2 million"
    low, high = min(low, high), max(low, high)
    return FigureGuess("exact", low, low) if low == high else FigureGuess("range", low, high)


def _parse(raw: str) -> FigureGuess:
    text = _normalise(raw)
    found = _digit_hits(text) + _word_hits(text) + _other_hits(text)
    hits = sorted((h for h in found if _is_count(text, h)), key=lambda h: (h.start, -h.end))
    if not hits:
        return UNSPECIFIED
    first = hits[0]
    if first.kind == "vague" or first.value is None:
        return FigureGuess("vague", first.value, None)
    ranged = _range(text, first, next((h for h in hits if h.start >= first.end), None))
    if ranged is not None:
        return ranged
    cue = _PREFIX.search(text, 0, first.start) or _SUFFIX.match(text, first.end)
    qualifier = first.kind
    if cue is not None:
        qualifier = next((q for q, v in cue.groupdict().items() if v), qualifier)
    if qualifier in ("at_most", "less_than"):
        return FigureGuess(qualifier, None, first.value)
    high = None if qualifier in ("at_least", "more_than") else first.value
    return FigureGuess(qualifier, first.value, high)


def parse_casualty_figure(text: str) -> FigureGuess:
    """Guess qualifier, low and high from a casualty-figure phrase ("over 6,500 lives" is
    more_than 6500..None); the rules are in the module docstring."""
    try:
        return _parse(text)
    except Exception:  # a pre-fill must never break the form; the annotator fills it in
        return UNSPECIFIED
