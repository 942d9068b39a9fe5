"""Offline sync (issue 12, item 6): a local SQLite file and a team server, brought level.

Pulled from the server: the documents assigned to the annotator (every document when the
server assigns none to anyone), the label schema, and gold. Pushed to it: the annotator's own
work (spans, relations, statuses, suggestion outcomes). Which way a document's own work moves
is ``core.sync.decide``'s: work edited on both sides since the last sync is left alone on both
and reported as a conflict, unless ``prefer`` names the side to keep.

Every step is checked before the first write, so bad input changes nothing. After that, work
moves in batches of documents, each batch committed on its own: a cut connection or a kill
leaves both databases consistent, and the next run finishes the job. What the local file
last agreed with the server is kept in its change log (``sync.base`` entries, with the
fingerprint of the work), written before a push as "pending" and after it as agreed, so a push
cut short between the two commits is recognised as such, never taken for an edit.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from annotator.core.display import printable
from annotator.core.model import GOLD
from annotator.core.sync import Base, Move, SetChange, SetContent, decide
from annotator.core.words import count as counted
from annotator.errors import UserError
from annotator.store import Store
from annotator.store.server_url import ServerUrl
from annotator.store.sync_rows import SetWrite

SERVER_ENV_VAR = "ANNOTATOR_SERVER"
PULL_BATCH = 200  # documents per local transaction when pulling texts
SET_BATCH = 100  # documents per batch when comparing and moving work
PUSH_ACTION, PULL_ACTION = "sync.push", "sync.pull"
PREFER = ("local", "server")

Step = Callable[[int, int, str], bool]
"""Progress: (done, total, what) -> False to stop at the next batch boundary."""


class SyncStopped(UserError):
    """The user stopped a sync; what was committed stays, and a new run goes on from it."""


@dataclass
class SyncReport:
    server: str
    annotator: str
    pulled_documents: int = 0
    gold_sets: int = 0
    own_pulled: int = 0
    schema_updated: bool = False
    pushed_sets: int = 0
    pushed: SetChange = field(default_factory=SetChange)
    statuses: int = 0
    conflicts: list[str] = field(default_factory=list)
    left_alone: list[tuple[str, str]] = field(default_factory=list)  # (doc_id, why)
    local_only: int = 0

    @property
    def moved(self) -> bool:
        return bool(
            self.pulled_documents
            or self.gold_sets
            or self.own_pulled
            or self.schema_updated
            or self.pushed_sets
        )

    def lines(self) -> list[str]:
        """What moved, one line per direction, then what was left alone and why."""
        name = printable(self.annotator)
        lines = []
        if self.moved:
            pulled = [
                counted(self.pulled_documents, "document"),
                counted(self.gold_sets, "gold set"),
            ]
            if self.own_pulled:
                pulled.append(
                    f"{counted(self.own_pulled, 'set')} of {name}'s changed on the server"
                )
            pulled.append("schema updated" if self.schema_updated else "schema unchanged")
            pushed = [
                counted(self.pushed.spans, "span"),
                counted(self.pushed.relations, "relation"),
                counted(self.statuses, "status"),
            ]
            if self.pushed.outcomes:
                pushed.append(counted(self.pushed.outcomes, "suggestion outcome"))
            lines.append(
                f"pulled {', '.join(pulled)}; pushed {counted(self.pushed_sets, 'set')} "
                f"({', '.join(pushed)})"
            )
        else:
            lines.append("nothing to sync")
        for doc_id in self.conflicts:
            lines.append(
                f"conflict: document {printable(doc_id)!r}: {name}'s work changed here and on "
                "the server since the last sync; both left as they are (--prefer local or "
                "--prefer server chooses)"
            )
        for doc_id, why in self.left_alone:
            lines.append(f"document {printable(doc_id)!r} left alone: {printable(why)}")
        if self.local_only:
            lines.append(
                f"{counted(self.local_only, 'local document')} not on the server (or not "
                "visible to you there): kept here, not pushed"
            )
        return lines

    def to_json(self) -> dict[str, Any]:
        return {
            "server": self.server,
            "annotator": self.annotator,
            "pulled": {
                "documents": self.pulled_documents,
                "gold_sets": self.gold_sets,
                "own_sets": self.own_pulled,
                "schema": "updated" if self.schema_updated else "unchanged",
            },
            "pushed": {
                "sets": self.pushed_sets,
                "spans": self.pushed.spans,
                "relations": self.pushed.relations,
                "statuses": self.statuses,
                "suggestion_outcomes": self.pushed.outcomes,
            },
            "conflicts": self.conflicts,
            "left_alone": [{"doc_id": doc_id, "why": why} for doc_id, why in self.left_alone],
            "local_only_documents": self.local_only,
        }


Keys = dict[str, tuple[int, str]]


def _check_same_corpus(local: Store, local_keys: Keys, server_keys: Keys, server: str) -> None:
    """Refuse a local file that holds other texts under the server's names (or the server's
    texts under other names): its work could not be placed."""
    server_by_sha = {sha: doc_id for doc_id, (_, sha) in server_keys.items()}
    shared = 0
    for doc_id, (_, sha) in local_keys.items():
        there = server_keys.get(doc_id)
        other = server_by_sha.get(sha)
        if (there is not None and there[1] != sha) or (other is not None and other != doc_id):
            raise UserError(
                f"{local.name} is not a copy of {server}'s corpus: document "
                f"{printable(doc_id)!r} differs there; nothing was synced"
            )
        shared += there is not None
    if local_keys and server_keys and not shared:
        raise UserError(
            f"{local.name} is not a copy of {server}'s corpus: they share no document; "
            "nothing was synced"
        )


@dataclass
class _Sides:
    local: Store
    reader: Store
    server: ServerUrl
    annotator: str
    writer: Store | None = None
    identity: str = ""  # which server database the local bases are about

    def write_server(self) -> Store:
        if self.writer is None:
            self.writer = Store.open(self.server, write=True)
        return self.writer


def open_server(server: ServerUrl) -> Store:
    """The server database, read-only: sync reads through it, and opens a writing
    connection only when it has something to push."""
    return Store.open(server, write=False)


def sync(
    local: Store,
    reader: Store,
    annotator: str,
    *,
    prefer: str | None = None,
    progress: Step | None = None,
) -> SyncReport:
    """Bring ``local`` (an SQLite file) and the server database ``reader`` reads (a
    read-only store from ``open_server``) level for ``annotator``."""
    if local.file is None:
        raise UserError(f"{local.name}: sync's --db is the local SQLite file, not a server")
    if not isinstance(reader.location, ServerUrl):
        raise UserError(f"{reader.name}: sync's --server is a postgresql:// URL")
    if prefer not in (None, *PREFER):
        raise UserError(f"--prefer: {prefer!r} is neither 'local' nor 'server'")
    if reader.team_role is not None and annotator != reader.team_role:
        # The database would show another's work as nothing at all: say so instead.
        raise UserError(
            f"{reader.name}: you are connected as {printable(reader.team_role)}, so you sync "
            f"{printable(reader.team_role)}'s work, not {printable(annotator)}'s (set "
            f"ANNOTATOR_NAME or --as to {printable(reader.team_role)})"
        )
    sides = _Sides(local, reader, reader.location, annotator)
    try:
        return _sync(sides, prefer, progress or (lambda done, total, what: True))
    finally:
        if sides.writer is not None:
            sides.writer.close()


def _sync(sides: _Sides, prefer: str | None, step: Step) -> SyncReport:
    local, reader, annotator = sides.local, sides.reader, sides.annotator
    where = str(sides.server)
    # Known by when it was made rather than by its URL: another host name or user for the
    # same database (or a restored copy of it) is the same server to agree with.
    sides.identity = reader.meta().get("created_at") or where
    report = SyncReport(where, annotator)
    server_keys, local_keys = reader.sync_document_keys(), local.sync_document_keys()
    _check_same_corpus(local, local_keys, server_keys, where)
    schema = reader.schema
    if schema.sha256 != local.schema.sha256:
        gaps = local.schema_coverage(schema)
        if not gaps.covered:
            raise UserError(
                f"{where}'s label schema does not cover the work in {local.name}: "
                f"{gaps.summary()}; nothing was synced"
            )
    assigned = reader.sync_assigned(annotator)
    wanted = server_keys if assigned is None else {d: server_keys[d] for d in assigned}
    to_pull = sorted((key for key in wanted if key not in local_keys), key=lambda d: wanted[d][0])
    shared = sorted(
        (key for key in local_keys if key in server_keys), key=lambda d: server_keys[d][0]
    )
    report.local_only = len(local_keys) - len(shared)
    batches = _ceil(len(to_pull), PULL_BATCH) + _ceil(len(to_pull) + len(shared), SET_BATCH)
    done = 0

    def advance(what: str) -> None:
        nonlocal done
        if not step(min(done, batches), batches, what):
            raise SyncStopped("sync stopped; what was synced so far stays: run it again to finish")
        done += 1

    # Every check passed: from here on, each step commits on its own.
    if schema.sha256 != local.schema.sha256:
        local.set_schema(schema, actor=annotator)
        report.schema_updated = True
    for first in range(0, len(to_pull), PULL_BATCH):
        advance("Pulling documents")
        batch = to_pull[first : first + PULL_BATCH]
        texts = reader.sync_documents([server_keys[doc_id][0] for doc_id in batch])
        report.pulled_documents += local.sync_add_documents(
            texts, actor=annotator, source=f"sync from {where}"
        )
    local_keys = local.sync_document_keys()
    every = sorted(
        (key for key in local_keys if key in server_keys), key=lambda d: server_keys[d][0]
    )
    bases = local.sync_bases(annotator, sides.identity)
    for first in range(0, len(every), SET_BATCH):
        advance("Syncing annotations")
        batch = every[first : first + SET_BATCH]
        _sync_sets(
            sides, prefer, report, bases, [(d, local_keys[d][0], server_keys[d][0]) for d in batch]
        )
    step(batches, batches, "")
    return report


def _sync_sets(
    sides: _Sides,
    prefer: str | None,
    report: SyncReport,
    bases: dict[int, Base],
    batch: Sequence[tuple[str, int, int]],
) -> None:
    """One batch of documents: gold and own work pulled in one local transaction, own work
    pushed in one server transaction, the new bases noted in a last local one."""
    local, reader, annotator = sides.local, sides.reader, sides.annotator
    where = str(sides.server)
    local_rows = [row for _, row, _ in batch]
    server_rows = [row for _, _, row in batch]
    mine_here = local.sync_sets(annotator, local_rows)
    mine_there = reader.sync_sets(annotator, server_rows)
    pull_gold = annotator != GOLD
    gold_here = local.sync_sets(GOLD, local_rows) if pull_gold else {}
    gold_there = reader.sync_sets(GOLD, server_rows) if pull_gold else {}
    gold_writes: list[SetWrite] = []
    pulls: list[SetWrite] = []
    pushes: list[tuple[str, int, SetWrite]] = []
    notes: dict[int, Base] = {}  # bases to note locally with the pulls
    for doc_id, here, there in batch:
        if pull_gold:
            new, old = gold_there[there], gold_here[here]
            if new.fingerprint() != old.fingerprint():
                gold_writes.append(SetWrite(here, new, old.fingerprint(), _summary(new, where)))
        mine, theirs = mine_here[here], mine_there[there]
        local_print, server_print = mine.fingerprint(), theirs.fingerprint()
        move = decide(local_print, server_print, bases.get(here))
        if move is Move.CONFLICT and prefer is not None:
            move = Move.PUSH if prefer == "local" else Move.PULL
        if move is Move.CONFLICT:
            report.conflicts.append(doc_id)
        elif move is Move.RECORD:
            notes[here] = Base(local_print)
        elif move is Move.PULL:
            pulls.append(SetWrite(here, theirs, local_print, _summary(theirs, where)))
            notes[here] = Base(server_print)
        elif move is Move.PUSH:
            pushes.append((doc_id, here, SetWrite(there, mine, server_print, _summary(mine))))
            notes[here] = Base(server_print, pending=local_print)
    if not (gold_writes or pulls or notes):
        return
    with local.unit_of_work():
        gold = local.sync_write_sets(GOLD, gold_writes, actor=annotator, action=PULL_ACTION)
        own = local.sync_write_sets(
            annotator, pulls, actor=annotator, action=PULL_ACTION, record=(sides.identity, notes)
        )
    report.gold_sets += sum(not isinstance(result, str) for result in gold.values())
    report.own_pulled += sum(not isinstance(result, str) for result in own.values())
    for doc_id, row, _ in batch:
        why = own.get(row)
        if isinstance(why, str):
            report.left_alone.append((doc_id, why))
    for row, base in notes.items():
        if not isinstance(own.get(row), str):
            bases[row] = base
    if not pushes:
        return
    results = sides.write_server().sync_write_sets(
        annotator, [write for _, _, write in pushes], actor=annotator, action=PUSH_ACTION
    )
    agreed: dict[int, Base] = {}
    for doc_id, here, write in pushes:
        result = results[write.row_id]
        if isinstance(result, str):
            report.left_alone.append((doc_id, result))
            continue
        report.pushed_sets += 1
        report.pushed = report.pushed + result
        report.statuses += result.status
        agreed[here] = bases[here] = Base(write.content.fingerprint())
    local.sync_record_bases(annotator, sides.identity, agreed, actor=annotator)


def _summary(content: SetContent, source: str | None = None) -> dict[str, Any]:
    """What the change log notes of a whole set's sync: its size and fingerprint."""
    return ({"from": source} if source else {}) | {
        "spans": len(content.spans),
        "relations": len(content.relations),
        "status": content.status or "todo",
        "fingerprint": content.fingerprint(),
    }


def _ceil(n: int, size: int) -> int:
    return -(-n // size)
