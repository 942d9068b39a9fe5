"""Running every registered suggester over a text, as one list (issue 13).

The runner owns what no single suggester should decide: which labels are wanted, dropping
what the schema does not allow (unknown labels, attributes or enum values, relations between
the wrong labels), what was rejected or is already annotated, merging duplicates proposed by
two suggesters, the order of the list, and the indices links point at.
"""

from __future__ import annotations

import importlib
from collections.abc import Collection, Iterable

from annotator.core.model import AttributeValue
from annotator.core.schema import LabelSchema, value_problem
from annotator.core.suggest.base import LINKERS, SUGGESTERS, Link, SuggestContext, Suggestion

Key = tuple[str, int, int]

# Modules whose import registers a suggester or linker, loaded on the first run so that
# start-up never pays for them (the gazetteer is the heavy one).
BUILT_IN: tuple[str, ...] = (
    "annotator.core.suggest.attribution",
    "annotator.core.suggest.casualty",
    "annotator.core.suggest.linking",
    "annotator.core.suggest.places",
    "annotator.core.suggest.learned",
)


_loaded: tuple[str, ...] | None = None  # the BUILT_IN last imported (tests replace it)


def load_built_in() -> None:
    global _loaded
    if _loaded is BUILT_IN:  # once per process: five imports per document were 1% of a run
        return
    for module in BUILT_IN:
        importlib.import_module(module)
    _loaded = BUILT_IN


_MAX_FITS = 100_000


class _Rules:
    """What the runner asks of a schema, answered once per schema instead of once per
    suggestion: which attributes a label has, which values fit them, which relations join
    which labels."""

    def __init__(self, schema: LabelSchema) -> None:
        self.schema = schema
        self.label_ids = frozenset(schema.label_ids)
        self.attributes = {
            label.id: {attribute.id: attribute for attribute in label.attributes}
            for label in schema.labels
        }
        self._fits: dict[tuple[str, str, type, AttributeValue], bool] = {}
        self._allowed: dict[tuple[str, str, str], bool] = {}

    def clean(
        self, label: str, attributes: Iterable[tuple[str, AttributeValue]]
    ) -> dict[str, AttributeValue]:
        """The attributes the label has, with values that fit them (None dropped)."""
        known = self.attributes[label]
        fits = self._fits
        kept: dict[str, AttributeValue] = {}
        for name, value in attributes:
            if value is None or name not in known:
                continue
            # The type is part of the key: True == 1 == 1.0, but not for an attribute's type.
            key = (label, name, type(value), value)
            try:
                fit = fits.get(key)
            except TypeError:  # a value no attribute can hold (a list from a learned pattern)
                fit = value_problem(known[name], value) is None
            if fit is None:
                if len(fits) >= _MAX_FITS:  # free text values could grow it without end
                    fits.clear()
                fit = fits[key] = value_problem(known[name], value) is None
            if fit:
                kept[name] = value
        return kept

    def allowed(self, relation: str, from_label: str, to_label: str) -> bool:
        key = (relation, from_label, to_label)
        found = self._allowed.get(key)
        if found is None:
            found = self._allowed[key] = _allowed(self.schema, relation, from_label, to_label)
        return found


_last_rules: _Rules | None = None


def _rules_of(schema: LabelSchema) -> _Rules:
    # One schema serves a whole corpus; a new one (another database) replaces it.
    global _last_rules
    rules = _last_rules
    if rules is None or rules.schema is not schema:
        rules = _last_rules = _Rules(schema)
    return rules


def _allowed(schema: LabelSchema, relation: str, from_label: str, to_label: str) -> bool:
    for definition in schema.relations:
        if definition.id == relation:
            return definition.allows(from_label, to_label)
    return False


def _bare(item: Suggestion, attributes: dict[str, AttributeValue]) -> Suggestion:
    """``item`` with these attributes and no links (links are renumbered at the end)."""
    return Suggestion(
        item.label, item.start, item.end, item.text, attributes, item.score, item.suggester
    )


def _linked(item: Suggestion, links: tuple[Link, ...]) -> Suggestion:
    """``item`` with these links (the constructor: ``dataclasses.replace`` costs more)."""
    return Suggestion(
        item.label,
        item.start,
        item.end,
        item.text,
        item.attributes,
        item.score,
        item.suggester,
        links,
    )


def suggest(
    text: str,
    context: SuggestContext,
    *,
    labels: Collection[str] | None = None,
    skip: Collection[Key] = (),
) -> list[Suggestion]:
    """Every suggestion for ``text``, sorted by (start, end, label), with links as indices into
    the returned list. ``labels`` limits the labels proposed (default: all of the schema's);
    ``skip`` holds keys never to propose again: rejected ones and spans already annotated."""
    load_built_in()
    rules = _rules_of(context.schema)
    wanted = rules.label_ids if labels is None else rules.label_ids.intersection(labels)
    skipped = skip if isinstance(skip, set | frozenset) else set(skip)
    best: dict[Key, Suggestion] = {}
    links: dict[Key, set[tuple[str, Key]]] = {}
    size = len(text)
    for info in SUGGESTERS.values():
        if info.labels and wanted.isdisjoint(info.labels):  # () proposes any label
            continue
        found = info.run(text, context)
        keys: list[Key | None] = []
        for item in found:
            key = (item.label, item.start, item.end)
            usable = (
                item.label in wanted
                and 0 <= item.start < item.end <= size
                and item.end - item.start == len(item.text)
                and text.startswith(item.text, item.start)  # text[start:end], not copied
                and key not in skipped
            )
            keys.append(key if usable else None)
            if not usable:
                continue
            attributes = rules.clean(item.label, item.attributes.items())
            held = best.get(key)
            # The surer suggester wins; attributes only the other one filled are kept. (Built
            # with the constructor: ``dataclasses.replace`` was a tenth of a run.)
            if held is None:
                # Kept as it came when nothing in it changes (most are): no copy to make.
                fresh = item.links or type(item.attributes) is not dict
                same = not fresh and len(attributes) == len(item.attributes)
                best[key] = item if same else _bare(item, attributes)
            elif item.score > held.score:
                best[key] = _bare(item, {**held.attributes, **attributes})
            else:
                best[key] = _bare(held, {**attributes, **held.attributes})
        for item, kept in zip(found, keys, strict=True):
            if kept is None or not item.links:
                continue
            for link in item.links:
                target = keys[link.to] if 0 <= link.to < len(keys) else None
                if target is not None and target != kept:
                    links.setdefault(kept, set()).add((link.type, target))
    order = sorted(best, key=lambda key: (key[1], key[2], key[0]))
    index = {key: position for position, key in enumerate(order)}
    result = [
        _linked(
            best[key],
            tuple(
                sorted(
                    Link(kind, index[target])
                    for kind, target in links[key]
                    if rules.allowed(kind, key[0], target[0])
                )
            ),
        )
        if key in links
        else best[key]
        for key in order
    ]
    for linker in LINKERS.values():
        for source, link in linker(text, result):
            item = result[source]
            other = result[link.to] if 0 <= link.to < len(result) else None
            if (
                other is not None
                and link.to != source
                and link not in item.links
                and rules.allowed(link.type, item.label, other.label)
            ):
                result[source] = _linked(item, (*item.links, link))
    return result
