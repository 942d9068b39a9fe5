"""The window on a team server (issue 12, item 3): an annotator works as the role they log in
as, sees only their assigned documents, and a write the database refuses is a plain-text
message box, with nothing changed."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings

from annotator.core import commands
from annotator.core.model import GOLD, Status
from annotator.gui.main_window import MainWindow
from annotator.gui.session import Session
from annotator.store import Store
from tests.cli.test_team_cli import team_lines, write
from tests.gui.dialogs import capture_message_boxes
from tests.team_server import set_up


def test_a_write_the_server_refuses_is_a_message_box_and_changes_nothing(
    qtbot, pg_url: str, tmp_path: Path, monkeypatch
) -> None:
    team = set_up(pg_url, write(tmp_path / "bob.annotations.jsonl", team_lines()["bob"]))
    team.assign("report-1", "alice")
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    with Store.open(team.url("alice")) as store:
        assert store.team_role == "alice"
        window = MainWindow(Session(store, store.team_role), settings)
        qtbot.addWidget(window)
        window.show()
        assert [d.doc_id for d in store.list_documents()] == ["report-1"]
        report = team.document_id("report-1")
        shown = capture_message_boxes(monkeypatch)
        assert not window.session.run(commands.SetStatus(report, GOLD, Status.DONE))
        assert shown == [
            f"The change was not saved.\n\n{store.name}: permission denied: only the lead "
            "writes gold; nothing was changed"
        ]
        assert window.session.run(commands.SetStatus(report, "alice", Status.DONE))
        assert store.status(report, "alice") is Status.DONE
        statuses = team.sql(
            "annotator",
            "SELECT a.name, s.status FROM document_status s "
            "JOIN annotator a ON a.id = s.annotator_id",
        )
        assert ("alice", "done") in statuses and GOLD not in {name for name, _ in statuses}
        window.close()
