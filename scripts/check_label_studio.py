"""Round-trip the Label Studio export through a real Label Studio server, with two annotators.

Label Studio is not a dependency of annotator (its install is about 1 GB), so this runs by
hand, with annotator's Python::

    .venv/bin/python scripts/check_label_studio.py [--venv DIR] [--keep]

It makes a temporary folder with its own virtual environment (``pip install label-studio``;
``--venv DIR`` reuses or fills DIR instead), builds the multilingual test corpus
(``tests/io/export_corpus.py``: alice and bob, emoji, Armenian, CRLF, nested and crossing
spans, attributes of every type, notes, relations) and exports it as ``label-studio``, bob
with ``--ls-user bob=bob.k@example.org`` and alice with the default
``alice@annotator.invalid``. Then it

1. starts ``label-studio`` on 127.0.0.1 with its own data folder and an admin with a known
   API token (legacy tokens enabled: 1.23 turns them off by default);
2. creates the two users (``POST /api/users/``) and a project with the exported labeling
   config, through the API;
3. imports the exported tasks, and exports the project again twice: the plain JSON export
   (``GET /api/projects/ID/export``: ``completed_by`` is a user number) and an export snapshot
   with ``annotations__completed_by`` expanded (user objects with emails);
4. stops the server by its process id;
5. imports each export into a new annotator database (``--ls-user NAME=NUMBER`` for the plain
   one, the email mapping for the snapshot) and compares every annotation set (labels,
   offsets, text, attributes, notes, relations, annotator, status) with the original.

Exit code 0 when the sets come back equal; what differs is printed either way.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

ADMIN = "admin@example.org"
USERS = {"bob": "bob.k@example.org"}  # alice keeps the default, alice@annotator.invalid


def install(venv: Path) -> Path:
    """``label-studio`` in ``venv``, installed there first if it is missing."""
    program = venv / "bin" / "label-studio"
    if not program.exists():
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        pip = [str(venv / "bin" / "pip"), "install", "--quiet", "label-studio"]
        subprocess.run(["nice", "-n", "19", *pip], check=True)
    return program


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Server:
    """A Label Studio server of our own, reached through its API with a token."""

    def __init__(self, program: Path, folder: Path) -> None:
        self.program = program
        self.folder = folder
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.token = secrets.token_hex(20)
        self.password = secrets.token_urlsafe(12)
        self.env = {
            **os.environ,
            "LABEL_STUDIO_BASE_DATA_DIR": str(folder / "data"),
            "LABEL_STUDIO_USERNAME": ADMIN,
            "LABEL_STUDIO_PASSWORD": self.password,
            "LABEL_STUDIO_USER_TOKEN": self.token,
            # Label Studio 1.23 turns the user token of a new organization off unless asked.
            "LABEL_STUDIO_ENABLE_LEGACY_API_TOKEN": "true",
        }
        self.log = folder / "label-studio.log"
        self.process: subprocess.Popen[bytes] | None = None

    def start(self, timeout: float = 1200) -> None:
        command = [
            "nice", "-n", "19", str(self.program), "start", "--no-browser",
            "--internal-host", "127.0.0.1", "--port", str(self.port),
            "--data-dir", str(self.folder / "data"),
            "--username", ADMIN, "--password", self.password, "--user-token", self.token,
        ]  # fmt: skip
        with self.log.open("wb") as log:
            # Its own session, so that stop() reaches the server and whatever it started.
            self.process = subprocess.Popen(
                command, env=self.env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
            )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(f"label-studio exited; see {self.log}")
            try:
                with urllib.request.urlopen(f"{self.url}/health", timeout=5) as answer:
                    if answer.status == 200:
                        return
            except (OSError, urllib.error.URLError):
                pass
            time.sleep(3)
        raise SystemExit(f"label-studio did not answer within {timeout:.0f} s; see {self.log}")

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        os.killpg(self.process.pid, signal.SIGTERM)  # the group of the process we started
        try:
            self.process.wait(60)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()

    def call(self, method: str, path: str, body: Any = None) -> Any:
        data = None if body is None else json.dumps(body).encode("utf-8")
        request = urllib.request.Request(
            self.url + path,
            data=data,
            method=method,
            headers={"Authorization": f"Token {self.token}", "Content-Type": "application/json"},
        )
        try:
            with urllib.request.urlopen(request, timeout=600) as answer:
                raw = answer.read()
        except urllib.error.HTTPError as exc:
            detail = exc.read().decode("utf-8", "replace")[:2000]
            raise SystemExit(f"{method} {path}: HTTP {exc.code}: {detail}") from None
        return json.loads(raw) if raw else None

    def add_user(self, email: str) -> int:
        """A user of the admin's organization, by the API; returns its number."""
        user = self.call("POST", "/api/users/", {"email": email, "username": email})
        print(f"created user {email} (number {user['id']}) through POST /api/users/")
        return int(user["id"])

    def snapshot_export(self, project: int) -> Any:
        """An export snapshot with completed_by expanded to the user (id, email, names)."""
        options = {"annotations__completed_by": {"only_id": False}}
        made = self.call(
            "POST", f"/api/projects/{project}/exports/", {"serialization_options": options}
        )
        path = f"/api/projects/{project}/exports/{made['id']}"
        for _ in range(200):
            if self.call("GET", path).get("status") == "completed":
                return self.call("GET", f"{path}/download?exportType=JSON")
            time.sleep(3)
        raise SystemExit(f"export snapshot {made['id']} did not complete")


def export_corpus(folder: Path) -> tuple[Path, Path]:
    from annotator.core.model import Status
    from annotator.io import exporters
    from tests.io.export_corpus import build

    corpus = build(folder / "source.sqlite3", folder)
    tasks = folder / "tasks.json"
    report = exporters.get("label-studio").write(
        corpus.store,
        tasks,
        exporters.ExportOptions(statuses=frozenset({Status.DONE}), label_studio_users=USERS),
    )
    print("\n".join(report.lost + report.notes))
    corpus.store.close()
    return folder / "source.sqlite3", tasks


def snapshot(db: Path) -> dict[tuple[str, str | None], Any]:
    """(text sha256, annotator) -> (status, spans, relations), order-free."""
    from annotator.core.model import Status
    from annotator.store import Store

    result: dict[tuple[str, str | None], Any] = {}
    with Store.open(db) as store:
        for work in store.annotation_sets(statuses=frozenset({Status.DONE})):
            ends = {s.uid: (s.label, s.start, s.end) for s in work.spans}
            spans = frozenset(
                (s.label, s.start, s.end, s.text, json.dumps(s.attributes, sort_keys=True), s.note)
                for s in work.spans
            )
            relations = frozenset(
                (r.type, ends[r.from_uid], ends[r.to_uid]) for r in work.relations
            )
            result[(work.document.text_sha256, work.annotator)] = (
                work.status.value,
                spans,
                relations,
            )
    return result


def reimport(exported: Path, db: Path, users: dict[str, str]) -> list[str]:
    from annotator.io import importers
    from annotator.store import Store

    with Store.open(db) as store:
        report, _ = importers.import_paths(
            store,
            [exported],
            actor="importer",
            format="label-studio",
            options=importers.ReadOptions(label_studio_users=users),
        )
    return list(report.notes)


def compare(before: dict[Any, Any], after: dict[Any, Any]) -> list[str]:
    problems = []
    for key in sorted(set(before) | set(after)):
        if key not in after:
            problems.append(f"annotation set of {key[1]} on {key[0][:12]} did not come back")
        elif key not in before:
            problems.append(f"annotation set of {key[1]} on {key[0][:12]} is new")
        elif before[key] != after[key]:
            old, new = before[key], after[key]
            problems.append(
                f"{key[1]} on {key[0][:12]}: status {old[0]}->{new[0]}; spans only before "
                f"{sorted(old[1] - new[1])}, only after {sorted(new[1] - old[1])}; "
                f"relations {len(old[2])}->{len(new[2])}"
            )
    return problems


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--venv", type=Path, help="Label Studio's environment (made if missing)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="check-label-studio-"))
    program = install(args.venv or folder / "venv")
    asked = "import label_studio; print(label_studio.__version__)"
    version = subprocess.run(
        [str(program.with_name("python")), "-c", asked], capture_output=True, text=True, check=True
    ).stdout.strip()
    print(f"Label Studio {version} in {program.parent.parent}")
    source, tasks = export_corpus(folder)
    server = Server(program, folder)
    try:
        started = time.monotonic()
        server.start()
        print(f"server up on {server.url} after {time.monotonic() - started:.0f} s")
        numbers = {
            name: str(server.add_user(email))
            for name, email in {**USERS, "alice": "alice@annotator.invalid"}.items()
        }
        config = tasks.with_name("tasks.label_config.xml").read_text(encoding="utf-8")
        project = server.call(
            "POST", "/api/projects/", {"title": "annotator round trip", "label_config": config}
        )
        imported = server.call(
            "POST", f"/api/projects/{project['id']}/import", json.loads(tasks.read_text("utf-8"))
        )
        print(
            f"imported: {imported.get('task_count')} tasks, "
            f"{imported.get('annotation_count')} annotations"
        )
        plain = server.call(
            "GET", f"/api/projects/{project['id']}/export?exportType=JSON&download_all_tasks=true"
        )
        snapshot_json = server.snapshot_export(project["id"])
    finally:
        server.stop()
    print(f"server stopped (process {server.process.pid if server.process else '-'})")
    before = snapshot(source)
    spans = sum(len(spans) for _, spans, _ in before.values())
    relations = sum(len(rels) for _, _, rels in before.values())
    print(f"original: {len(before)} annotation sets, {spans} spans, {relations} relations")
    problems: list[str] = []
    # The plain export names users by number: map them with --ls-user NAME=NUMBER. The
    # snapshot carries emails: only bob's custom email needs --ls-user.
    for label, exported, users in (
        ("plain JSON export (GET /export)", plain, numbers),
        ("export snapshot, completed_by expanded", snapshot_json, USERS),
    ):
        back = folder / f"label-studio-{len(problems)}-{label.split()[0]}.json"
        back.write_text(json.dumps(exported, ensure_ascii=False, indent=1), encoding="utf-8")
        who = sorted(
            {json.dumps(a.get("completed_by")) for t in exported for a in t.get("annotations", [])}
        )
        print(f"{label}: {len(exported)} tasks; completed_by {who}")
        db = folder / f"back-{label.split()[0]}.sqlite3"
        for note in reimport(back, db, users):
            print(f"  import note: {note}")
        after = snapshot(db)
        found = compare(before, after)
        print(
            f"  {len(after)} annotation sets came back; " + ("equal" if not found else "DIFFERENT")
        )
        problems += [f"{label}: {problem}" for problem in found]
    for problem in problems:
        print(f"PROBLEM: {problem}")
    print("round trip equal" if not problems else f"{len(problems)} problems")
    if args.keep:
        print(f"kept {folder}")
    else:
        import shutil

        shutil.rmtree(folder, ignore_errors=True)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
