"""Make the README screenshot: the main window on an annotated sample, rendered offscreen.

Run: QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/screenshot.py docs/main-window.png
"""

from __future__ import annotations

import dataclasses
import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from annotator.core import commands
from annotator.core.model import Status
from annotator.gui.main_window import MainWindow
from annotator.gui.session import Session
from annotator.store import Store

SPANS = [
    (
        "Azerbaijan's defence ministry",
        "source",
        {"source_type": "government", "affiliation": "Azerbaijan"},
    ),
    (
        "accused Armenian forces of shelling Azerbaijani positions in the Kalbajar district with "
        "tank fire and 120mm mortars",
        "claim",
        {"claim_type": "responsibility", "factuality": "asserted"},
    ),
    ("Kalbajar district", "location", {"feature_level": "district", "role": "event_site"}),
    (
        "left three soldiers dead",
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
    ("Armenia's defence ministry", "source", {}),
    ("the ceasefire is holding along the Gegharkunik section of the line", "claim", {}),
    ("Gegharkunik", "location", {"feature_level": "region"}),
]


def main(out: Path) -> None:
    app = QApplication.instance() or QApplication(sys.argv)
    app.setStyle("Fusion")
    folder = Path(tempfile.mkdtemp())
    store = Store.open(folder / "shot.sqlite3")
    settings = QSettings(str(folder / "shot.ini"), QSettings.Format.IniFormat)
    window = MainWindow(Session(store, "alice"), settings)
    window.resize(1440, 860)
    window.show()
    window.load_samples()
    session = window.session
    document = store.find_document("01-border-clash")
    assert document is not None
    window.document_list.select_document(document.id)
    created = {}
    for quote, label, attributes in SPANS:
        start = document.text.index(quote)
        span = commands.make_span(
            document.text,
            document_id=document.id,
            annotator="alice",
            label=label,
            start=start,
            end=start + len(quote),
            schema=store.schema,
        )
        session.run(commands.CreateSpan(dataclasses.replace(span, attributes=attributes)))
        created[quote] = span
    claim = created[SPANS[1][0]]
    session.run(
        commands.CreateRelation(
            commands.make_relation(store.schema, "attributed_to", claim, created[SPANS[0][0]])
        )
    )
    session.run(
        commands.CreateRelation(
            commands.make_relation(store.schema, "located_at", claim, created["Kalbajar district"])
        )
    )
    session.run(commands.SetStatus(document.id, "alice", Status.IN_PROGRESS))
    session.select_span(claim.uid)
    app.processEvents()
    window.grab().save(str(out))


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "shot.png"))
