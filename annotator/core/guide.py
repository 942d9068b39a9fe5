"""The annotation guide's content, built from a label schema: per label, attribute and link
type, what to do (the schema's guidance or help), an example, and the facts the form enforces
(key, required, allowed values, bounds, ends of a link). Searchable with ``core.search``.

Plain values only; ``gui/guide.py`` lays it out. A schema without examples or guidance still
gives a guide: its entries say what they can.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from annotator.core.names import value_name
from annotator.core.schema import AttributeDef, LabelDef, LabelSchema, RelationDef
from annotator.core.search import matches, search_key


@dataclass(frozen=True)
class GuideEntry:
    """One label, attribute or link type. ``facts`` are short plain sentences."""

    kind: str  # "label", "attribute" or "relation"
    anchor: str  # unique: "label:claim", "attribute:claim.factuality", "relation:cites"
    title: str
    facts: tuple[str, ...]
    guidance: str
    example: str
    key: str  # what a search is matched against (folded)


@dataclass(frozen=True)
class GuideSection:
    """A label with its attributes, or the link types."""

    title: str
    entries: tuple[GuideEntry, ...]


@dataclass(frozen=True)
class Guide:
    title: str
    description: str
    sections: tuple[GuideSection, ...]

    @property
    def entry_count(self) -> int:
        return sum(len(section.entries) for section in self.sections)

    def filtered(self, query: str) -> Guide:
        """The entries every word of ``query`` occurs in (any case and accents), in their
        sections; a section with none is left out. An empty query keeps everything."""
        if not query.strip():
            return self
        sections = []
        for section in self.sections:
            kept = tuple(entry for entry in section.entries if matches(query, entry.key))
            if kept:
                sections.append(replace(section, entries=kept))
        return replace(self, sections=tuple(sections))


def _number(value: float) -> str:
    return f"{value:,}" if isinstance(value, int) else f"{value:g}"


def _bounds(attribute: AttributeDef) -> str:
    low, high = attribute.minimum, attribute.maximum
    if low is not None and high is not None:
        return f" from {_number(low)} to {_number(high)}"
    if low is not None:
        return f", {_number(low)} or more"
    if high is not None:
        return f", {_number(high)} or less"
    return ""


def attribute_facts(attribute: AttributeDef) -> tuple[str, ...]:
    """What the form takes for ``attribute``, in words."""
    facts = ["Required (left empty, the span gets a warning)." if attribute.required else ""]
    if attribute.type == "enum":
        facts.append(
            "One of: " + ", ".join(value_name(attribute, v) for v in attribute.values) + "."
        )
    elif attribute.type == "integer":
        facts.append(f"A whole number{_bounds(attribute)}.")
    elif attribute.type == "number":
        facts.append(f"A number{_bounds(attribute)}.")
    elif attribute.type == "boolean":
        facts.append("Yes or no.")
    else:
        facts.append("Free text.")
        if attribute.suggest or attribute.examples:
            facts.append("Values used before are suggested as you type.")
        if attribute.examples:
            facts.append("For instance: " + ", ".join(attribute.examples) + ".")
    return tuple(fact for fact in facts if fact)


def _label_entry(label: LabelDef) -> GuideEntry:
    facts: tuple[str, ...] = (f"Key {label.key} labels the selected text.",)
    if label.attributes:
        names = ", ".join(attribute.name for attribute in label.attributes)
        facts += (f"Form: {names}.",)
    key = search_key(label.name, label.id, *facts, label.guidance, label.example)
    anchor = f"label:{label.id}"
    return GuideEntry("label", anchor, label.name, facts, label.guidance, label.example, key)


def _attribute_entry(label: LabelDef, attribute: AttributeDef) -> GuideEntry:
    # The form's help: a casualty figure's qualifier adds the vague words' floors, defined
    # once for the pre-fill (imported here: its patterns compile on import).
    from annotator.core.casualty_prefill import attribute_help

    facts = attribute_facts(attribute)
    help_text = attribute_help(label.id, attribute)
    key = search_key(label.name, attribute.name, attribute.id, *facts, help_text, attribute.example)
    return GuideEntry(
        "attribute",
        f"attribute:{label.id}.{attribute.id}",
        attribute.name,
        facts,
        help_text,
        attribute.example,
        key,
    )


def _label_names(schema: LabelSchema, ids: frozenset[str]) -> str:
    names = [label.name for label in schema.labels if label.id in ids]
    return " or ".join(names) if names else "nothing"


def relation_facts(schema: LabelSchema, relation: RelationDef) -> tuple[str, ...]:
    facts = [
        f"From {_label_names(schema, relation.from_labels)} "
        f"to {_label_names(schema, relation.to_labels)}."
    ]
    if relation.symmetric:
        facts.append("Either direction means the same.")
    if relation.same_label:
        facts.append("Both ends carry the same label.")
    return tuple(facts)


def _relation_entry(schema: LabelSchema, relation: RelationDef) -> GuideEntry:
    facts = relation_facts(schema, relation)
    key = search_key(relation.name, relation.id, *facts, relation.help, relation.example)
    anchor = f"relation:{relation.id}"
    title = relation.name[:1].upper() + relation.name[1:]  # a heading: "Attributed to"
    return GuideEntry("relation", anchor, title, facts, relation.help, relation.example, key)


def build_guide(schema: LabelSchema) -> Guide:
    """The whole guide: one section per label (the label, then its attributes), then one
    for the link types."""
    sections = [
        GuideSection(
            f"{label.name} (key {label.key})",
            (_label_entry(label), *(_attribute_entry(label, a) for a in label.attributes)),
        )
        for label in schema.labels
    ]
    if schema.relations:
        links = tuple(_relation_entry(schema, relation) for relation in schema.relations)
        sections.append(GuideSection("Links", links))
    return Guide(schema.name, schema.description, tuple(sections))
