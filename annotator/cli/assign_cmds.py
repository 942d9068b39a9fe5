"""``annotator assign`` and ``annotator progress`` (issue 12): handing documents out, and how
far each annotator has got, with agreement on the shared documents so far."""

from __future__ import annotations

import argparse
from dataclasses import dataclass
from typing import Any

from annotator.cli.agreement_tables import OVERALL_FIGURES, print_overview
from annotator.cli.common import actor_for, add_annotator_option, add_db_option, open_db
from annotator.cli.output import print_json, print_table
from annotator.core import assignment
from annotator.core.display import printable
from annotator.core.model import DocumentInfo, Status
from annotator.core.names import count
from annotator.core.search import matches, search_key
from annotator.errors import UserError
from annotator.io.team_data import overlap_agreement
from annotator.store import Store


def register(subparsers: Any) -> None:
    p = subparsers.add_parser(
        "assign",
        help="give documents to annotators, some to two for agreement",
        description="Give every document to one annotator and an --overlap fraction of them "
        "to two, with even loads. The same documents, annotators, overlap and seed always "
        "give the same plan. Run again (annotators added or removed, documents imported), "
        "it keeps every assignment with work (in progress, done or skipped) and moves as few "
        "untouched documents as the new balance needs; annotators left out lose theirs. A "
        "listed annotator's work on a document counts as an assignment of it. "
        "While any document is assigned, each annotator's window lists their own documents.",
    )
    p.add_argument(
        "--annotators", metavar="A,B,C", help="who the documents go to, separated by commas"
    )
    p.add_argument(
        "--overlap",
        default="0",
        metavar="FRACTION",
        help="the fraction of documents given to two annotators, 0 to 1 (default 0)",
    )
    p.add_argument("--seed", default="0", metavar="N", help="another seed, another plan")
    p.add_argument(
        "--documents",
        metavar="QUERY",
        help="only the documents whose title or doc_id hold every word of QUERY (case, "
        "accents and punctuation aside); the others keep their assignments",
    )
    p.add_argument(
        "--clear",
        action="store_true",
        help="remove the assignments (of the --documents chosen): everyone sees everything",
    )
    p.add_argument("--dry-run", action="store_true", help="show the plan, write nothing")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    add_db_option(p)
    add_annotator_option(p)
    p.set_defaults(run=run_assign)

    p = subparsers.add_parser(
        "progress",
        help="done, in progress and to do per annotator; agreement on shared documents",
        description="Each annotator's assigned documents by status, and the agreement of "
        "the shared documents so far (those that two or more of their annotators marked "
        "done).",
    )
    p.add_argument("--json", action="store_true", help="machine-readable output")
    add_db_option(p)
    p.set_defaults(run=run_progress)


def _seed(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise UserError(f"--seed '{printable(text)}' is not a whole number") from None


def _chosen(store: Store, documents: list[DocumentInfo], query: str | None) -> list[DocumentInfo]:
    if not documents:
        raise UserError(f"{store.name}: no documents to assign; import some first")
    if query is None:
        return documents
    found = [doc for doc in documents if matches(query, search_key(doc.title, doc.doc_id))]
    if not found:
        raise UserError(f"no document's title or doc_id matches --documents '{printable(query)}'")
    return found


def run_assign(args: argparse.Namespace) -> int:
    if args.clear == bool(args.annotators):
        raise UserError("give either --annotators A,B,C or --clear")
    names = assignment.parse_annotators(args.annotators) if args.annotators else ()
    overlap = assignment.parse_overlap(args.overlap)
    seed = _seed(args.seed)
    with open_db(args, write=not args.dry_run) as store:
        if store.team_role is not None and not store.team_lead:
            raise UserError(
                f"only the lead hands out documents on this team server (you are connected "
                f"as {printable(store.team_role)}); nothing was changed"
            )
        actor = actor_for(args, store)
        # Read and plan before taking the write lock, which annotators' saves wait for (a
        # few seconds at 50,000 documents); under it, check that what the plan was made
        # from still holds, and plan again only if not. Only the lead imports documents,
        # and a new one shows in the count.
        every = store.list_documents()
        seen = _Inputs.read(store, every, args.documents, names)
        made = _plan(seen, args, names, overlap, seed)
        if not args.dry_run:
            with store.unit_of_work():
                if store.document_count() != len(every):
                    every = store.list_documents()
                now = _Inputs.read(store, every, args.documents, names)
                if now != seen:
                    seen, made = now, _plan(now, args, names, overlap, seed)
                details = {"annotators": list(names), "overlap": overlap, "seed": seed}
                if args.documents is not None:
                    details["documents"] = args.documents
                store.assign(
                    {seen.ids[key]: held for key, held in made.assignments.items()},
                    actor=actor,
                    details={} if args.clear else details,
                )
    _report(args, made, assignment.changes(seen.current, made), len(seen.ids))
    return 0


@dataclass(frozen=True)
class _Inputs:
    """What a plan is made from, keyed by doc_id."""

    ids: dict[str, int]  # the chosen documents' row ids
    current: dict[str, dict[str, Status]]  # the assignments in use, with statuses
    started: dict[str, dict[str, Status]]  # and any work of the annotators now listed

    @classmethod
    def read(
        cls, store: Store, every: list[DocumentInfo], query: str | None, names: tuple[str, ...]
    ) -> _Inputs:
        documents = _chosen(store, every, query)
        assigned = store.assignments()
        statuses = store.statuses()
        current: dict[str, dict[str, Status]] = {}
        started: dict[str, dict[str, Status]] = {}
        for doc in documents:
            here = {name: status for name, (status, _) in statuses.get(doc.id, {}).items()}
            if doc.id in assigned:
                held = {name: here.get(name, Status.TODO) for name in assigned[doc.id]}
                current[doc.doc_id] = held
            worked = {n: s for n, s in here.items() if n in names and s in assignment.WORKED}
            if worked or doc.id in assigned:
                started[doc.doc_id] = {**current.get(doc.doc_id, {}), **worked}
        return cls({doc.doc_id: doc.id for doc in documents}, current, started)


def _plan(
    seen: _Inputs, args: argparse.Namespace, names: tuple[str, ...], overlap: float, seed: int
) -> assignment.Plan:
    if args.clear:
        return assignment.Plan({key: () for key in seen.ids})
    # Work done before (or outside) the plan counts as an assignment with work: a document
    # someone finished is never handed to somebody else instead.
    return assignment.plan(seen.ids, names, overlap, seed, seen.started)


def _report(
    args: argparse.Namespace, made: assignment.Plan, changes: assignment.Changes, chosen: int
) -> None:
    loads = made.loads()
    shared = {
        name: sum(1 for held in made.assignments.values() if name in held and len(held) > 1)
        for name in loads
    }
    if args.json:
        print_json(
            {
                "documents": chosen,
                "shared": made.shared(),
                "annotators": {
                    name: {"documents": loads[name], "shared": shared[name]}
                    for name in sorted(loads)
                },
                "added": len(changes.added),
                "removed": len(changes.removed),
                "kept_with_work": changes.kept_with_work,
                "kept_untouched": changes.kept_untouched,
                "written": not args.dry_run,
            }
        )
        return
    if args.clear:
        verb = "Would remove" if args.dry_run else "Removed"
        print(
            f"{verb} {count(len(changes.removed), 'assignment')} of "
            f"{count(chosen, 'document')}: they are listed for every annotator."
        )
        return
    verb = "Would assign" if args.dry_run else "Assigned"
    print(
        f"{verb} {count(chosen, 'document')} to {count(len(loads), 'annotator')}; "
        f"{made.shared()} shared by two or more for agreement."
    )
    print(
        f"Kept {changes.kept_with_work} with work and {changes.kept_untouched} untouched; "
        f"{len(changes.added)} added, {len(changes.removed)} removed."
    )
    print()
    print_table(
        ["ANNOTATOR", "DOCUMENTS", "SHARED"],
        [[printable(name), loads[name], shared[name]] for name in sorted(loads)],
        right_align=[1, 2],
    )
    if args.dry_run:
        print("\nNothing written (--dry-run).")


def run_progress(args: argparse.Namespace) -> int:
    with open_db(args, write=False) as store:
        assigned = store.assignments()
        progress = store.progress()
        report = overlap_agreement(store, assigned) if assigned else None
    shared = sum(1 for names in assigned.values() if len(names) >= 2)
    if args.json:
        print_json(
            {
                "assigned": len(assigned),
                "shared": shared,
                "annotators": {name: row.to_json() for name, row in progress.items()},
                "agreement": None
                if report is None
                else {
                    "documents": report.documents,
                    "overall": {key: report.overall[key] for key in OVERALL_FIGURES},
                    "pairs": [vars(pair) for pair in report.pairs],
                },
            }
        )
        return 0
    if report is None:
        print(
            "Nothing is assigned: every annotator sees every document "
            "(annotator assign --annotators A,B,C hands them out)."
        )
        return 0
    print(
        f"{count(len(assigned), 'document')} assigned to "
        f"{count(len(progress), 'annotator')}; {shared} shared for agreement."
    )
    print()
    rows = list(progress.values())
    total = assignment.Progress(
        "all", *(sum(getattr(row, f) for row in rows) for f in _PROGRESS_FIELDS)
    )
    print_table(
        ["ANNOTATOR", "ASSIGNED", "DONE", "IN PROGRESS", "SKIPPED", "TO DO"],
        [
            [
                printable(row.annotator),
                row.assigned,
                row.done,
                row.in_progress,
                row.skipped,
                row.todo,
            ]
            for row in [*rows, total]
        ],
        right_align=[1, 2, 3, 4, 5],
    )
    print()
    if not report.documents:
        print("Agreement: no shared document is done by two of its annotators yet.")
        return 0
    print(
        f"Agreement on {count(report.documents, 'shared document')} done by two or more of "
        "their annotators:"
    )
    print()
    print_overview(report)
    return 0


_PROGRESS_FIELDS = ("done", "in_progress", "skipped", "todo")
