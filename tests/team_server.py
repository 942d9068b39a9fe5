"""A team server for the role tests: ``server init`` and ``add-annotator`` run through the CLI
on a fresh database, the lead's documents imported, and each person connecting as their own
role (trust authentication on the throwaway server: no passwords)."""

from __future__ import annotations

import contextlib
import io
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from annotator.launcher import main
from annotator.store import server_url

LEAD = "lena"
ANNOTATORS = ("alice", "bob")


@dataclass(frozen=True)
class Team:
    owner_url: str  # the superuser who ran server init

    def url(self, role: str) -> str:
        """The same database, logged in as ``role``."""
        where = server_url.parse(self.owner_url)
        return f"postgresql://{role}@{where.host}:{where.port}/{where.database}"

    def sql(
        self, role: str, statement: str, parameters: Sequence[Any] = ()
    ) -> list[tuple[Any, ...]]:
        """Run one statement as ``role`` (psycopg's error, if refused, propagates)."""
        import psycopg

        with psycopg.connect(self.url(role), autocommit=True) as conn:
            cursor = conn.execute(statement, tuple(parameters))
            return list(cursor.fetchall()) if cursor.description else []

    def document_id(self, doc_id: str) -> int:
        [(found,)] = self.sql("annotator", "SELECT id FROM document WHERE doc_id = %s", [doc_id])
        return int(found)

    def assign(self, doc_id: str, *annotators: str) -> None:
        """What ``annotator assign`` will do: the lead hands a document to annotators."""
        for name in annotators:
            self.sql(
                LEAD,
                "INSERT INTO assignment (document_id, annotator_id, assigned_at) "
                "SELECT d.id, a.id, 'now' FROM document d, annotator a "
                "WHERE d.doc_id = %s AND a.name = %s",
                [doc_id, name],
            )


def set_up(owner_url: str, *files: object) -> Team:
    """``server init --lead lena``, ``add-annotator`` alice and bob, and ``files`` imported
    by the lead, all through the CLI."""
    team = Team(owner_url)
    commands = [
        ["server", "init", "--lead", LEAD, "--db", owner_url],
        *(["server", "add-annotator", name, "--db", owner_url] for name in ANNOTATORS),
    ]
    if files:
        commands.append(["import", *map(str, files), "--db", team.url(LEAD)])
    for command in commands:
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(command)
        assert code == 0, (command, err.getvalue())
    return team
