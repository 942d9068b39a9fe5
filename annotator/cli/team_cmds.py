"""``annotator merge`` and ``annotator agreement``: the team lead's commands (DESIGN section 6).

Both read native files with the native reader (every line checked, spans re-anchored or
refused), check the files against each other (label schemas, doc_ids, one line per text and
annotator), and only then compute. Nothing is written unless everything was read.
"""

from __future__ import annotations

import argparse
import json
import stat
import sys
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from annotator.cli.output import print_json, print_table
from annotator.core.agreement import AgreementReport, AnnotatedDoc, RelationItem, SpanItem
from annotator.core.agreement import compute_agreement as compute
from annotator.core.merge import CONFLICT_TYPES, DocumentText, MergeResult, merge
from annotator.core.records import NewAnnotationSet, NewDocument
from annotator.core.schema import LabelSchema, RelationDef, parse_schema
from annotator.errors import UserError
from annotator.io.atomic import atomic_text_file
from annotator.io.exporters.native import dumps_line, header
from annotator.io.importers.native import FORMAT_NAME, FORMAT_VERSION, read_native
from annotator.io.importers.native import read_native_lines as read_lines
from annotator.io.outputs import check_output, database_files, input_files
from annotator.paths import resolve_db_path
from annotator.store.migrations import SQLITE_HEADER

_MAX_HEADER_BYTES = 8 * 1024 * 1024


def _iou(value: str) -> float:
    try:
        number = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {value!r}") from None
    if not 0 < number <= 1:
        raise argparse.ArgumentTypeError(f"must be above 0 and at most 1, not {value}")
    return number


def _common_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("files", nargs="+", type=Path, metavar="FILE", help="native annotation files")
    p.add_argument(
        "--iou", type=_iou, default=0.5, help="IoU at which spans match or cluster (default 0.5)"
    )
    p.add_argument(
        "--allow-schema-mismatch",
        action="store_true",
        help="go on when the files were written with different label schemas (reported)",
    )
    p.add_argument("--json", action="store_true", help="machine-readable output")


def register(subparsers: Any) -> None:
    p = subparsers.add_parser(
        "merge",
        help="merge annotators' native files into one gold file with conflicts",
        description="Merge native annotation files by text: spans that a strict majority of "
        "the annotators who finished a document agree on are accepted, with provenance; "
        "everything else is written as conflicts to adjudicate. Inputs are never changed.",
    )
    _common_options(p)
    p.add_argument("-o", "--output", required=True, type=Path, metavar="OUT")
    p.set_defaults(run=run_merge)
    p = subparsers.add_parser(
        "agreement",
        help="inter-annotator agreement of native files",
        description="Pairwise and pooled span F1 (exact and overlap), relation F1, "
        "Krippendorff's alpha per label, attribute agreement, per document.",
    )
    _common_options(p)
    p.set_defaults(run=run_agreement)


@dataclass
class _Loaded:
    schema: LabelSchema  # the most common one among the files
    schemas: list[LabelSchema]
    texts: dict[str, DocumentText]
    work: list[AnnotatedDoc]
    notes: list[str] = field(default_factory=list)
    differences: list[str] = field(default_factory=list)

    @property
    def symmetric(self) -> frozenset[str]:
        return frozenset(r.id for s in self.schemas for r in s.relations if r.symmetric)

    @property
    def labels(self) -> list[str]:
        return [*dict.fromkeys(x for s in [self.schema, *self.schemas] for x in s.label_ids)]


def _check_input(path: Path) -> None:
    """Refuse what is not a native file before reading it: a folder, a device or FIFO (which
    would block or never end), a database given in place of its export."""
    try:
        info = path.stat()
    except OSError as exc:
        raise UserError(f"{path}: cannot read ({exc.strerror or exc})") from None
    if stat.S_ISDIR(info.st_mode):
        raise UserError(f"{path}: is a folder; give the native files in it (*.annotations.jsonl)")
    if not stat.S_ISREG(info.st_mode):
        raise UserError(f"{path}: not a regular file")
    try:
        with path.open("rb") as f:
            head = f.read(len(SQLITE_HEADER))
    except OSError as exc:
        raise UserError(f"{path}: cannot read ({exc.strerror or exc})") from None
    if head == SQLITE_HEADER:
        raise UserError(
            f"{path}: byte 0: an SQLite database, not a native file; export it first "
            "(annotator export -f native --db DATABASE -o FILE.annotations.jsonl)"
        )


def _header_schema(path: Path) -> LabelSchema:
    """The label schema in a file's header; a bad header gets the native reader's error."""
    _check_input(path)
    try:
        with path.open("rb") as f:
            head: Any = json.loads(f.readline(_MAX_HEADER_BYTES).decode("utf-8-sig"))
    except (OSError, ValueError, RecursionError):  # deep nesting: the reader names the line
        head = None
    usable = (
        isinstance(head, dict)
        and head.get("kind") == "header"
        and head.get("format") == FORMAT_NAME
        and head.get("format_version") == FORMAT_VERSION
        and isinstance(head.get("schema"), dict)
    )
    if not usable:
        head, _ = read_lines(path)  # raises the precise error, naming the line
    return parse_schema(head["schema"], f"{path}: line 1: schema")


def _ends(relation: RelationDef) -> tuple[frozenset[str], frozenset[str], bool]:
    return relation.from_labels, relation.to_labels, relation.symmetric


def _differences(a: LabelSchema, b: LabelSchema, names: tuple[str, str]) -> list[str]:
    """Label, attribute and relation differences between two schemas, as short phrases."""
    out: list[str] = []

    def compare(what: str, left: Sequence[str], right: Sequence[str]) -> None:
        if only := [x for x in left if x not in right]:
            out.append(f"{what} only in {names[0]}: {', '.join(only)}")
        if only := [x for x in right if x not in left]:
            out.append(f"{what} only in {names[1]}: {', '.join(only)}")

    compare("labels", a.label_ids, b.label_ids)
    for label in (x for x in a.labels if x.id in b.label_ids):
        other = {attr.id: attr for attr in b.label(label.id).attributes}
        compare(f"{label.id} attributes", [x.id for x in label.attributes], list(other))
        for attr in (x for x in label.attributes if x.id in other):
            theirs = other[attr.id]
            if (attr.type, attr.values) != (theirs.type, theirs.values):
                out.append(
                    f"{label.id}.{attr.id}: {attr.type} {'|'.join(attr.values)} vs "
                    f"{theirs.type} {'|'.join(theirs.values)}"
                )
    compare("relations", [r.id for r in a.relations], [r.id for r in b.relations])
    for rel in (r for r in a.relations if r.id in {x.id for x in b.relations}):
        if _ends(rel) != _ends(b.relation(rel.id)):
            out.append(f"relation {rel.id}: different ends or symmetry")
    return out or ["no label, attribute or relation differences (other details differ)"]


def _work(sha: str, doc_id: str, doc: NewDocument, work: NewAnnotationSet) -> AnnotatedDoc:
    spans = tuple(
        SpanItem(s.uid, s.label, s.start, s.end, s.attributes, s.note, s.created_at, s.updated_at)
        for s in work.spans
    )
    relations = tuple(RelationItem(r.uid, r.type, r.from_uid, r.to_uid) for r in work.relations)
    fields = (work.annotator, work.status.value, spans, relations, work.updated_at, doc.source)
    return AnnotatedDoc(sha, doc_id, len(doc.text), *fields)


def _collect(
    documents: list[NewDocument],
) -> tuple[dict[str, DocumentText], list[AnnotatedDoc], list[str]]:
    """Texts by sha256 and every annotator's line. A doc_id naming two texts, or a second
    line for the same text and annotator, is an error naming both places."""
    owner: dict[str, tuple[str, str]] = {}  # doc_id -> (sha, place)
    seen: dict[tuple[str, str], str] = {}  # (sha, annotator) -> place
    versions: dict[str, list[NewDocument]] = defaultdict(list)
    for doc in documents:
        sha, place = doc.text_sha256, doc.source
        first = owner.setdefault(doc.doc_id, (sha, place))
        if first[0] != sha:
            raise UserError(f"{place}: doc_id {doc.doc_id!r} names a different text in {first[1]}")
        for work in doc.annotations:
            if (sha, work.annotator) in seen:
                raise UserError(
                    f"{place}: annotator {work.annotator!r} has this text "
                    f"already in {seen[(sha, work.annotator)]}"
                )
            seen[(sha, work.annotator)] = place
        versions[sha].append(doc)
    texts: dict[str, DocumentText] = {}
    notes: list[str] = []
    for sha, docs in versions.items():
        keyed = [(d.doc_id, d.title, json.dumps(d.meta, sort_keys=True)) for d in docs]
        doc_id, title, meta = min(keyed)
        texts[sha] = DocumentText(sha, doc_id, title, docs[0].text, json.loads(meta))
        if len(ids := sorted({d.doc_id for d in docs})) > 1:
            notes.append(f"one text under doc_ids {', '.join(ids)}: kept {doc_id!r}")
    every = [
        _work(d.text_sha256, texts[d.text_sha256].doc_id, d, w)
        for d in documents
        for w in d.annotations
    ]
    return texts, every, notes


def _load(paths: Sequence[Path], allow_mismatch: bool) -> _Loaded:
    read: list[tuple[Path, LabelSchema, list[NewDocument], list[str]]] = []
    for path in paths:
        schema = _header_schema(path)
        result = read_native(path, schema)
        read.append((path, schema, result.documents, result.notes))
    first_path, first = read[0][0], read[0][1]
    differences: list[str] = []
    for path, schema, _, _ in read[1:]:
        if schema.sha256 == first.sha256:
            continue
        found = _differences(first, schema, (first_path.name, path.name))
        if not allow_mismatch:
            raise UserError(
                f"{path}: label schema {schema.id} {schema.version} (sha256 "
                f"{schema.sha256[:12]}) differs from {first_path}'s ({first.id} "
                f"{first.version}, {first.sha256[:12]}): {'; '.join(found)} "
                "(use --allow-schema-mismatch to go on)"
            )
        differences += [f"{first_path} vs {path}: {line}" for line in found]
    counts = Counter(schema.sha256 for _, schema, _, _ in read)
    best = min(counts, key=lambda sha: (-counts[sha], sha))
    texts, work, notes = _collect([doc for _, _, docs, _ in read for doc in docs])
    return _Loaded(
        schema=next(schema for _, schema, _, _ in read if schema.sha256 == best),
        schemas=[schema for _, schema, _, _ in read],
        texts=texts,
        work=work,
        notes=[note for *_, file_notes in read for note in file_notes] + notes,
        differences=differences,
    )


def _print_notes(loaded: _Loaded) -> None:
    for note in loaded.notes:
        print(f"annotator: note: {note}", file=sys.stderr)


def _summary(result: MergeResult, output: Path, loaded: _Loaded) -> dict[str, Any]:
    docs = result.documents
    coverage = result.coverage()
    return {
        "output": str(output),
        "documents": len(docs),
        "participants": [name for name in result.annotators if coverage[name]["done"]],
        "accepted": {
            "spans": sum(len(d.spans) for d in docs),
            "relations": sum(len(d.relations) for d in docs),
        },
        "status": dict(Counter(d.status for d in docs)),
        "conflicts": result.conflict_counts(),
        "coverage": coverage,
        "schema_differences": loaded.differences,
        "notes": loaded.notes,
    }


def run_merge(args: argparse.Namespace) -> int:
    output: Path = args.output
    # Inputs are never changed; nor is the user's database, though merge does not open it.
    protect = input_files(args.files) + database_files(resolve_db_path(None))
    check_output(output, protect)
    loaded = _load(args.files, args.allow_schema_mismatch)
    result = merge(loaded.texts, loaded.work, threshold=args.iou, symmetric=loaded.symmetric)
    unknown = sorted(
        {s["label"] for d in result.documents for s in d.spans} - set(loaded.schema.label_ids)
    )
    if unknown:
        loaded.notes.append(f"labels not in the written schema: {', '.join(unknown)}")
    with atomic_text_file(output, protect) as out:
        out.write(dumps_line(header(loaded.schema.to_json())))
        for document in result.documents:
            out.write(dumps_line(document.record()))
    summary = _summary(result, output, loaded)
    _print_notes(loaded)
    if args.json:
        print_json(summary)
        return 0
    _print_differences(loaded)
    accepted, counts = summary["accepted"], summary["conflicts"]
    print(
        f"Wrote {output}: {summary['documents']} documents, {accepted['spans']} accepted "
        f"spans, {accepted['relations']} accepted relations."
    )
    print(f"Participants: {', '.join(summary['participants']) or 'none'}.")
    status = summary["status"]
    print(
        f"Documents done: {status.get('done', 0)}, with conflicts: "
        f"{status.get('in_progress', 0)}, without participants: {status.get('todo', 0)}."
    )
    print("Conflicts: " + ", ".join(f"{kind} {counts[kind]}" for kind in CONFLICT_TYPES) + ".")
    print()
    rows = []
    for name, entry in summary["coverage"].items():
        unfinished = [f"{doc} ({status})" for doc, status in entry["unfinished"].items()]
        missing = ", ".join(
            [f"skipped {d}" for d in entry["skipped"]]
            + [f"not finished {d}" for d in unfinished]
            + [f"absent {d}" for d in entry["absent"]]
        )
        rows.append([name, entry["done"], missing or "—"])
    print_table(["ANNOTATOR", "DONE", "NOT TAKING PART"], rows, right_align=[1])
    return 0


def _print_differences(loaded: _Loaded) -> None:
    if loaded.differences:
        print("Label schemas differ (going on as asked):")
        for line in loaded.differences:
            print(f"  {line}")
        print()


def _f(value: float | None) -> str:
    return "—" if value is None else f"{value:.3f}"


def _print_agreement(report: AgreementReport) -> None:
    names = ", ".join(report.annotators) or "none"
    print(
        f"Agreement of {len(report.annotators)} annotators ({names}) over "
        f"{report.documents} document{'' if report.documents == 1 else 's'} with two or more "
        "participants."
    )
    print()
    overall = report.overall
    print_table(
        ["OVERALL", "SPAN F1 EXACT", "SPAN F1 OVERLAP", "RELATION F1", "ALPHA"],
        [
            ["all"]
            + [_f(overall[k]) for k in ("span_f1_exact", "span_f1_overlap", "relation_f1", "alpha")]
        ],
        right_align=[1, 2, 3, 4],
    )
    print()
    print_table(
        ["PAIR", "DOCS", "SPAN F1 EXACT", "SPAN F1 OVERLAP", "RELATION F1"],
        [
            [
                f"{p.a} / {p.b}",
                p.documents,
                _f(p.span_f1_exact),
                _f(p.span_f1_overlap),
                _f(p.relation_f1),
            ]
            for p in report.pairs
        ],
        right_align=[1, 2, 3, 4],
    )
    print()
    print_table(
        ["LABEL", "SPAN F1 EXACT", "SPAN F1 OVERLAP", "ALPHA"],
        [
            [label, _f(v["span_f1_exact"]), _f(v["span_f1_overlap"]), _f(v["alpha"])]
            for label, v in report.labels.items()
        ],
        right_align=[1, 2, 3],
    )
    print()
    if report.attributes:
        print_table(
            ["ATTRIBUTE (MATCHED SPANS)", "UNITS", "PERCENT", "ALPHA"],
            [
                [key, v["units"], _f(v["percent"]), _f(v["alpha"])]
                for key, v in report.attributes.items()
            ],
            right_align=[1, 2, 3],
        )
        print()
    rows = []
    for row in report.per_document:
        others = ", ".join(f"{name} {status}" for name, status in row.not_participating)
        rows.append(
            [
                row.doc_id,
                len(row.participants),
                row.spans,
                _f(row.span_f1_exact),
                _f(row.span_f1_overlap),
                _f(row.relation_f1),
                _f(row.alpha),
                others or "—",
            ]
        )
    print_table(
        ["DOCUMENT", "DONE BY", "SPANS", "F1 EXACT", "F1 OVERLAP", "REL F1", "ALPHA", "NOT DONE"],
        rows,
        right_align=[1, 2, 3, 4, 5, 6],
    )


def run_agreement(args: argparse.Namespace) -> int:
    loaded = _load(args.files, args.allow_schema_mismatch)
    report = compute(
        loaded.work, labels=loaded.labels, symmetric=loaded.symmetric, threshold=args.iou
    )
    _print_notes(loaded)
    if args.json:
        for line in loaded.differences:
            print(f"annotator: note: label schemas differ: {line}", file=sys.stderr)
        print_json(report.to_json())
        return 0
    _print_differences(loaded)
    _print_agreement(report)
    return 0
