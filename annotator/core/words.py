"""Words for users: ids humanized ("armed_group" -> "Armed group") and counted nouns ("1
document", "2 documents"). Pure string helpers, below the schema, which humanizes ids too."""

from __future__ import annotations

# Plurals that are not the singular plus "s" (the app's own nouns only; not a grammar).
_IRREGULAR = {
    "this": "these",
    "entity": "entities",
    "is": "are",
    "was": "were",
    "has": "have",
}


def humanize(identifier: str) -> str:
    """``armed_group`` -> ``Armed group``; ``more_than`` -> ``More than``. Kept as it is when
    it is not a snake_case id (already a name, or free text)."""
    if not identifier or identifier != identifier.lower() or " " in identifier:
        return identifier
    words = identifier.replace("_", " ").replace("-", " ").split()
    if not words:
        return identifier
    text = " ".join(words)
    return text[0].upper() + text[1:]


def plural_of(noun: str) -> str:
    if noun in _IRREGULAR:
        return _IRREGULAR[noun]
    if noun.endswith(("s", "x", "ch", "sh")):
        return noun + "es"
    if noun.endswith("y") and noun[-2:-1] not in ("a", "e", "i", "o", "u"):
        return noun[:-1] + "ies"
    return noun + "s"


def count(n: int, noun: str, plural: str | None = None) -> str:
    """``count(1, "document")`` -> ``1 document``; ``count(6500, "span")`` -> ``6,500 spans``."""
    word = noun if n == 1 else (plural or plural_of(noun))
    return f"{n:,} {word}"
