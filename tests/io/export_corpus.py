"""The export test corpus: multilingual texts with overlapping, nested and line-crossing spans,
attributes of every type, notes and relations, by two annotators.

``crlf-report.txt`` (CRLF line ends, emoji incl. a ZWJ sequence, Armenian, Azerbaijani, a
combining accent) goes in through the real txt importer; a second text comes from JSON Lines.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from annotator.core.model import Relation, Span, Status, new_uid
from annotator.io import importers
from annotator.store import Store
from tests.conftest import FIXTURES

CRLF_REPORT = FIXTURES / "export" / "crlf-report.txt"
SECOND = (
    "𝐀 flag 🇦🇲 was raised in Stepanakert; the OSCE said 12 people died, "
    "while Azerbaijan's ministry reported 'about twenty' deaths."
)


@dataclass
class Corpus:
    store: Store
    report_id: int
    second_id: int
    pending_id: int


def _span(store: Store, doc_id: int, who: str, quote: str, label: str, nth: int = 0, **kw) -> Span:
    text = store.document(doc_id).text
    start = -1
    for _ in range(nth + 1):
        start = text.index(quote, start + 1)
    span = Span(
        uid=new_uid("s"),
        document_id=doc_id,
        annotator=who,
        label=label,
        start=start,
        end=start + len(quote),
        text=quote,
        attributes=kw.pop("attributes", {}),
        note=kw.pop("note", ""),
    )
    return store.add_span(span)


def _link(store: Store, kind: str, first: Span, second: Span) -> None:
    store.add_relation(
        Relation(new_uid("r"), first.document_id, first.annotator, kind, first.uid, second.uid)
    )


def build(db: Path | str, tmp: Path) -> Corpus:
    store = Store.open(db)
    feed = tmp / "second.jsonl"
    feed.write_text(
        '{"id": "second", "title": "Flag", "text": "' + SECOND + '"}\n'
        '{"id": "pending", "text": "Talks resume in Moscow."}\n',
        encoding="utf-8",
    )
    importers.import_paths(store, [CRLF_REPORT, feed], actor="setup")
    report = store.find_document("crlf-report")
    second = store.find_document("second")
    pending = store.find_document("pending")
    assert report is not None and second is not None and pending is not None
    assert "\r" not in report.text
    r, s = report.id, second.id

    source = _span(
        store, r, "alice", "Defence Ministry spokeswoman Shushan Stepanyan", "source",
        attributes={"source_type": "official_person", "affiliation": "Armenia"},
        note="MoD spokesperson;\nnamed in full",
    )  # fmt: skip
    claim = _span(
        store, r, "alice",
        "Azerbaijani forces shelled Գեղարքունիք overnight, leaving three soldiers dead 😢",
        "claim",
        attributes={"claim_type": "event", "factuality": "asserted", "quote_style": "indirect"},
    )  # fmt: skip
    place = _span(
        store, r, "alice", "Գեղարքունիք", "location",
        attributes={"feature_level": "region", "role": "event_site", "latitude": 40.35,
                    "longitude": 45.13, "place_id": "AM-GR"},
    )  # fmt: skip
    dead = _span(
        store, r, "alice", "three soldiers", "casualty_figure",
        attributes={"outcome": "killed", "victim_type": "combatant", "victim_side": "Armenia",
                    "qualifier": "exact", "low": 3, "high": 3, "scope": "incident"},
    )  # fmt: skip
    # Crosses a line break and overlaps the first claim (crossing, same label).
    crossing = _span(
        store, r, "alice", "dead 😢 and injured four others.\nBaku's ministry denied it",
        "claim", attributes={"claim_type": "casualties", "factuality": "denied"},
    )  # fmt: skip
    injured = _span(
        store, r, "alice", "four others", "casualty_figure",
        attributes={"outcome": "injured", "victim_type": "combatant", "qualifier": "exact",
                    "low": 4, "high": 4, "scope": "incident"},
    )  # fmt: skip
    baku = _span(
        store, r, "alice", "Baku's ministry", "source",
        attributes={"source_type": "government", "affiliation": "=Azerbaijan"},
    )  # fmt: skip
    holding = _span(
        store, r, "alice", "the ceasefire is holding near Kəlbəcər", "claim",
        attributes={"claim_type": "position", "factuality": "asserted"},
    )  # fmt: skip
    kelbajar = _span(
        store, r, "alice", "Kəlbəcər", "location", nth=1,
        attributes={"feature_level": "district", "role": "event_site"},
    )  # fmt: skip
    toll = _span(
        store, r, "alice", "over 6,500 lives", "casualty_figure",
        attributes={"outcome": "killed", "victim_type": "mixed", "qualifier": "more_than",
                    "low": 6500, "scope": "cumulative"},
        note="+ war total",
    )  # fmt: skip
    _span(store, r, "alice", "de\u0301mining team 👩\u200d🚒", "source",
          attributes={"source_type": "witness"})  # fmt: skip
    headline = _span(store, r, "alice", "Kəlbəcər 📍", "location",
                     attributes={"feature_level": "district", "role": "other"})  # fmt: skip
    _link(store, "attributed_to", claim, source)
    _link(store, "located_at", claim, place)
    _link(store, "located_at", dead, place)
    _link(store, "attributed_to", dead, source)
    _link(store, "attributed_to", crossing, baku)
    _link(store, "attributed_to", holding, baku)
    _link(store, "located_at", holding, kelbajar)
    _link(store, "contradicts", holding, claim)
    _link(store, "attributed_to", toll, baku)
    _link(store, "corroborates", injured, dead)
    assert headline.start == 0
    store.set_status(r, "alice", Status.DONE)

    bob_source = _span(store, r, "bob", "Defence Ministry", "source",
                       attributes={"source_type": "military"})  # fmt: skip
    bob_claim = _span(store, r, "bob", "the ceasefire is holding", "claim",
                      attributes={"claim_type": "position", "factuality": "hedged"})  # fmt: skip
    _link(store, "attributed_to", bob_claim, bob_source)
    store.set_status(r, "bob", Status.DONE)

    stepanakert = _span(store, s, "alice", "Stepanakert", "location",
                        attributes={"feature_level": "locality", "role": "event_site"})  # fmt: skip
    osce = _span(store, s, "alice", "the OSCE", "source",
                 attributes={"source_type": "international_org"})  # fmt: skip
    twelve = _span(store, s, "alice", "12 people", "casualty_figure",
                   attributes={"outcome": "killed", "victim_type": "unknown", "qualifier": "exact",
                               "victim_side": "=HYPERLINK(\"http://example.invalid\")",
                               "low": 12, "high": 12, "scope": "incident"})  # fmt: skip
    _span(store, s, "alice", "𝐀 flag 🇦🇲", "claim",
          attributes={"claim_type": "event", "factuality": "asserted",
                      "quote_style": "authorial"})  # fmt: skip
    _link(store, "attributed_to", twelve, osce)
    _link(store, "located_at", twelve, stepanakert)
    store.set_status(s, "alice", Status.DONE)
    # Bob's span starts inside a token ("Stepanakert" from its third letter): token formats
    # must widen it and say so.
    _span(store, s, "bob", "epanakert", "location",
          attributes={"feature_level": "locality", "role": "other"})  # fmt: skip
    store.set_status(s, "bob", Status.DONE)

    _span(store, pending.id, "alice", "Moscow", "location")
    store.set_status(pending.id, "alice", Status.IN_PROGRESS)
    return Corpus(store, r, s, pending.id)
