"""``annotator server init`` and ``annotator server add-annotator``: a team server's roles.

Both are run by the database's owner (or a superuser). Nobody's password passes through here:
roles are created without one, and each person's is set with psql's ``\\password`` (or
``ALTER ROLE``) and read by libpq from ``~/.pgpass``, ``PGPASSWORD`` or a service file.
"""

from __future__ import annotations

import argparse
import dataclasses
from typing import Any

from annotator.cli.common import add_db_option
from annotator.core.display import printable
from annotator.errors import UserError
from annotator.paths import resolve_db
from annotator.store import Store, server_roles, server_url
from annotator.store.server_url import ServerUrl


def register(subparsers: Any) -> None:
    server = subparsers.add_parser(
        "server",
        help="set up a team server: roles, and who may read and write what",
        description="Set up a PostgreSQL database for a team: a lead and annotators, each "
        "logging in as their own role, with the database itself refusing what a role may not "
        "do. Run by the database's owner (or a superuser).",
    )
    actions = server.add_subparsers(dest="server_command", metavar="ACTION", required=True)
    init = actions.add_parser(
        "init",
        help="create the schema, the lead's role, the annotators' group and the policies",
        description="Create the annotator tables if missing, the group roles DB_lead and "
        "DB_annotators, the lead's login role (no password: set it with psql's \\password), "
        "their grants and the row-level security policies. Running it again changes nothing "
        "but brings grants and policies up to date.",
    )
    init.add_argument("--lead", required=True, metavar="NAME", help="the lead's role name")
    add_db_option(init)
    init.set_defaults(run=run_init)
    add = actions.add_parser(
        "add-annotator",
        help="create an annotator's login role and annotator name",
        description="Create a login role NAME (no password: set it with psql's \\password) in "
        "the database's annotators group, and the annotator NAME. Running it again changes "
        "nothing.",
    )
    add.add_argument("name", metavar="NAME", help="the annotator's role and annotator name")
    add_db_option(add)
    add.set_defaults(run=run_add_annotator)


def _server(args: argparse.Namespace) -> ServerUrl:
    where = resolve_db(args.db)
    if not isinstance(where, str):
        raise UserError("server commands need --db postgresql://USER@HOST:PORT/DBNAME")
    return server_url.parse(where)


def run_init(args: argparse.Namespace) -> int:
    where = _server(args)
    server_roles.check_person(args.lead, "--lead")
    Store.open(where).close()  # the schema, created as for any other first use
    report = server_roles.administer(
        where, lambda conn: server_roles.init_roles(conn, where, args.lead)
    )
    lead = printable(report.lead)
    typed = printable(server_roles.psql_name(report.lead))
    print(f"Team server ready: {where}")
    print(f"  lead: {lead} (group {printable(report.groups.lead)})")
    print(f"  annotators' group: {printable(report.groups.annotators)}")
    if report.created_roles:
        print(f"  new roles: {', '.join(printable(name) for name in report.created_roles)}")
    print(f"Set {lead}'s password in psql with \\password {typed}")
    print(f"Add annotators with: annotator server add-annotator NAME --db {where}")
    return 0


def run_add_annotator(args: argparse.Namespace) -> int:
    where = _server(args)
    name = server_roles.check_person(args.name, "NAME")
    changed = server_roles.administer(
        where, lambda conn: server_roles.add_annotator(conn, where, name)
    )
    shown = printable(name)
    if changed:
        print(f"Added annotator {shown} to {where}.")
        typed = printable(server_roles.psql_name(name))
        print(f"Set their password in psql with \\password {typed}; they connect with")
        print(f"  annotator --db {dataclasses.replace(where, user=name)}")
    else:
        print(f"{shown} is already an annotator of {where}; nothing changed.")
    return 0
