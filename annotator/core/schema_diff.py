"""What differs between two label schemas, in short phrases a team lead can act on (merge
and agreement refuse files written with different schemas unless told to go on)."""

from __future__ import annotations

from collections.abc import Sequence

from annotator.core.schema import LabelSchema, RelationDef


def _ends(relation: RelationDef) -> tuple[frozenset[str], frozenset[str], bool]:
    return relation.from_labels, relation.to_labels, relation.symmetric


def schema_differences(a: LabelSchema, b: LabelSchema, names: tuple[str, str]) -> list[str]:
    """Label, attribute and relation differences between two schemas, as short phrases."""
    out: list[str] = []

    def compare(what: str, left: Sequence[str], right: Sequence[str]) -> None:
        if only := [x for x in left if x not in right]:
            out.append(f"{what} only in {names[0]}: {', '.join(only)}")
        if only := [x for x in right if x not in left]:
            out.append(f"{what} only in {names[1]}: {', '.join(only)}")

    compare("labels", a.label_ids, b.label_ids)
    for label in (x for x in a.labels if x.id in b.label_ids):
        other = {attr.id: attr for attr in b.label(label.id).attributes}
        compare(f"{label.id} attributes", [x.id for x in label.attributes], list(other))
        for attr in (x for x in label.attributes if x.id in other):
            theirs = other[attr.id]
            if (attr.type, attr.values) != (theirs.type, theirs.values):
                out.append(
                    f"{label.id}.{attr.id}: {attr.type} {'|'.join(attr.values)} vs "
                    f"{theirs.type} {'|'.join(theirs.values)}"
                )
    compare("relations", [r.id for r in a.relations], [r.id for r in b.relations])
    for rel in (r for r in a.relations if r.id in {x.id for x in b.relations}):
        if _ends(rel) != _ends(b.relation(rel.id)):
            out.append(f"relation {rel.id}: different ends or symmetry")
    return out or ["no label, attribute or relation differences (other details differ)"]
