"""Annotators as Label Studio users, and back.

Label Studio keeps who made an annotation only as ``completed_by``, a user of the server: it
drops our ``annotator`` key, and on import it accepts ``completed_by: {"email": ...}`` only for
users that exist. So each annotator stands for one Label Studio user, found by email:

* ``--ls-user NAME=EMAIL`` names it;
* otherwise ``NAME@annotator.invalid`` (``.invalid`` is reserved: it never reaches anyone).
  A name that cannot be the local part of an email (spaces, accents, more than 64
  characters...) is written as ``utf8.`` and the base32 of its UTF-8 bytes, so that the
  email still leads back to the exact name.

On import, an email given with ``--ls-user`` maps to its name, ``...@annotator.invalid`` is
decoded, and any other email stays the annotator's name. Label Studio's plain JSON export
(1.23: ``GET /api/projects/ID/export``) names users by number only (``completed_by: 3``), so
on import ``--ls-user NAME=NUMBER`` maps a user number too; an export snapshot with
``annotations__completed_by`` expanded carries the emails and needs no numbers.
"""

from __future__ import annotations

import base64
import binascii
import re
from collections.abc import Iterable, Mapping

from annotator.errors import UserError

DOMAIN = "annotator.invalid"
_ENCODED = "utf8."
# A dot-atom local part of ASCII letters, digits and a few marks: what every email validator
# (Django's, which Label Studio uses, included) accepts.
_PLAIN = re.compile(r"[A-Za-z0-9_+-]+(\.[A-Za-z0-9_+-]+)*")
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
MAX_LOCAL = 64


def default_email(name: str) -> str:
    """The email that stands for annotator ``name`` when ``--ls-user`` names none."""
    if _PLAIN.fullmatch(name) and len(name) <= MAX_LOCAL and not name.startswith(_ENCODED):
        return f"{name}@{DOMAIN}"
    encoded = base64.b32encode(name.encode("utf-8")).decode("ascii").rstrip("=").lower()
    local = _ENCODED + encoded
    if len(local) > MAX_LOCAL:
        raise UserError(
            f"annotator {name!r}: the name is too long to stand in an email; give its Label "
            f"Studio user with --ls-user {name!r}=EMAIL"
        )
    return f"{local}@{DOMAIN}"


def name_of_default(email: str) -> str | None:
    """The annotator a ``...@annotator.invalid`` email stands for (None: another email)."""
    local, at, domain = email.rpartition("@")
    if not at or domain.casefold() != DOMAIN:
        return None
    if not local.casefold().startswith(_ENCODED):
        return local
    body = local[len(_ENCODED) :].upper()
    try:
        return base64.b32decode(body + "=" * (-len(body) % 8)).decode("utf-8")
    except (binascii.Error, ValueError):
        return local


def parse_user_options(values: Iterable[str], *, numbers: bool = False) -> dict[str, str]:
    """``--ls-user NAME=EMAIL`` values as {annotator: email}; each name and each email once.
    ``numbers``: ``NAME=NUMBER`` (a Label Studio user number) is allowed too."""
    users: dict[str, str] = {}
    emails: dict[str, str] = {}
    expected = "NAME=EMAIL or NAME=USER-NUMBER" if numbers else "NAME=EMAIL"
    for value in values:
        name, equals, email = value.rpartition("=")
        name, email = name.strip(), email.strip()
        number = numbers and email.isascii() and email.isdigit()
        if not equals or not name or not (number or _EMAIL.fullmatch(email)):
            raise UserError(
                f"--ls-user {value!r}: expected {expected}, e.g. alice=alice@example.org"
            )
        if name in users:
            raise UserError(f"--ls-user: annotator {name!r} is given twice")
        if email.casefold() in emails:
            raise UserError(f"--ls-user: {email} is given for {emails[email.casefold()]!r} too")
        users[name] = email
        emails[email.casefold()] = name
    return users


class UserEmails:
    """Annotator -> email for an export, remembering every user it handed out."""

    def __init__(self, given: Mapping[str, str]) -> None:
        self.given = dict(given)
        self.used: dict[str, str] = {}

    def email(self, annotator: str) -> str:
        found = self.used.get(annotator)
        if found is None:
            found = self.given.get(annotator) or default_email(annotator)
            self.used[annotator] = found
        return found


def annotator_of_email(email: str, users: Mapping[str, str]) -> str:
    """The annotator a Label Studio user's email stands for; ``users`` maps emails
    (case-blind) to names, as ``--ls-user`` gives them on import."""
    folded = {key.casefold(): name for key, name in users.items()}
    return folded.get(email.casefold()) or name_of_default(email) or email
