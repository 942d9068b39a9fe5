"""Running every registered suggester over a text, as one list (issue 13).

The runner owns what no single suggester should decide: which labels are wanted, dropping
what the schema does not allow (unknown labels, attributes or enum values, relations between
the wrong labels), what was rejected or is already annotated, merging duplicates proposed by
two suggesters, the order of the list, and the indices links point at.
"""

from __future__ import annotations

import importlib
from collections.abc import Collection, Iterable
from dataclasses import replace

from annotator.core.model import AttributeValue
from annotator.core.schema import LabelDef, LabelSchema, value_problem
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


def load_built_in() -> None:
    for module in BUILT_IN:
        importlib.import_module(module)


def _clean_attributes(
    label: LabelDef, attributes: Iterable[tuple[str, AttributeValue]]
) -> dict[str, AttributeValue]:
    known = {attribute.id: attribute for attribute in label.attributes}
    return {
        name: value
        for name, value in attributes
        if name in known and value is not None and value_problem(known[name], value) is None
    }


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
    schema = context.schema
    wanted = set(schema.label_ids) if labels is None else set(labels) & set(schema.label_ids)
    skipped = set(skip)
    best: dict[Key, Suggestion] = {}
    links: dict[Key, set[tuple[str, Key]]] = {}
    for info in SUGGESTERS.values():
        if info.labels and not wanted.intersection(info.labels):  # () proposes any label
            continue
        found = info.run(text, context)
        keys: list[Key | None] = []
        for item in found:
            usable = (
                item.label in wanted
                and 0 <= item.start < item.end <= len(text)
                and text[item.start : item.end] == item.text
                and item.key not in skipped
            )
            keys.append(item.key if usable else None)
            if not usable:
                continue
            attributes = _clean_attributes(schema.label(item.label), item.attributes.items())
            held = best.get(item.key)
            # The surer suggester wins; attributes only the other one filled are kept. (Built
            # with the constructor: ``dataclasses.replace`` was a tenth of a run.)
            if held is None:
                best[item.key] = _bare(item, attributes)
            elif item.score > held.score:
                best[item.key] = _bare(item, {**held.attributes, **attributes})
            else:
                best[item.key] = _bare(held, {**attributes, **held.attributes})
        for item, key in zip(found, keys, strict=True):
            if key is None:
                continue
            for link in item.links:
                target = keys[link.to] if 0 <= link.to < len(keys) else None
                if target is not None and target != key:
                    links.setdefault(key, set()).add((link.type, target))
    order = sorted(best, key=lambda key: (key[1], key[2], key[0]))
    index = {key: position for position, key in enumerate(order)}
    result = [
        replace(
            best[key],
            links=tuple(
                sorted(
                    Link(kind, index[target])
                    for kind, target in links[key]
                    if _allowed(schema, kind, key[0], target[0])
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
                and _allowed(schema, link.type, item.label, other.label)
            ):
                result[source] = replace(item, links=(*item.links, link))
    return result
