"""Span and relation ids of an import that stored rows already use: the bulk insert passes
over those rows and stores them again under fresh ids, with relations still on their spans."""

from __future__ import annotations

import json
from pathlib import Path

from annotator.io.importers import import_paths
from annotator.store import Store


def _task(text: str, words: tuple[str, str]) -> dict[str, object]:
    """One task: a claim and a source over ``words`` of ``text``, ids r1 and r2, linked."""
    regions = []
    for rid, word, label in (("r1", words[0], "claim"), ("r2", words[1], "source")):
        start = text.index(word)
        value = {"start": start, "end": start + len(word), "text": word, "labels": [label]}
        regions.append({"id": rid, "type": "labels", "from_name": "label", "value": value})
    link = {"type": "relation", "from_id": "r1", "to_id": "r2", "labels": ["attributed_to"]}
    return {
        "data": {"text": text},
        "annotations": [{"annotator": "ana", "result": [*regions, link]}],
    }


def _import(store: Store, path: Path, tasks: list[dict[str, object]]) -> None:
    path.write_text(json.dumps(tasks), encoding="utf-8")
    report, errors = import_paths(store, [path], actor="lead", format="label-studio")
    assert (report.spans_added, errors) == (2 * len(tasks), [])


def test_ids_stored_earlier_are_replaced_and_relations_follow(tmp_path: Path, store: Store) -> None:
    first = "Officials said the bridge fell."
    _import(store, tmp_path / "a.json", [_task(first, ("bridge fell", "Officials"))])
    second = ("Witnesses reported shelling.", "The mayor said roads closed.")
    tasks = [_task(second[0], ("shelling", "Witnesses")), _task(second[1], ("roads", "mayor"))]
    _import(store, tmp_path / "b.json", tasks)

    documents = {doc.title: doc.id for doc in store.list_documents()}
    assert sorted(s.uid for s in store.spans(documents[first])) == ["r1", "r2"]
    seen = {"r1", "r2"}
    words = (("shelling", "Witnesses"), ("roads", "mayor"))
    for text, (claim_word, source_word) in zip(second, words, strict=True):
        doc_id = documents[text]
        spans = {s.text: s for s in store.spans(doc_id)}
        assert set(spans) == {claim_word, source_word}
        uids = {s.uid for s in spans.values()}
        assert not uids & seen, "an id already stored was used again"
        seen |= uids
        [link] = store.relations(doc_id)
        assert (link.from_uid, link.to_uid) == (spans[claim_word].uid, spans[source_word].uid)
