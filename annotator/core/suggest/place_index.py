"""The gazetteer's index: places and an Aho–Corasick automaton over their names, matched
on whole words in one pass (what ``gazetteer.load`` returns and ``gazetteer_build`` makes).
"""

from __future__ import annotations

import functools
import itertools
import unicodedata
from array import array
from dataclasses import dataclass
from typing import Any

COUNTRY, REGION, DISTRICT, LOCALITY, AREA = "country", "region", "district", "locality", "area"

# Curly apostrophes and the ayn/hamza letters transliterations use, written as ' in matching
# (one character for one, so offsets in the text do not move).
_APOSTROPHE_LIKE = "’‘ʼʻʿʾ`´"
_APOSTROPHES = str.maketrans(dict.fromkeys(_APOSTROPHE_LIKE, "'"))


def plain_apostrophes(text: str) -> str:
    """``text`` with every apostrophe-like character as "'" (translating only when one is
    there: ``str.translate`` with a table is slow on long texts)."""
    if any(mark in text for mark in _APOSTROPHE_LIKE):
        return text.translate(_APOSTROPHES)
    return text


@dataclass(frozen=True, slots=True)
class Place:
    place_id: str  # ISO 3166-1/3166-2 code, "geonames:<id>", or "" when none is known
    name: str  # the gazetteer's own name
    feature_level: str
    latitude: float | None
    longitude: float | None
    country: str  # ISO 3166-1 alpha-2, "" for areas across borders
    population: int


@dataclass(frozen=True, slots=True)
class Match:
    start: int
    end: int
    place: Place
    # Division behind the same name, for a suffix ("region", "oblast") to switch to.
    division: Place | None = None


# Letters NFKD does not split into a base and a mark, as English copy writes them
# ("Diyarbakır" -> "Diyarbakir", "Łódź" -> "Lodz").
_UNMARKED = str.maketrans(
    {"ı": "i", "İ": "I", "ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D", "ħ": "h"}
    | {"Ħ": "H", "ŧ": "t", "ð": "d", "Ð": "D", "æ": "ae", "Æ": "Ae", "œ": "oe", "ß": "ss"}
)


@functools.lru_cache(maxsize=4096)
def fold(name: str) -> str:
    """``name`` without diacritics and with plain apostrophes: "Ḩalab" -> "Halab"."""
    name = name.translate(_UNMARKED) if not name.isascii() else name
    decomposed = unicodedata.normalize("NFKD", name.translate(_APOSTROPHES))
    return unicodedata.normalize(
        "NFC", "".join(c for c in decomposed if not unicodedata.combining(c))
    )


class Gazetteer:
    """Places and an automaton over every surface form of their names.

    Kept small for a fast load: each place is one tab-separated string, read into a ``Place``
    only when matched, and the automaton stores one int per name (place index and length)."""

    def __init__(
        self,
        places: list[Place],
        names: dict[str, int],
        divisions: dict[str, int],
        demonyms: dict[str, str],
    ) -> None:
        import ahocorasick  # only here: the C module is not loaded until a gazetteer is

        used = sorted(set(names.values()) | set(divisions.values()))
        renumber = {old: new for new, old in enumerate(used)}
        # One string and its line offsets: unpickled in a millisecond, where a tuple of
        # 70,000 strings takes fifty.
        records = [_record(places[old]) + "\n" for old in used]
        self.records = "".join(records)
        self.offsets = array("I", itertools.accumulate((len(r) for r in records), initial=0))
        self.divisions = {form: renumber[index] for form, index in divisions.items()}
        automaton = ahocorasick.Automaton(ahocorasick.STORE_INTS)
        for form, index in names.items():
            automaton.add_word(form, renumber[index] << 8 | min(len(form), 255))
        automaton.make_automaton()
        self.automaton = automaton
        self.countries = tuple(sorted(set(demonyms.values())))
        position = {code: index for index, code in enumerate(self.countries)}
        self.demonyms = ahocorasick.Automaton(ahocorasick.STORE_INTS)
        for form, code in demonyms.items():
            self.demonyms.add_word(form, position[code] << 8 | min(len(form), 255))
        self.demonyms.make_automaton()
        self.source = "built"  # or "cache": how this process got it (the tests ask)
        self._places: dict[int, Place] = {}

    def __getstate__(self) -> tuple[Any, ...]:
        return (
            self.records,
            self.offsets,
            self.divisions,
            self.automaton,
            self.countries,
            self.demonyms,
        )

    def __setstate__(self, state: tuple[Any, ...]) -> None:
        (
            self.records,
            self.offsets,
            self.divisions,
            self.automaton,
            self.countries,
            self.demonyms,
        ) = state
        self.source = "cache"
        self._places = {}

    def place(self, index: int) -> Place:
        held = self._places.get(index)
        if held is None:
            record = self.records[self.offsets[index] : self.offsets[index + 1] - 1]
            held = self._places[index] = _parse(record)
        return held

    def lookup(self, name: str) -> Place | None:
        """The place ``name`` (exactly as the automaton holds it) means, if any."""
        value = self.automaton.get(name.translate(_APOSTROPHES), None)
        return None if value is None else self.place(value >> 8)

    def countries_named(self, text: str) -> set[str]:
        """ISO codes of the countries whose people or things the text names ("Ukrainian",
        "Sudanese", "Burmese"): evidence for the small towns of those countries."""
        normal = plain_apostrophes(text)
        named: set[str] = set()
        for last, value in self.demonyms.iter(normal):
            start, end = last + 1 - (value & 255), last + 1
            if _word_edge(normal, start - 1) and _word_edge(normal, end):
                named.add(self.countries[value >> 8])
        return named

    def __len__(self) -> int:
        return len(self.offsets) - 1

    def find(self, text: str) -> list[Match]:
        """Whole-word, case-sensitive matches in ``text``, longest first where they overlap."""
        normal = plain_apostrophes(text)
        found: list[tuple[int, int, int]] = []
        for last, value in self.automaton.iter(normal):
            start, end = last + 1 - (value & 255), last + 1
            if _word_edge(normal, start - 1) and _word_edge(normal, end):
                found.append((start, end, value >> 8))
        found.sort(key=lambda item: (item[0] - item[1], item[0]))
        taken: list[tuple[int, int]] = []
        matches: list[Match] = []
        for start, end, index in found:
            if any(start < stop and begin < end for begin, stop in taken):
                continue
            taken.append((start, end))
            division = self.divisions.get(normal[start:end])
            matches.append(
                Match(
                    start,
                    end,
                    self.place(index),
                    None if division is None else self.place(division),
                )
            )
        matches.sort(key=lambda match: match.start)
        return matches


def _record(place: Place) -> str:
    return "\t".join(
        (
            place.place_id,
            place.name,
            place.feature_level,
            "" if place.latitude is None else repr(place.latitude),
            "" if place.longitude is None else repr(place.longitude),
            place.country,
            str(place.population),
        )
    )


def _parse(record: str) -> Place:
    place_id, name, level, lat, lon, country, population = record.split("\t")
    return Place(
        place_id,
        name,
        level,
        float(lat) if lat else None,
        float(lon) if lon else None,
        country,
        int(population),
    )


def _word_edge(text: str, index: int) -> bool:
    return index < 0 or index >= len(text) or not (text[index].isalnum() or text[index] == "_")
