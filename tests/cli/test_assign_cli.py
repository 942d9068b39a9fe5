"""``annotator assign`` and ``annotator progress`` in-process, on SQLite and PostgreSQL: plans
written and reported, bad input refused in one line with nothing changed, progress and the
agreement of the shared documents."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from annotator.core import assignment
from annotator.core.model import Status
from annotator.store import Store
from tests.cli.in_process import cli, digest, team_database
from tests.cli.test_team_cli import team_lines, write
from tests.conftest import SAMPLES
from tests.helpers import new_document
from tests.team_server import ANNOTATORS, LEAD, set_up

TITLES = ["Border clash near Tavush", "Ceasefire talks in Moscow", "War toll rises", "Shelling"]


@pytest.fixture
def corpus(db: Path | str) -> Path | str:
    with Store.open(db) as store:
        store.import_documents(
            [
                new_document(f"{title}\n\nReport {i}.", doc_id=f"doc-{i}", title=title)
                for i, title in enumerate(TITLES * 5)
            ],
            actor="lead",
            source="test",
        )
    return db


def state(db: Path | str) -> tuple[object, ...]:
    """What a refused command must leave as it was (the file itself, on SQLite)."""
    with Store.open(db, write=False) as store:
        seen = (store.assignments(), len(store.changes(limit=10_000)), store.annotators())
    return (*seen, digest(db)) if isinstance(db, Path) else seen


def test_assign_writes_a_plan_and_progress_counts_it(
    corpus: Path | str, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ("--annotators", "alice,bob,carol", "--overlap", "0.2", "--db", corpus)
    result = cli(capsys, "assign", *args, "--as", "lead", "--json")
    assert result.code == 0, result.err
    report = json.loads(result.out)
    assert report["documents"] == 20 and report["shared"] == 4 and report["added"] == 24
    assert {name: v["documents"] for name, v in report["annotators"].items()} == {
        "alice": 8,
        "bob": 8,
        "carol": 8,
    }
    with Store.open(corpus) as store:
        assigned = store.assignments()
        [entry] = [c for c in store.changes() if c.action == "assignment.set"]
        first = store.queue("alice")[0]
        store.set_status(first, "alice", Status.DONE)
    assert len(assigned) == 20 and sum(len(names) == 2 for names in assigned.values()) == 4
    assert entry.annotator == "lead"
    assert entry.after["annotators"] == ["alice", "bob", "carol"]
    assert entry.after["overlap"] == 0.2 and entry.after["seed"] == 0

    progress = cli(capsys, "progress", "--json", "--db", corpus)
    assert progress.code == 0, progress.err
    figures = json.loads(progress.out)
    assert figures["assigned"] == 20 and figures["shared"] == 4
    assert figures["annotators"]["alice"] == {
        "assigned": 8,
        "done": 1,
        "in_progress": 0,
        "skipped": 0,
        "todo": 7,
    }
    text = cli(capsys, "progress", "--db", corpus).out
    assert "20 documents assigned to 3 annotators; 4 shared for agreement." in text
    assert text.splitlines()[4].split() == ["alice", "8", "1", "0", "0", "7"]
    assert text.splitlines()[7].split() == ["all", "24", "1", "0", "0", "23"]


def test_the_same_seed_gives_the_same_plan_on_either_engine(
    corpus: Path | str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    other = tmp_path / "other.sqlite3"
    with Store.open(corpus, write=False) as source, Store.open(other) as copy:
        documents = [source.document(info.id) for info in source.list_documents()]
        copy.import_documents(
            [new_document(d.text, doc_id=d.doc_id, title=d.title) for d in reversed(documents)],
            actor="lead",
            source="test",
        )

    def plan(db: Path | str) -> dict[str, tuple[str, ...]]:
        args = ("--annotators", "carol,alice,bob", "--overlap", "0.3", "--seed", "7")
        assert cli(capsys, "assign", *args, "--db", db).code == 0
        with Store.open(db, write=False) as store:
            ids = {info.id: info.doc_id for info in store.list_documents()}
            return {ids[doc]: names for doc, names in store.assignments().items()}

    assert plan(corpus) == plan(other)  # imported in the other order, too


def test_a_dry_run_shows_the_plan_and_writes_nothing(
    corpus: Path | str, capsys: pytest.CaptureFixture[str]
) -> None:
    before = state(corpus)
    result = cli(capsys, "assign", "--annotators", "alice,bob", "--dry-run", "--db", corpus)
    assert result.code == 0, result.err
    assert result.out.startswith("Would assign 20 documents to 2 annotators; 0 shared")
    assert "Nothing written (--dry-run)." in result.out
    assert state(corpus) == before


def test_documents_chosen_by_query_are_assigned_and_the_others_keep_theirs(
    corpus: Path | str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli(capsys, "assign", "--annotators", "alice", "--db", corpus).code == 0
    result = cli(
        capsys, "assign", "--annotators", "bob", "--documents", "MOSCOW talks", "--db", corpus
    )
    assert result.code == 0, result.err
    with Store.open(corpus, write=False) as store:
        titles = {info.id: info.title for info in store.list_documents()}
        assert [titles[doc] for doc in store.queue("bob")] == ["Ceasefire talks in Moscow"] * 5
        assert len(store.queue("alice")) == 15
    cleared = cli(capsys, "assign", "--clear", "--documents", "moscow", "--db", corpus)
    assert cleared.out.startswith("Removed 5 assignments of 5 documents")
    with Store.open(corpus, write=False) as store:
        assert store.queue("bob") == [] and len(store.assignments()) == 15


def test_adding_an_annotator_keeps_started_work_and_moves_only_untouched_documents(
    corpus: Path | str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli(capsys, "assign", "--annotators", "alice,bob", "--db", corpus).code == 0
    with Store.open(corpus) as store:
        started = store.queue("alice")[:6]
        for doc in started[:3]:
            store.set_status(doc, "alice", Status.DONE)
        for doc in started[3:]:
            store.set_status(doc, "alice", Status.IN_PROGRESS)
        before = store.assignments()

    result = cli(capsys, "assign", "--annotators", "alice,bob,carol", "--json", "--db", corpus)

    report = json.loads(result.out)
    assert report["kept_with_work"] == 6 and report["added"] == report["removed"] == 6
    with Store.open(corpus, write=False) as store:
        after = store.assignments()
        assert set(started) <= set(store.queue("alice"))
        assert len(store.queue("carol")) == 6
    moved = {doc for doc in before if before[doc] != after[doc]}
    assert moved.isdisjoint(started) and all(after[doc] == ("carol",) for doc in moved)


@pytest.mark.parametrize(
    ("args", "problem"),
    [
        (["--annotators", "alice,,bob"], "has an empty name"),
        (["--annotators", "alice,alice"], "'alice' is named twice"),
        (["--annotators", "gold"], "the adjudicated set"),
        (["--annotators", "ali\x1bce"], "'ali\\x1bce' holds a control character"),
        (["--annotators", "alice", "--overlap", "1.2"], "--overlap '1.2' is outside 0 to 1"),
        (["--annotators", "alice", "--overlap", "-0.1"], "is outside 0 to 1"),
        (["--annotators", "alice", "--overlap", "half"], "--overlap 'half' is not a number"),
        (["--annotators", "alice", "--seed", "1.5"], "--seed '1.5' is not a whole number"),
        (["--annotators", "alice", "--documents", "nowhere"], "matches --documents 'nowhere'"),
        ([], "give either --annotators A,B,C or --clear"),
        (["--annotators", "alice", "--clear"], "give either --annotators A,B,C or --clear"),
    ],
)
def test_bad_input_is_refused_in_one_line_and_changes_nothing(
    corpus: Path | str, capsys: pytest.CaptureFixture[str], args: list[str], problem: str
) -> None:
    assert cli(capsys, "assign", "--annotators", "zoe", "--db", corpus).code == 0
    before = state(corpus)
    line = cli(capsys, "assign", *args, "--db", corpus).refused()
    assert problem in line, line
    assert state(corpus) == before


def test_an_empty_corpus_is_refused(db: Path | str, capsys: pytest.CaptureFixture[str]) -> None:
    Store.open(db).close()
    before = state(db)
    line = cli(capsys, "assign", "--annotators", "alice", "--db", db).refused()
    assert "no documents to assign; import some first" in line
    assert state(db) == before


def test_progress_without_assignments_says_so(
    corpus: Path | str, capsys: pytest.CaptureFixture[str]
) -> None:
    before = state(corpus)
    text = cli(capsys, "progress", "--db", corpus)
    assert text.out.startswith("Nothing is assigned: every annotator sees every document")
    figures = json.loads(cli(capsys, "progress", "--json", "--db", corpus).out)
    assert figures == {"assigned": 0, "shared": 0, "annotators": {}, "agreement": None}
    assert state(corpus) == before  # reading never writes


def test_work_done_before_the_plan_stays_with_whoever_did_it(
    db: Path | str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    team = team_database(tmp_path, capsys, db=db)
    result = cli(capsys, "assign", "--annotators", "alice,bob,carol,dave", "--db", team)
    assert result.code == 0, result.err
    with Store.open(team, write=False) as store:
        first, second = (info.id for info in store.list_documents())
        # Everyone worked on both (done, skipped or in progress): nobody else is given them.
        assert store.assignments() == {
            first: ("alice", "bob", "carol"),
            second: ("alice", "bob", "carol"),
        }
        assert store.queue("dave") == []


def test_progress_measures_agreement_only_between_the_annotators_given_each_document(
    db: Path | str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    team = team_database(tmp_path, capsys, db=db)
    assert cli(capsys, "assign", "--annotators", "alice,bob", "--db", team).code == 0
    files = [
        write(tmp_path / f"{name}.annotations.jsonl", lines)
        for name, lines in team_lines().items()
        if name != "carol"  # she marked the first document done too, but was not given it
    ]
    expected = json.loads(cli(capsys, "agreement", *files, "--json").out)

    figures = json.loads(cli(capsys, "progress", "--json", "--db", team).out)["agreement"]

    assert figures["documents"] == 1
    assert figures["pairs"] == expected["pairs"]
    assert [(p["a"], p["b"]) for p in figures["pairs"]] == [("alice", "bob")]
    assert figures["overall"] == {k: expected["overall"][k] for k in figures["overall"]}
    text = cli(capsys, "progress", "--db", team).out
    assert "Agreement on 1 shared document done by two or more of their annotators:" in text
    assert "alice / bob" in text and "carol" not in text


def test_on_a_team_server_the_lead_assigns_and_each_annotator_reads_their_queue(
    pg_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    team = set_up(pg_url, SAMPLES)
    args = ("--annotators", "alice,bob", "--overlap", "0.5", "--seed", "1")
    assert cli(capsys, "assign", *args, "--db", team.url(LEAD)).code == 0
    with Store.open(team.url(LEAD), write=False) as lead:
        plan = lead.assignments()
        assert len(plan) == 4 and set(lead.progress()) == {"alice", "bob"}
    for name in ANNOTATORS:
        with Store.open(team.url(name), write=False) as mine:
            queue = mine.queue(name)
            assert queue == [doc for doc, names in plan.items() if name in names]
            # The database shows them their own documents and assignments only.
            assert [info.id for info in mine.list_documents()] == queue
            assert set(mine.progress()) == {name}

    # Refused before anything is planned, even a plan that would change nothing she can see
    # (the database itself refuses the writes: tests/store/test_server_roles.py).
    for attempt in (["--annotators", "alice,bob"], ["--clear"], ["--annotators", "alice"]):
        line = cli(capsys, "assign", *attempt, "--db", team.url("alice")).refused()
        assert "only the lead hands out documents on this team server" in line, line
    with Store.open(team.url(LEAD), write=False) as lead:
        assert lead.assignments() == plan


def test_work_started_while_the_plan_is_made_is_kept(
    corpus: Path | str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert cli(capsys, "assign", "--annotators", "alice,bob", "--db", corpus).code == 0
    with Store.open(corpus, write=False) as store:
        doc_ids = {info.id: info.doc_id for info in store.list_documents()}
        existing = {
            doc_ids[doc]: dict.fromkeys(names, Status.TODO)
            for doc, names in store.assignments().items()
        }
    unaware = assignment.plan(list(doc_ids.values()), ["alice", "bob", "carol"], 0, 0, existing)
    [victim, *_] = sorted(doc for doc, name in assignment.changes(existing, unaware).removed)
    victim_id = next(row for row, doc_id in doc_ids.items() if doc_id == victim)
    bob = next(iter(existing[victim]))
    calls: list[int] = []
    real = assignment.plan

    def plan_while_someone_starts(*args: Any, **kwargs: Any) -> assignment.Plan:
        calls.append(1)
        if len(calls) == 1:  # another window starts the document, before the write lock
            with Store.open(corpus) as window:
                window.set_status(victim_id, bob, Status.IN_PROGRESS)
        return real(*args, **kwargs)

    monkeypatch.setattr(assignment, "plan", plan_while_someone_starts)
    result = cli(capsys, "assign", "--annotators", "alice,bob,carol", "--db", corpus)

    assert result.code == 0, result.err
    assert len(calls) == 2  # planned again under the lock
    with Store.open(corpus, write=False) as store:
        assert bob in store.assignments()[victim_id]
