"""Starting the window loads only what the first window needs (issue 9 item 12).

The start-up benchmark (bench/bench_gui.py) measures the time; this test protects the gains
without timing anything: a real ``annotator gui`` start, in a process of its own, up to the
shown and idle window, then a look at which modules it loaded and in which order.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from annotator.store import Store
from tests.helpers import new_document

# Each is loaded where it is first used: a dialog, a plot, a command, a file format.
DEFERRED = (
    "pyqtgraph",  # the statistics plots, drawn when first shown
    "numpy",
    "krippendorff",
    "jsonschema",  # a stored schema whose digest is unchanged is not validated again
    "lxml",  # HTML import
    "charset_normalizer",
    "trafilatura",
    "annotator.io.importers",
    "annotator.io.exporters",
    "annotator.io.team_files",
    "annotator.core.agreement",
    "annotator.core.merge",
    "annotator.store.health",
    "annotator.cli.data_cmds",
    "annotator.cli.documents_cmds",
    "annotator.cli.team_cmds",
    "annotator.cli.doctor_cmds",
    "annotator.gui.adjudication_view",
    "annotator.gui.export_dialog",
    "annotator.gui.importing",
    "annotator.gui.import_options",
    "annotator.gui.plots",
    "annotator.gui.guide",  # the annotation guide, from the Help menu
    "annotator.core.guide",
    "annotator.core.suggest.run",  # the suggesters: in a worker, after the first paint
    "alembic",  # upgrades an older database only
    "annotator.store.upgrade",
)

PROBE = """
import gc, json, sys
from annotator.launcher import main
code = main(["gui", "--db", sys.argv[1]])
loaded = list(sys.modules)
deferred = tuple(sys.argv[2].split(","))
print(json.dumps({
    "code": code,
    "deferred_loaded": sorted(m for m in loaded if m == deferred or m.startswith(deferred)),
    "store_before_qt": loaded.index("sqlalchemy") < loaded.index("PySide6"),
    "collector_on": gc.isenabled(),
}))
"""


def test_the_window_starts_without_the_modules_it_defers(tmp_path: Path) -> None:
    db = tmp_path / "work.sqlite3"
    store = Store.open(db)
    store.import_documents(
        [new_document("Officials said 12 people were killed in the shelling.")],
        actor="alice",
        source="test",
    )
    store.close()
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "ANNOTATOR_EXIT_WHEN_SHOWN": "1",  # quit once the window is shown and idle
        "ANNOTATOR_NAME": "alice",
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
    }
    done = subprocess.run(
        [sys.executable, "-c", PROBE, str(db), ",".join(DEFERRED)],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    lines = done.stdout.splitlines()
    assert lines[0].startswith("interactive at "), done.stdout + done.stderr
    report = json.loads(lines[-1])
    assert report["code"] == 0
    assert report["deferred_loaded"] == []
    # sys.modules keeps the order modules began loading in. SQLAlchemy comes before Qt, whose
    # import hook makes every module imported after it slower to load.
    assert report["store_before_qt"]
    # Collections are off only until the window is shown.
    assert report["collector_on"]
