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
   API token;
2. creates the two users and a project with the exported labeling config, through the API;
3. imports the exported tasks, and exports the project again (Label Studio's JSON);
4. imports that export into a new annotator database with the same ``--ls-user`` mapping,
   and compares every annotation set (labels, offsets, text, attributes, notes, relations,
   annotator, status) with the original;
5. stops the server by its process id.

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
            "LABEL_STUDIO_DISABLE_SIGNUP_WITHOUT_LINK": "false",
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

    def add_user(self, email: str) -> None:
        """A user by the API; if this edition refuses that, by ``label-studio user``."""
        try:
            self.call("POST", "/api/users/", {"email": email, "username": email})
            print(f"created user {email} through POST /api/users/")
        except SystemExit as refused:
            print(f"POST /api/users/ refused ({refused}); using label-studio user")
            subprocess.run(
                [str(self.program), "user", "--username", email, "--password",
                 secrets.token_urlsafe(12), "--data-dir", str(self.folder / "data")],
                env=self.env, check=True, capture_output=True,
            )  # fmt: skip


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


def reimport(exported: Path, db: Path) -> list[str]:
    from annotator.io import importers
    from annotator.store import Store

    with Store.open(db) as store:
        report, _ = importers.import_paths(
            store,
            [exported],
            actor="importer",
            format="label-studio",
            options=importers.ImportOptions(label_studio_users=USERS),
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
        for email in [*USERS.values(), "alice@annotator.invalid"]:
            server.add_user(email)
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
        exported = server.call(
            "GET", f"/api/projects/{project['id']}/export?exportType=JSON&download_all_tasks=true"
        )
    finally:
        server.stop()
    back = folder / "label-studio-export.json"
    back.write_text(json.dumps(exported, ensure_ascii=False, indent=1), encoding="utf-8")
    users = sorted(
        {str(a.get("completed_by")) for task in exported for a in task.get("annotations", [])}
    )
    print(f"Label Studio's export: {len(exported)} tasks; completed_by values {users}")
    notes = reimport(back, folder / "back.sqlite3")
    for note in notes:
        print(f"import note: {note}")
    before, after = snapshot(source), snapshot(folder / "back.sqlite3")
    problems = compare(before, after)
    spans = sum(len(spans) for _, spans, _ in before.values())
    relations = sum(len(rels) for _, _, rels in before.values())
    print(
        f"compared {len(before)} annotation sets ({spans} spans, {relations} relations) "
        f"with {len(after)} that came back"
    )
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
