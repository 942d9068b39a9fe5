"""Regenerate the README screenshots in resources/screenshots/, rendered offscreen.

Run: QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/screenshot.py

Three annotators' work on the bundled samples is written as native files with fixed ids and
dates and imported through the real import path into a temporary database, so every run draws
the same pictures. Makes main-window.png (nested spans and the selected claim's links),
adjudication.png (Team > Adjudicate with conflicts open) and statistics.png (the team plots).
"""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication, QWidget

from annotator.core.schema import default_schema
from annotator.gui.main_window import MainWindow
from annotator.gui.session import Session
from annotator.gui.stats_view import StatsView
from annotator.io.importers import import_paths
from annotator.io.team_data import PLOTS
from annotator.store import Store

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "resources" / "samples"
OUT = ROOT / "resources" / "screenshots"
STATS_TAB = "agreement_heatmap"  # the plot shown in statistics.png

# key -> (quote, label, attributes); a quote is found by its first occurrence in the text.
Spec = dict[str, tuple[str, str, dict[str, Any]]]
Links = list[tuple[str, str, str]]  # (relation type, from key, to key)

CLASH_SPANS: Spec = {
    "az_mod": (
        "Azerbaijan's defence ministry",
        "source",
        {"source_type": "government", "affiliation": "Azerbaijan"},
    ),
    "shelling": (
        "accused Armenian forces of shelling Azerbaijani positions in the Kalbajar district with "
        "tank fire and 120mm mortars",
        "claim",
        {"claim_type": "responsibility", "factuality": "asserted"},
    ),
    "kalbajar": (
        "Kalbajar district",
        "location",
        {"feature_level": "district", "role": "event_site"},
    ),
    "dead": (
        "three soldiers dead",
        "casualty_figure",
        {
            "outcome": "killed",
            "qualifier": "exact",
            "low": 3,
            "high": 3,
            "victim_type": "combatant",
            "scope": "incident",
        },
    ),
    "captured": (
        "two soldiers were captured near the Sotk checkpoint",
        "claim",
        {"claim_type": "event", "factuality": "asserted"},
    ),
    "sotk": ("Sotk checkpoint", "location", {"feature_level": "site", "role": "event_site"}),
    "am_mod": ("Armenia's defence ministry", "source", {"source_type": "government"}),
    "wire": ("The Caspian Wire", "source", {"source_type": "media", "role": "intermediary"}),
    "holding": (
        "the ceasefire is holding along the Gegharkunik section of the line",
        "claim",
        {"claim_type": "position", "factuality": "asserted", "quote_style": "direct"},
    ),
    "gegharkunik": ("Gegharkunik", "location", {"feature_level": "region", "role": "other"}),
}
CLASH_LINKS: Links = [
    ("attributed_to", "shelling", "az_mod"),
    ("located_at", "shelling", "kalbajar"),
    ("attributed_to", "captured", "az_mod"),
    ("located_at", "captured", "sotk"),
    ("attributed_to", "holding", "am_mod"),
    ("located_at", "holding", "gegharkunik"),
    ("cites", "wire", "am_mod"),
]


def _without(spec: Spec, *keys: str) -> Spec:
    return {key: value for key, value in spec.items() if key not in keys}


def _changed(spec: Spec, key: str, quote: str | None = None, **attributes: object) -> Spec:
    """``spec`` with one span's quote and/or attributes changed (a disagreement)."""
    old_quote, label, old = spec[key]
    return spec | {key: (quote or old_quote, label, old | attributes)}


# Who did what on 01-border-clash (three participants, so a version needs two votes): bob
# draws the ministry shorter and carol leaves it out (boundary), each reads the shelling
# claim's factuality differently (attribute), only carol marks the injured (presence), bob
# misses Gegharkunik (outvoted) and only alice links the Wire to the ministry (link).
CLASH_WORK: dict[str, Spec] = {
    "alice": CLASH_SPANS,
    "bob": _changed(
        _changed(_without(CLASH_SPANS, "gegharkunik"), "az_mod", quote="defence ministry"),
        "shelling",
        factuality="hedged",
    ),
    "carol": _changed(_without(CLASH_SPANS, "az_mod"), "shelling", factuality="uncommitted")
    | {
        "injured": (
            "injured four others",
            "casualty_figure",
            {"outcome": "injured", "qualifier": "exact", "low": 4, "high": 4},
        )
    },
}
TOLL_SPANS: Spec = {
    "toll": (
        "over 6,500 lives",
        "casualty_figure",
        {"outcome": "killed", "qualifier": "more_than", "low": 6500},
    ),
    "baku": ("Baku", "location", {"feature_level": "locality"}),
}
# (annotator, doc_id, spans, links, day marked done)
WORK = [
    ("alice", "01-border-clash", CLASH_WORK["alice"], CLASH_LINKS, "2026-03-02"),
    ("bob", "01-border-clash", CLASH_WORK["bob"], CLASH_LINKS[:4], "2026-03-03"),
    ("carol", "01-border-clash", CLASH_WORK["carol"], CLASH_LINKS[:-1], "2026-03-03"),
    ("alice", "02-war-toll", TOLL_SPANS, [], "2026-03-03"),
    ("bob", "02-war-toll", _without(TOLL_SPANS, "baku"), [], "2026-03-04"),
    ("carol", "02-war-toll", TOLL_SPANS, [], "2026-03-05"),
    ("carol", "03-ceasefire-talks", {}, [], "2026-03-05"),
]


def _document_line(
    store: Store, annotator: str, doc_id: str, spans: Spec, links: Links, day: str
) -> dict[str, Any]:
    document = store.find_document(doc_id)
    assert document is not None, doc_id
    stamp = f"{day}T10:00:00Z"
    rows = []
    for key, (quote, label, attributes) in spans.items():
        start = document.text.index(quote)
        rows.append(
            {
                "id": f"s-{annotator}-{key}",
                "label": label,
                "start": start,
                "end": start + len(quote),
                "text": quote,
                "attributes": attributes,
                "created_at": stamp,
                "updated_at": stamp,
            }
        )
    relations = [
        {
            "id": f"r-{annotator}-{n}",
            "type": kind,
            "from_id": f"s-{annotator}-{a}",
            "to_id": f"s-{annotator}-{b}",
        }
        for n, (kind, a, b) in enumerate(links)
        if a in spans and b in spans
    ]
    return {
        "kind": "document",
        "doc_id": doc_id,
        "title": document.title,
        "text": document.text,
        "annotator": annotator,
        "status": "done",
        "updated_at": stamp,
        "spans": rows,
        "relations": relations,
    }


def build_team(store: Store, folder: Path) -> None:
    """Import the samples, then alice's, bob's and carol's native files (fixed ids and dates)."""
    import_paths(store, [SAMPLES], actor="lead")
    header = {
        "kind": "header",
        "format": "annotator-native",
        "format_version": 1,
        "app_version": "0.1.0",
        "exported_at": "2026-03-06T12:00:00Z",
        "schema": default_schema().to_json(),
    }
    files = []
    for name in ("alice", "bob", "carol"):
        lines = [header] + [_document_line(store, *row) for row in WORK if row[0] == name]
        path = folder / f"{name}.jsonl"
        path.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
        files.append(path)
    import_paths(store, files, actor="lead", format="native")


def _save(widget: QWidget, name: str) -> Path:
    QApplication.processEvents()
    path = OUT / name
    widget.grab().save(str(path))
    return path


def main() -> list[Path]:
    with tempfile.TemporaryDirectory(prefix="annotator-shots-") as folder:
        return _shoot(Path(folder))


def _shoot(folder: Path) -> list[Path]:
    """Everything but the PNGs (database, settings, native files) lives in ``folder``."""
    _app = QApplication.instance() or QApplication(sys.argv)  # kept alive until the end
    QApplication.setStyle("Fusion")
    store = Store.open(folder / "shots.sqlite3")
    build_team(store, folder)
    settings = QSettings(str(folder / "shots.ini"), QSettings.Format.IniFormat)
    window = MainWindow(Session(store, "alice"), settings)
    window.resize(1440, 900)
    window.show()
    document = store.find_document("01-border-clash")
    assert document is not None
    window.document_list.select_document(document.id)
    window.session.select_span("s-alice-shelling")
    saved = [_save(window, "main-window.png")]

    window.open_adjudication()
    adjudication = window.adjudication
    assert adjudication is not None
    adjudication.accept_all_unanimous()
    assert adjudication.merged is not None
    kinds = [conflict.kind for conflict in adjudication.merged.conflicts]
    adjudication.go_to(kinds.index("boundary"))
    saved.append(_save(adjudication, "adjudication.png"))
    adjudication.close()

    saved.append(_suggestions(store, folder))

    stats = window.docks["stats"]
    stats.toggleViewAction().trigger()  # as View > Statistics does; it draws once shown
    window.resizeDocks([stats], [560], Qt.Orientation.Vertical)
    QApplication.processEvents()
    view = stats.widget()
    assert isinstance(view, StatsView)
    if not view.built:
        view.rebuild()
    view.tabs.setCurrentIndex(list(PLOTS).index(STATS_TAB))
    saved.append(_save(window, "statistics.png"))
    window.close()
    store.close()
    return saved


def _suggestions(store: Store, folder: Path) -> Path:
    """A new annotator's window on a sample nobody annotated yet, its suggestions computed
    and the second one looked at (as after Tab, Tab)."""
    import time

    settings = QSettings(str(folder / "dana.ini"), QSettings.Format.IniFormat)
    window = MainWindow(Session(store, "dana"), settings)
    window.resize(1440, 900)
    window.show()
    document = store.find_document("04-village-shelling")
    assert document is not None
    window.document_list.select_document(document.id)
    suggestions = window.suggestion_keys.suggestions
    deadline = time.monotonic() + 30
    while (suggestions.busy or not suggestions.shown) and time.monotonic() < deadline:
        QApplication.processEvents()
        time.sleep(0.02)
    window.document_view.setFocus()
    window.suggestion_keys.walk(True)
    window.suggestion_keys.walk(True)
    path = _save(window, "suggestions.png")
    window.close()
    return path


if __name__ == "__main__":
    for path in main():
        print(path)
