"""Roles and ownership on a team server, enforced by PostgreSQL itself (issue 12, item 3).

``annotator server init`` gives a database two group roles, named after it: ``DB_lead`` and
``DB_annotators``. Each person logs in as a role of their own, member of one of them, and
their annotator name is that role's name (``session_user``). Grants say which tables a group
may touch at all; row-level security says which rows:

- an annotator reads the documents assigned to them (no assignment: no document), their own
  spans, relations, statuses and suggestion outcomes, and gold on their documents;
- they write only their own rows, and only on documents assigned to them;
- only the lead writes documents, gold, assignments and the label schema (``store_meta``);
- nobody updates or deletes the change log, and an annotator's entries carry their name.

RLS skips in silence an UPDATE or DELETE of a row the role may read but not change (gold),
which would read as success; a trigger on the owned tables refuses such writes with a
message of ours instead (SQLSTATE 42501, as for every refusal here). The database owner who
runs ``init`` is not subject to RLS: it is the administrator, outside the team.

Everything here is idempotent: roles are created when missing, grants and policies replaced.
Tables added by a later schema version need ``server init`` again (it re-grants everything).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from sqlalchemy import Connection

from annotator.core.display import printable
from annotator.core.model import GOLD
from annotator.errors import UserError
from annotator.store.db import transaction
from annotator.store.server import make_server_engine
from annotator.store.server_url import ServerUrl

T = TypeVar("T")
MAX_ROLE_BYTES = 63  # PostgreSQL truncates longer names (NAMEDATALEN - 1)
# The rows an annotator owns: each has annotator_id and document_id.
OWNED = {
    "span": "spans",
    "relation": "relations",
    "document_status": "statuses",
    "suggestion_outcome": "suggestion outcomes",
}
# Tables only the lead writes; annotators read them (rows filtered by the policies below).
LEAD_WRITES = ("document", "assignment", "store_meta")
SHARED = ("suggestion_pattern",)  # learned patterns: every accept and reject counts
LOG_COLUMNS_READ = "id, at, annotator, action, document_id"  # what the change watcher reads

_ME = "(SELECT a.id FROM annotator a WHERE a.name = session_user::text)"
_GOLD_ID = f"(SELECT a.id FROM annotator a WHERE a.name = '{GOLD}')"


def _assigned(column: str) -> str:
    return (
        f"EXISTS (SELECT 1 FROM assignment x WHERE x.document_id = {column} "
        f"AND x.annotator_id = {_ME})"
    )


_OWN_ROW = f"annotator_id = {_ME}"
_VISIBLE_ROW = f"({_OWN_ROW} OR (annotator_id = {_GOLD_ID} AND {_assigned('document_id')}))"
_WRITABLE_ROW = f"({_OWN_ROW} AND {_assigned('document_id')})"


@dataclass(frozen=True)
class TeamGroups:
    lead: str
    annotators: str


def groups(database: str) -> TeamGroups:
    """The group roles of ``database``: named after it, so one server holds several teams."""
    found = TeamGroups(f"{database}_lead", f"{database}_annotators")
    if len(found.annotators.encode()) > MAX_ROLE_BYTES:
        raise UserError(
            f"database name {printable(database)!r} is too long for its team roles "
            f"(at most {MAX_ROLE_BYTES - len('_annotators')} bytes)"
        )
    return found


def ident(name: str) -> str:
    """``name`` as a quoted SQL identifier (role names keep their case and characters)."""
    return '"' + name.replace('"', '""') + '"'


def psql_name(name: str) -> str:
    """``name`` as typed in psql: bare when PostgreSQL would not fold or misread it."""
    return name if re.fullmatch(r"[a-z_][a-z0-9_]*", name) else ident(name)


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def check_person(name: str, what: str) -> str:
    """A name fit for a person's login role, or a one-line refusal."""
    if not name or name != name.strip() or any(ord(c) < 32 or ord(c) == 127 for c in name):
        raise UserError(f"{what}: {printable(name)!r} is not a usable name")
    if len(name.encode()) > MAX_ROLE_BYTES:
        raise UserError(f"{what}: {printable(name)!r} is longer than {MAX_ROLE_BYTES} bytes")
    if name.casefold() == GOLD or name.lower().startswith("pg_"):
        raise UserError(f"{what}: {printable(name)!r} is reserved (gold, pg_...)")
    return name


# ---- reading who is connected --------------------------------------------------------------


def team_role(conn: Connection) -> str | None:
    """The connected role's name when the database is a team server (``server init`` ran:
    row-level security is on), else None. On a team server it is the annotator's name."""
    found = conn.exec_driver_sql(
        "SELECT c.relrowsecurity, session_user::text FROM pg_class c "
        "WHERE c.oid = to_regclass('span')"
    ).first()
    return str(found[1]) if found is not None and found[0] else None


def is_lead(conn: Connection, database: str, role: str) -> bool:
    """Whether ``role`` belongs to the team's lead group."""
    lead = groups(database).lead
    return _role_exists(conn, lead) and _is_member(conn, role, lead)


def _role_exists(conn: Connection, name: str) -> bool:
    found = conn.exec_driver_sql(f"SELECT 1 FROM pg_roles WHERE rolname = {_literal(name)}")
    return found.first() is not None


def _is_member(conn: Connection, person: str, group: str) -> bool:
    return bool(
        conn.exec_driver_sql(
            f"SELECT pg_has_role({_literal(person)}, {_literal(group)}, 'MEMBER')"
        ).scalar()
    )


def _ensure_role(conn: Connection, name: str, *, login: bool) -> None:
    if not _role_exists(conn, name):
        kind = "LOGIN" if login else "NOLOGIN"
        conn.exec_driver_sql(f"CREATE ROLE {ident(name)} {kind}")


def _check_administrator(conn: Connection, where: ServerUrl) -> None:
    allowed = conn.exec_driver_sql(
        "SELECT r.rolsuper OR (r.rolcreaterole AND d.datdba = r.oid) FROM pg_roles r, "
        "pg_database d WHERE r.rolname = current_user AND d.datname = current_database()"
    ).scalar()
    if not allowed:
        raise UserError(
            f"{where}: run this as the database's owner with CREATEROLE, or as a superuser"
        )


# ---- server init ---------------------------------------------------------------------------


def _grants(conn: Connection, database: str, team: TeamGroups) -> list[str]:
    lead, annotators = ident(team.lead), ident(team.annotators)
    both = f"{lead}, {annotators}"
    statements = [
        f"REVOKE ALL ON DATABASE {ident(database)} FROM PUBLIC",
        f"GRANT CONNECT ON DATABASE {ident(database)} TO {both}",
        "REVOKE CREATE ON SCHEMA public FROM PUBLIC",  # PostgreSQL before 15 granted it
        f"GRANT USAGE ON SCHEMA public TO {both}",
        f"REVOKE ALL ON ALL TABLES IN SCHEMA public FROM PUBLIC, {both}",
        f"GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO {both}",
        # Every table is readable (rows filtered by the policies below), a migration tool's
        # version table too...
        f"GRANT SELECT ON ALL TABLES IN SCHEMA public TO {both}",
        # ...but the change log's values before and after are the lead's to read.
        f"REVOKE SELECT ON change_log FROM {annotators}",
        f"GRANT SELECT ({LOG_COLUMNS_READ}), INSERT ON change_log TO {annotators}",
        # The lead writes everything but the change log, which nobody updates or deletes.
        f"GRANT INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {lead}",
        f"REVOKE UPDATE, DELETE ON change_log, annotator_schema_version FROM {lead}",
        f"REVOKE INSERT ON annotator_schema_version FROM {lead}",
        f"GRANT INSERT ON annotator TO {annotators}",
    ]
    for table in OWNED:
        statements.append(f"GRANT INSERT, DELETE ON {table} TO {annotators}")
        # Not annotator_id or document_id: a row never moves to another owner or document.
        columns = _updatable_columns(conn, table)
        statements.append(f"GRANT UPDATE ({', '.join(columns)}) ON {table} TO {annotators}")
    for table in SHARED:
        statements.append(f"GRANT INSERT, UPDATE ON {table} TO {annotators}")
    return statements


def _updatable_columns(conn: Connection, table: str) -> list[str]:
    rows = conn.exec_driver_sql(
        "SELECT column_name FROM information_schema.columns WHERE table_schema = 'public' "
        f"AND table_name = {_literal(table)} ORDER BY ordinal_position"
    )
    fixed = {"id", "annotator_id", "document_id"}
    return [ident(str(name)) for (name,) in rows if name not in fixed]


def _owner_trigger(team: TeamGroups) -> list[str]:
    """A trigger on the owned tables that refuses an annotator's write to another's row with
    a message naming the rule (RLS alone would skip a DELETE in silence)."""
    function = f"""
CREATE OR REPLACE FUNCTION annotator_check_owner() RETURNS trigger LANGUAGE plpgsql
-- Fixed, with pg_temp last: a temporary table must not stand in for ours.
SET search_path = pg_catalog, public, pg_temp AS $body$
DECLARE
    owners integer[];
    owner_id integer;
    owner text;
    mine boolean;
BEGIN
    IF pg_has_role(session_user, {_literal(team.lead)}, 'MEMBER')
       OR NOT pg_has_role(session_user, {_literal(team.annotators)}, 'MEMBER') THEN
        RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
    END IF;
    IF TG_OP = 'INSERT' THEN
        owners := ARRAY[NEW.annotator_id];
    ELSIF TG_OP = 'DELETE' THEN
        owners := ARRAY[OLD.annotator_id];
    ELSE
        owners := ARRAY[OLD.annotator_id, NEW.annotator_id];
    END IF;
    FOREACH owner_id IN ARRAY owners LOOP
        SELECT a.name INTO owner FROM annotator a WHERE a.id = owner_id;
        IF owner IS DISTINCT FROM session_user::text THEN
            RAISE EXCEPTION USING ERRCODE = '42501', MESSAGE = CASE WHEN owner = '{GOLD}'
                THEN 'permission denied: only the lead writes gold'
                ELSE 'permission denied: ' || session_user || ' writes only their own '
                     || TG_ARGV[0] END;
        END IF;
    END LOOP;
    IF TG_OP <> 'DELETE' THEN
        SELECT EXISTS (SELECT 1 FROM assignment x WHERE x.document_id = NEW.document_id
                       AND x.annotator_id = NEW.annotator_id) INTO mine;
        IF NOT mine THEN
            RAISE EXCEPTION USING ERRCODE = '42501', MESSAGE = 'permission denied: document '
                || NEW.document_id || ' is not assigned to ' || session_user;
        END IF;
    END IF;
    RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END
$body$"""
    statements = [function]
    for table, what in OWNED.items():
        statements.append(
            f"CREATE OR REPLACE TRIGGER annotator_check_owner BEFORE INSERT OR UPDATE OR DELETE "
            f"ON {table} FOR EACH ROW EXECUTE FUNCTION annotator_check_owner({_literal(what)})"
        )
    return statements


def _policies(team: TeamGroups) -> list[str]:
    lead, annotators = ident(team.lead), ident(team.annotators)
    # (table, policy, command, role, USING, WITH CHECK)
    rules: list[tuple[str, str, str, str, str | None, str | None]] = []
    for table in (*OWNED, *LEAD_WRITES, "annotator"):
        rules.append((table, "lead_all", "ALL", lead, "true", "true"))
    for table in ("span", "relation", "document_status"):
        rules += [
            (table, "annotator_read", "SELECT", annotators, _VISIBLE_ROW, None),
            (table, "annotator_insert", "INSERT", annotators, None, _WRITABLE_ROW),
            (table, "annotator_update", "UPDATE", annotators, _VISIBLE_ROW, _WRITABLE_ROW),
            (table, "annotator_delete", "DELETE", annotators, _VISIBLE_ROW, None),
        ]
    rules += [
        ("suggestion_outcome", "annotator_own", "ALL", annotators, _OWN_ROW, _WRITABLE_ROW),
        ("document", "annotator_read", "SELECT", annotators, _assigned("id"), None),
        ("assignment", "annotator_read", "SELECT", annotators, _OWN_ROW, None),
        ("store_meta", "annotator_read", "SELECT", annotators, "true", None),
        ("annotator", "annotator_read", "SELECT", annotators, "true", None),
        ("annotator", "annotator_self", "INSERT", annotators, None, "name = session_user::text"),
        ("change_log", "annotator_read", "SELECT", annotators, "true", None),
    ]
    # An annotator logs under their own name only. The lead's entries may name gold: the
    # window adjudicates as gold (the change is the lead's, and only the lead writes gold).
    rules += [
        ("change_log", "lead_all", "SELECT", lead, "true", None),
        ("change_log", "lead_insert", "INSERT", lead, None, "true"),
        ("change_log", "own_entries", "INSERT", annotators, None, "annotator = session_user::text"),
    ]
    statements: list[str] = []
    for table in {rule[0] for rule in rules}:
        statements.append(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
    for table, name, command, roles, using, check in rules:
        statements.append(f"DROP POLICY IF EXISTS {name} ON {table}")
        sql = f"CREATE POLICY {name} ON {table} FOR {command} TO {roles}"
        if using is not None:
            sql += f" USING ({using})"
        if check is not None:
            sql += f" WITH CHECK ({check})"
        statements.append(sql)
    return statements


@dataclass(frozen=True)
class InitReport:
    lead: str
    groups: TeamGroups
    created_roles: list[str]


def init_roles(conn: Connection, where: ServerUrl, lead: str) -> InitReport:
    """Roles, grants, policies and the lead's annotator row, in the caller's transaction."""
    check_person(lead, "--lead")
    _check_administrator(conn, where)
    team = groups(where.database)
    if (
        _role_exists(conn, lead)
        and _role_exists(conn, team.annotators)
        and _is_member(conn, lead, team.annotators)
        and not (_role_exists(conn, team.lead) and _is_member(conn, lead, team.lead))
    ):
        raise UserError(f"--lead: {printable(lead)!r} is an annotator of this database")
    created = [name for name in (team.lead, team.annotators, lead) if not _role_exists(conn, name)]
    _ensure_role(conn, team.lead, login=False)
    _ensure_role(conn, team.annotators, login=False)
    _ensure_role(conn, lead, login=True)
    conn.exec_driver_sql(f"GRANT {ident(team.lead)} TO {ident(lead)}")
    statements = _grants(conn, where.database, team) + _owner_trigger(team) + _policies(team)
    for statement in statements:
        conn.exec_driver_sql(statement)
    # Gold exists from the start, so that an annotator's write to it is refused as gold's.
    for name in (lead, GOLD):
        conn.exec_driver_sql(
            f"INSERT INTO annotator (name) VALUES ({_literal(name)}) ON CONFLICT (name) DO NOTHING"
        )
    return InitReport(lead, team, created)


def add_annotator(conn: Connection, where: ServerUrl, name: str) -> bool:
    """A login role for ``name`` in the annotators' group, and its annotator row; False when
    both were there already."""
    check_person(name, "NAME")
    _check_administrator(conn, where)
    team = groups(where.database)
    if not _role_exists(conn, team.annotators):
        raise UserError(f"{where}: not a team server yet; run `annotator server init` first")
    if _role_exists(conn, name) and _is_member(conn, name, team.lead):
        raise UserError(f"{printable(name)!r} is the lead of {where}")
    new_role = not _role_exists(conn, name)
    member = not new_role and _is_member(conn, name, team.annotators)
    _ensure_role(conn, name, login=True)
    conn.exec_driver_sql(f"GRANT {ident(team.annotators)} TO {ident(name)}")
    added = conn.exec_driver_sql(
        f"INSERT INTO annotator (name) VALUES ({_literal(name)}) ON CONFLICT (name) DO NOTHING"
    ).rowcount
    return new_role or not member or bool(added)


def administer(where: ServerUrl, work: Callable[[Connection], T]) -> T:
    """Run ``work`` in one write transaction on ``where``: all of it or, on error, none."""
    engine = make_server_engine(where, read_only=False)
    try:
        with transaction(engine, where, write=True) as conn:
            return work(conn)
    finally:
        engine.dispose()
