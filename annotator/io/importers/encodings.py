"""Which encoding a text-like file (.txt, .html, .csv) is read in (README, "Encodings").

Without ``--encoding`` a file must be UTF-8 (a BOM is dropped) or UTF-16 with a BOM; an HTML
page may also declare its charset. ``--encoding NAME`` reads every such file in NAME.
``--encoding auto`` asks charset-normalizer for a guess, and the guess and its confidence
always reach the user as a note: a wrong guess garbles text quietly, so it is never applied
silently.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

from annotator.errors import UserError

AUTO = "auto"
_UTF8_BOM = b"\xef\xbb\xbf"
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")

# WHATWG Encoding: these labels mean windows-1252 on the web, whatever the page says.
_WEB_ALIASES = {"iso8859-1": "cp1252", "ascii": "cp1252"}
# Where an HTML page may declare its charset: the spec's prescan looks at the first 1024
# bytes; real pages put long <head> material first, so look a little further.
_PRESCAN_BYTES = 4096
_META_CHARSET = re.compile(
    rb"""<meta\b[^>]*?\bcharset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.IGNORECASE
)


BratOffsets = Literal["code-points", "utf16"]


@dataclass(frozen=True)
class ReadOptions:
    """How the import run reads files: ``encoding`` is None (UTF-8 / BOM / declared), a
    codec name or ``"auto"``; ``html`` is ``"visible"`` (all visible text) or ``"main"``
    (the main article only, through trafilatura).

    Options of other tools' formats: ``label_studio_users`` maps annotators to the Label
    Studio users that stand for them, by email or user number (``--ls-user NAME=EMAIL``);
    ``brat_offsets`` says how a brat ``.ann`` counts: code points (brat's server) or UTF-16
    code units (brat's web UI, on texts with characters beyond U+FFFF); None: as our brat
    export recorded, else code points."""

    encoding: str | None = None
    html: str = "visible"
    label_studio_users: Mapping[str, str] = field(default_factory=dict, compare=False)
    brat_offsets: BratOffsets | None = None


def checked_encoding(name: str) -> str:
    """``name`` as Python's codec name, or ``"auto"``; an unknown or non-text codec is a
    ``UserError``."""
    if name.strip().lower() == AUTO:
        return AUTO
    try:
        info = codecs.lookup(name.strip())
    except LookupError:
        raise UserError(f"--encoding: unknown encoding {name!r}") from None
    if not getattr(info, "_is_text_encoding", True):
        raise UserError(f"--encoding: {name!r} is not a text encoding")
    return info.name


def declared_charset(head: bytes) -> str | None:
    """The charset an HTML page declares in ``<meta charset>`` or ``<meta http-equiv=
    "Content-Type" content="...; charset=...">``, as a codec name; None if it declares none or
    one Python does not know."""
    match = _META_CHARSET.search(head[:_PRESCAN_BYTES])
    if not match:
        return None
    try:
        name = codecs.lookup(match.group(1).decode("ascii")).name
    except LookupError:
        return None
    if name.startswith("utf-16"):
        return "utf-8"  # a page that reached us as bytes without a BOM is not UTF-16 (WHATWG)
    return _WEB_ALIASES.get(name, name)


def guess(data: bytes, source: str) -> tuple[str, float]:
    """charset-normalizer's best guess for ``data`` and its confidence (0 to 1)."""
    from charset_normalizer import from_bytes  # only ``--encoding auto`` pays for it

    best = from_bytes(data).best()
    if best is None:
        raise UserError(f"{source}: --encoding auto: no encoding fits; name one with --encoding")
    return codecs.lookup(best.encoding).name, max(0.0, 1.0 - best.chaos)


def decode_in(data: bytes, encoding: str, source: str) -> str:
    """``data`` decoded in ``encoding`` (its own BOM dropped), or ``UserError`` naming the
    first byte that does not fit."""
    try:
        text = codecs.decode(data, encoding)
    except UnicodeDecodeError as exc:
        raise UserError(
            f"{source}: byte {exc.start}: not valid {encoding} (check --encoding)"
        ) from None
    return text.removeprefix("\ufeff")


def has_bom(data: bytes) -> bool:
    return data.startswith((_UTF8_BOM, *_UTF16_BOMS))


def chosen_encoding(
    data: bytes, options: ReadOptions, source: str, *, html: bool = False
) -> tuple[str | None, str | None]:
    """(encoding to decode ``data`` in, note for the user); encoding None means the default
    rule (UTF-8, or UTF-16 with a BOM). A BOM always wins: it is the file saying what it is."""
    if has_bom(data):
        return None, None
    if options.encoding == AUTO:
        name, confidence = guess(data, source)
        return name, f"{source}: --encoding auto: read as {name} (confidence {confidence:.0%})"
    if options.encoding:
        return options.encoding, None
    if html:
        declared = declared_charset(data)
        if declared and declared != "utf-8":
            return declared, None
    return None, None
