"""native -> X -> import X -> compare, for every format that can be read back.

Each comparison keeps what the format can hold (doccano has no attributes or notes, brat no
free-text attributes and no annotator names...), and the rest must come back exactly: labels,
code-point offsets, text, attributes, notes, relations, annotators and statuses.
"""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path

import pytest

from annotator.core.model import Status
from annotator.io import exporters, importers
from annotator.store import Store
from tests.io.export_corpus import Corpus, build

DONE = frozenset({Status.DONE})
TEXT_ATTRIBUTES = {"affiliation", "canonical_name", "victim_side", "place_id"}


@pytest.fixture
def corpus(tmp_path: Path) -> Corpus:
    built = build(tmp_path / "source.sqlite3", tmp_path)
    yield built
    built.store.close()


def snapshot(store: Store, annotators: set[str] | None = None) -> dict:
    """(text_sha256, annotator) -> (status, spans, relations), order-free."""
    result = {}
    for work in store.annotation_sets(annotators=annotators, statuses=DONE):
        keys = {s.uid: (s.label, s.start, s.end) for s in work.spans}
        spans = frozenset(
            (
                s.label,
                s.start,
                s.end,
                s.text,
                frozenset((k, v) for k, v in s.attributes.items() if v is not None),
                s.note,
            )
            for s in work.spans
        )
        relations = frozenset((r.type, keys[r.from_uid], keys[r.to_uid]) for r in work.relations)
        result[(work.document.text_sha256, work.annotator)] = (work.status, spans, relations)
    return result


def project(snap: dict, *, attributes: bool = True, notes: bool = True, text_attributes=True):
    """What a format can hold of a snapshot."""
    out = {}
    for key, (status, spans, relations) in snap.items():
        kept = set()
        for label, start, end, text, attrs, note in spans:
            if not attributes:
                attrs = frozenset()
            elif not text_attributes:
                attrs = frozenset((k, v) for k, v in attrs if k not in TEXT_ATTRIBUTES)
            kept.add((label, start, end, text, attrs, (" ".join(note.split()) if notes else "")))
        out[key] = (status, frozenset(kept), relations)
    return out


def round_trip(
    corpus: Corpus, tmp_path: Path, name: str, target: str, reader: str = "", **options
) -> Store:
    exporter = exporters.get(name)
    path = tmp_path / target
    exporter.write(
        corpus.store, path, exporters.ExportOptions(statuses=exporter.default_statuses, **options)
    )
    again = Store.open(tmp_path / f"{name}.sqlite3")
    _report, errors = importers.import_paths(again, [path], actor="alice", format=reader or name)
    assert errors == []
    return again


@pytest.mark.parametrize(
    ("name", "target"), [("native", "x.annotations.jsonl"), ("label-studio", "tasks.json")]
)
def test_lossless_formats_round_trip_everything(corpus: Corpus, tmp_path: Path, name, target):
    with round_trip(corpus, tmp_path, name, target) as again:
        before = snapshot(corpus.store)
        assert len(before) == 4 and sum(len(spans) for _, spans, _ in before.values()) == 19
        assert snapshot(again) == before
        report = again.find_document("crlf-report")
        assert report is not None and report.text == corpus.store.document(corpus.report_id).text


def test_spans_jsonl_round_trips_token_aligned_work(corpus: Corpus, tmp_path: Path) -> None:
    with round_trip(corpus, tmp_path, "spans-jsonl", "tasks.jsonl") as again:
        assert snapshot(again, {"alice"}) == snapshot(corpus.store, {"alice"})
        bob = snapshot(again, {"bob"})
        widened = [
            s for (_, who), (_, spans, _) in bob.items() for s in spans if s[0] == "location"
        ]
        assert [s[3] for s in widened] == ["Stepanakert"]  # "epanakert" moved to token edges


def test_doccano_relations_round_trips_spans_and_relations(corpus: Corpus, tmp_path: Path) -> None:
    with round_trip(corpus, tmp_path, "doccano-relations", "data.jsonl", "doccano") as again:
        expected = project(snapshot(corpus.store), attributes=False, notes=False)
        assert snapshot(again) == expected


def test_doccano_default_project_keeps_spans_that_do_not_overlap(
    corpus: Corpus, tmp_path: Path
) -> None:
    with round_trip(corpus, tmp_path, "doccano", "data.jsonl") as again:
        expected = project(snapshot(corpus.store), attributes=False, notes=False)
        found = snapshot(again)
        assert found.keys() == expected.keys()
        left_out = 0
        for key, (status, spans, relations) in found.items():
            assert status == expected[key][0] and relations == frozenset()
            assert spans <= expected[key][1]
            ends = sorted((s[1], s[2]) for s in spans)
            assert all(end <= start for (_, end), (start, _) in pairwise(ends))
            left_out += len(expected[key][1]) - len(spans)
        assert left_out > 0  # the corpus nests sources in claims


def test_brat_round_trips_one_annotator(corpus: Corpus, tmp_path: Path) -> None:
    with round_trip(corpus, tmp_path, "brat", "brat", annotators=frozenset({"alice"})) as again:
        expected = project(snapshot(corpus.store, {"alice"}), text_attributes=False)
        assert snapshot(again) == expected


def test_brat_import_does_not_also_import_the_txt_files_as_plain_text(
    corpus: Corpus, tmp_path: Path
) -> None:
    exporters.get("brat").write(
        corpus.store, tmp_path / "brat", exporters.ExportOptions(statuses=DONE)
    )
    with Store.open(tmp_path / "plain.sqlite3") as again:
        report, _ = importers.import_paths(again, [tmp_path / "brat"], actor="carol")
        assert report.added == 2  # two texts; REPORT.txt and annotation.conf left alone
        assert report.files == 4  # alice's and bob's .ann files, each with its .txt
        assert set(again.annotators()) == {"alice", "bob"}  # from the annotator folders
