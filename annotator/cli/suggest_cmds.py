"""``annotator suggest``: the offline suggesters' proposals per document, and their quality
against a gold native file (issue 13, item 5). Reading only: never a byte written."""

from __future__ import annotations

import argparse
import dataclasses
import io
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from annotator.cli.common import actor_name, add_db_option, open_db
from annotator.cli.output import print_json, print_table, shorten
from annotator.core.display import printable, printable_path
from annotator.core.records import NewAnnotationSet
from annotator.core.schema import LabelSchema, default_schema
from annotator.core.suggest.base import LearnedPattern, SuggestContext, Suggestion
from annotator.errors import UserError
from annotator.paths import cache_dir

if TYPE_CHECKING:
    from annotator.store import Store

GOLD_ANNOTATOR = "gold"


def register(subparsers: Any) -> None:
    p = subparsers.add_parser(
        "suggest",
        help="print the offline suggestions of each document, or score them against gold",
        description="Print what the offline suggesters propose for every document (or each "
        "--doc), leaving out what the annotator rejected and spans they have already made. "
        "With --evaluate, score the suggesters against a gold native file instead: "
        "precision, recall and F1 per label, exact and overlap (IoU >= 0.5). Reads only.",
    )
    p.add_argument(
        "--doc",
        action="extend",
        nargs="+",
        default=[],
        metavar="ID",
        help="only these documents (doc_id or text SHA-256; repeatable)",
    )
    p.add_argument("--labels", metavar="L,...", help="only these labels, comma-separated")
    p.add_argument(
        "--annotator",
        metavar="NAME",
        help="whose rejections and spans are left out (default: $ANNOTATOR_NAME, else the "
        "login name)",
    )
    p.add_argument(
        "--evaluate",
        metavar="GOLD",
        type=Path,
        help="score against this gold *.annotations.jsonl file (its own texts); the bundled "
        "label schema and no learned patterns, unless --db names a database to take them from",
    )
    p.add_argument(
        "--json",
        action="store_true",
        help="one JSON object per suggestion per line (with --evaluate: the scores as JSON)",
    )
    p.add_argument(
        "--jobs",
        type=_jobs,
        metavar="N",
        help="worker processes for a large corpus (default: one per core)",
    )
    add_db_option(p)
    p.set_defaults(run=run_suggest)


def _jobs(given: str) -> int:
    try:
        jobs = int(given)
    except ValueError:
        jobs = 0
    if not 1 <= jobs <= 256:
        raise argparse.ArgumentTypeError(f"expected a whole number from 1 to 256, not {given!r}")
    return jobs


def _labels(given: str | None, schema: LabelSchema) -> set[str] | None:
    if given is None:
        return None
    wanted = {part.strip() for part in given.split(",") if part.strip()}
    known = [label.id for label in schema.labels]
    unknown = sorted(wanted - set(known))
    if unknown:
        raise UserError(
            f"unknown label {unknown[0]!r} (schema {schema.id!r} has {', '.join(known)})"
        )
    if not wanted:
        raise UserError("--labels names no label")
    return wanted


def run_suggest(args: argparse.Namespace) -> int:
    if args.evaluate is not None:
        return _evaluate(args)
    with open_db(args, write=False) as store:
        schema = store.schema
        labels = _labels(args.labels, schema)
        chosen = _document_ids(store, args.doc)
        annotator = args.annotator or actor_name(args)
        context = SuggestContext(schema, store.suggestion_patterns(), cache_dir())
        # The suggesters (and, at first use, the gazetteer) load only when a run needs them.
        from annotator.core.suggest.batch import default_jobs, render_documents

        # Only the doc_id goes to the workers with the text; they send back what is printed.
        documents = (
            (document.doc_id, document.text, skip)
            for document, skip in store.documents_to_suggest(annotator, chosen)
        )
        render = _json_lines if args.json else _table
        jobs = args.jobs or default_jobs()
        write = sys.stdout.write
        for printed in render_documents(documents, context, render, labels=labels, jobs=jobs):
            write(printed)
    return 0


def _document_ids(store: Store, keys: Sequence[str]) -> list[int] | None:
    """The ids of the named documents (None: every one); an unknown name is refused before
    anything is printed."""
    if not keys:
        return None
    ids = []
    for key in dict.fromkeys(keys):
        document = store.find_document(key)
        if document is None:
            raise UserError(f"no document {key!r} in {store.name}")
        ids.append(document.id)
    return ids


# One encoder for every line (``json.dumps`` with an option builds a new one per call), with
# no check for cycles: a record is built here, and has none.
_ENCODER = json.JSONEncoder(ensure_ascii=False, check_circular=False)


def _json_lines(doc_id: str, found: list[Suggestion]) -> str:
    """A document's suggestions as JSON lines, one per suggestion."""
    encode = _ENCODER.encode
    return "".join([encode(_record(doc_id, suggestion)) + "\n" for suggestion in found])


def _record(doc_id: str, suggestion: Suggestion) -> dict[str, Any]:
    return {
        "doc_id": doc_id,
        "label": suggestion.label,
        "start": suggestion.start,
        "end": suggestion.end,
        "text": suggestion.text,
        "attributes": dict(suggestion.attributes),
        "score": suggestion.score,
        "suggester": suggestion.suggester,
        "relations": [{"type": link.type, "to": link.to} for link in suggestion.links],
    }


def _table(doc_id: str, found: list[Suggestion]) -> str:
    """A document's suggestions as the table people read, with its heading."""
    count = f"{len(found)} suggestion" + ("" if len(found) == 1 else "s")
    heading = f"{printable(doc_id)}  ({count})\n"
    if not found:
        return heading
    rows = [
        (
            index,
            f"{s.start}-{s.end}",
            s.label,
            f"{s.score:.2f}",
            printable(s.suggester),
            printable(shorten(s.text, 48)),
            printable(", ".join(f"{k}={v}" for k, v in s.attributes.items())),
            ", ".join(f"{link.type} #{link.to}" for link in s.links),
        )
        for index, s in enumerate(found)
    ]
    headers = ("#", "span", "label", "score", "suggester", "text", "attributes", "links")
    table = io.StringIO()
    print_table(headers, rows, right_align=(0, 3), out=table)
    return heading + table.getvalue() + "\n"


def _gold_set(sets: Sequence[NewAnnotationSet]) -> NewAnnotationSet | None:
    for work in sets:
        if work.annotator == GOLD_ANNOTATOR:
            return work
    return sets[0] if sets else None


def _evaluate(args: argparse.Namespace) -> int:
    from annotator.core.suggest.evaluate import format_scores, score
    from annotator.io.importers.native import read_native

    schema = default_schema()
    patterns: tuple[LearnedPattern, ...] = ()
    if args.db is not None:
        with open_db(args, write=False) as store:
            schema, patterns = store.schema, store.suggestion_patterns()
    labels = _labels(args.labels, schema)
    if args.doc:
        raise UserError("--doc does not apply to --evaluate (it scores every text of the file)")
    path: Path = args.evaluate
    if not path.is_file():
        raise UserError(f"{printable_path(path)}: no such gold file")
    gold = read_native(path, schema).documents
    from annotator.core.suggest.batch import default_jobs, suggest_documents

    context = SuggestContext(schema, patterns, cache_dir())
    annotated = (
        (work, document.text, ())
        for document in gold
        # A text nobody annotated has no gold to score against.
        if (work := _gold_set(document.annotations)) is not None
    )
    jobs = args.jobs or default_jobs()
    pairs = []
    for work, found in suggest_documents(annotated, context, labels=labels, jobs=jobs):
        expected = [(s.label, s.start, s.end) for s in work.spans]
        if labels is not None:
            expected = [key for key in expected if key[0] in labels]
        pairs.append((expected, [s.key for s in found]))
    if not pairs:
        raise UserError(f"{printable_path(path)}: no annotated text to score against")
    scores = score(pairs)
    if args.json:
        print_json({label: dataclasses.asdict(scores[label]) for label in scores})
    else:
        print(f"{len(pairs)} gold texts from {printable_path(path)}")
        print(format_scores(scores))
    return 0
