"""The main window: docks for the document list, span form, relations and span table around
the article; menus, shortcuts, status bar and remembered layout."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QDockWidget,
    QMainWindow,
    QMessageBox,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from annotator import __version__
from annotator.core import commands, names
from annotator.core.model import Status
from annotator.gui import plain
from annotator.gui.document_list import READ_IN_WORKER_FROM, STATUS_TEXT, DocumentList
from annotator.gui.document_panel import DocumentPanel
from annotator.gui.document_view import DocumentView
from annotator.gui.edit_keys import route_edit_keys
from annotator.gui.empty_state import EmptyState
from annotator.gui.find_bar import FindBar
from annotator.gui.layout import DockLayout
from annotator.gui.panel_updates import follow
from annotator.gui.relation_list import RelationList
from annotator.gui.session import Session, undo_actions
from annotator.gui.shortcuts import show_shortcuts
from annotator.gui.span_form import SpanForm
from annotator.gui.span_menu import SpanActions
from annotator.gui.span_table import SpanTable
from annotator.gui.stats_view import add_stats_dock
from annotator.gui.suggestion_keys import install_suggestions
from annotator.gui.syncing import configured_server, start_sync
from annotator.gui.workers import Job, stop_jobs
from annotator.paths import samples_dir

if TYPE_CHECKING:
    from annotator.gui.adjudication_view import AdjudicationView
    from annotator.gui.guide import GuideDialog
    from annotator.io.importers import ReadOptions


class MainWindow(QMainWindow):
    def __init__(self, session: Session, settings: QSettings | None = None, parent=None) -> None:
        super().__init__(parent)
        self.session = session
        self.settings = settings or QSettings()
        self.setObjectName("mainWindow")
        self.setAcceptDrops(True)
        self.adjudication: AdjudicationView | None = None
        self.guide: GuideDialog | None = None

        self.document_view = DocumentView(session)
        self.document_view.message.connect(lambda text: self.statusBar().showMessage(text, 4000))
        self.find_bar = FindBar(self.document_view)
        centre = QWidget()
        centre_layout = QVBoxLayout(centre)
        centre_layout.setContentsMargins(0, 0, 0, 0)
        centre_layout.setSpacing(0)
        centre_layout.addWidget(self.find_bar)
        centre_layout.addWidget(self.document_view)
        self.setCentralWidget(centre)

        self.document_list = DocumentList(session)
        self.document_list.documentActivated.connect(session.open_document)
        store = session.store
        self.empty_state = EmptyState(
            self.load_samples,
            self.import_files,
            awaiting_lead=store.team_role is not None and not store.team_lead,
        )
        self.list_stack = QStackedWidget()
        self.list_stack.addWidget(self._list_panel())
        self.list_stack.addWidget(self.empty_state)
        self.span_form = SpanForm(session)
        self.relation_list = RelationList(session)
        self.span_table = SpanTable(session)
        self.docks = {
            "documents": self._dock(
                "Documents", self.list_stack, Qt.DockWidgetArea.LeftDockWidgetArea
            ),
            "span": self._dock(
                "Span", self._scrolling(self.span_form), Qt.DockWidgetArea.RightDockWidgetArea
            ),
            "relations": self._dock(
                "Links", self.relation_list, Qt.DockWidgetArea.RightDockWidgetArea
            ),
            "spans": self._dock("Spans", self.span_table, Qt.DockWidgetArea.BottomDockWidgetArea),
        }
        self.docks["stats"] = add_stats_dock(self, session, self.docks["spans"])
        self.dock_layout = DockLayout(self, self.docks, self.settings)

        self.span_actions = SpanActions(session, self.document_view, self.find_others, self)
        self.span_actions.message.connect(lambda text: self.statusBar().showMessage(text, 5000))
        self.span_actions.attach(self.document_view, self.span_table.view)
        self.document_view.span_menu = lambda at: self.span_actions.popup(self.document_view, at)
        self.span_table.span_menu = lambda at: self.span_actions.popup(self.span_table.view, at)
        self._build_menus()
        route_edit_keys(self, [self.undo_action, self.redo_action])
        self.status_label = plain.plain_label()
        self.statusBar().addPermanentWidget(self.status_label)
        # After the list is read again (an import): at once, or from a worker for long lists.
        self.document_list.model_.modelReset.connect(self._after_reload)
        session.documentOpened.connect(self._after_open)
        session.changed.connect(self._after_change)
        session.failed.connect(self._show_failure)
        follow(session.committed, self._show_saved)
        self._after_reload(at_once=True)
        self._restore_window_state()

    # ---- construction ----------------------------------------------------------------------

    def _list_panel(self) -> QWidget:
        panel = DocumentPanel(self.document_list)
        self.filter_edit, self.status_filter = panel.filter_edit, panel.status_filter
        return panel

    @staticmethod
    def _scrolling(widget: QWidget) -> QScrollArea:
        area = QScrollArea()
        area.setWidget(widget)
        area.setWidgetResizable(True)
        area.setFrameShape(QScrollArea.Shape.NoFrame)
        return area

    def _dock(self, title: str, widget: QWidget, area: Qt.DockWidgetArea) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(f"{title.lower()}Dock")
        dock.setWidget(widget)
        self.addDockWidget(area, dock)
        return dock

    def _action(self, menu, text: str, slot, *shortcuts) -> QAction:
        action = QAction(text, self)
        if shortcuts:
            action.setShortcuts([QKeySequence(s) for s in shortcuts])
        action.triggered.connect(slot)
        menu.addAction(action)
        return action

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu("&File")
        self._action(file_menu, "&Import Files…", self.import_files, "Ctrl+I")
        self._action(file_menu, "Import &Folder…", self.import_folder, "Ctrl+Shift+I")
        self._action(file_menu, "Load &Sample Articles", self.load_samples)
        self._action(file_menu, "&Export…", self.export, "Ctrl+E")
        if configured_server(self.session.store) is not None:
            self._action(file_menu, "S&ync with Server", self.sync_with_server)
        file_menu.addSeparator()
        self._action(file_menu, "&Quit", self.close, QKeySequence.StandardKey.Quit)

        edit_menu = bar.addMenu("&Edit")
        undo, redo = undo_actions(self.session, self, prepare=self.span_form.commit_pending)
        edit_menu.addActions([undo, redo])
        self.undo_action, self.redo_action = undo, redo
        edit_menu.addSeparator()
        self.span_actions.fill_edit_menu(edit_menu)

        view_menu = bar.addMenu("&View")
        self._action(view_menu, "&Find…", self.find_bar.open_bar, "Ctrl+F")
        self._action(view_menu, "Zoom &In", lambda: self.zoom(1), "Ctrl+=", "Ctrl++")
        self._action(view_menu, "Zoom &Out", lambda: self.zoom(-1), "Ctrl+-")
        self._action(
            view_menu, "&Reset Zoom", lambda: self.zoom(-self.document_view.zoom_steps), "Ctrl+0"
        )
        self.snap_action = self._action(view_menu, "&Snap Selections to Words", self._toggle_snap)
        self.snap_action.setCheckable(True)
        self.snap_action.setChecked(bool(self.settings.value("snapToWords", True, type=bool)))
        self.document_view.snap_to_words = self.snap_action.isChecked()
        self.suggestion_keys = install_suggestions(  # View > Suggestions
            self, self.document_view, self.settings, self.span_actions.deselect, view_menu
        )
        view_menu.addSeparator()
        for dock in self.docks.values():
            view_menu.addAction(dock.toggleViewAction())
        self._action(view_menu, "Reset &Layout", self.reset_layout)

        annotate_menu = bar.addMenu("&Annotate")
        self.span_actions.fill_annotate_menu(annotate_menu)
        self._action(annotate_menu, "&Link Selected Span…", self.focus_linking, "Ctrl+L")
        bar.addMenu(self.suggestion_keys.menu)

        doc_menu = bar.addMenu("&Document")
        self._action(
            doc_menu, "Mark &Done and Open Next", self.done_and_next, "Ctrl+Return", "Ctrl+Enter"
        )
        self._action(doc_menu, "Mark &In Progress", lambda: self.set_status(Status.IN_PROGRESS))
        self._action(doc_menu, "&Skip", lambda: self.set_status(Status.SKIPPED))
        self._action(doc_menu, "Mark &To Do", lambda: self.set_status(Status.TODO))
        doc_menu.addSeparator()
        self._action(doc_menu, "&Next Document", lambda: self.step_document(1), "Ctrl+PgDown")
        self._action(doc_menu, "&Previous Document", lambda: self.step_document(-1), "Ctrl+PgUp")

        team_menu = bar.addMenu("&Team")
        self._action(team_menu, "&Adjudicate…", self.open_adjudication, "Ctrl+Shift+A")

        help_menu = bar.addMenu("&Help")
        self._action(help_menu, "Annotation &Guide", self.show_guide, "Ctrl+F1")
        self._action(help_menu, "&Keyboard Shortcuts", self.show_shortcuts, "F1")
        self._action(help_menu, "&About annotator", self._about)

    # ---- documents ---------------------------------------------------------------------------

    def _after_open(self, _document_id: int) -> None:
        document = self.session.document
        if document is None:
            return
        self.settings.setValue("lastDocument", document.doc_id)
        self._update_title()
        self.document_view.setFocus()

    def _after_change(self, _changes) -> None:
        self._update_title()  # also after changes made in another window

    def _show_saved(self) -> None:
        self.statusBar().showMessage("Saved", 2000)

    def _show_failure(self, message: str) -> None:
        self.statusBar().showMessage("Not saved", 5000)
        plain.warning(self, "Change not saved", f"The change was not saved.\n\n{message}")

    def _database_short_name(self) -> str:
        file = self.session.store.file
        return file.name if file is not None else self.session.store.name

    def _after_reload(self, at_once: bool = False) -> None:
        count = self.document_list.model_.rowCount()
        self.list_stack.setCurrentIndex(1 if count == 0 else 0)
        self.status_label.setText(
            f"{names.count(count, 'document')} · {self._database_short_name()} · "
            "every change is saved at once"
        )
        self.status_label.setToolTip(plain.tooltip(self.session.store.name))
        if count and self.session.document is None:
            if at_once or count < READ_IN_WORKER_FROM:
                self._open_first_document()
            else:
                # The long list was reset in this turn and paints in the next: open the
                # document after that (a timer, not a posted call, which would run in the
                # same turn as the painting).
                QTimer.singleShot(1, self, self._open_first_document)
        self._update_title()

    def _open_first_document(self) -> None:
        """The document open last time, or the first one listed."""
        if self.session.document is not None:
            return  # the user picked one meanwhile
        last = self.settings.value("lastDocument")
        found = self.session.store.find_document(str(last)) if last else None
        if found is not None and self.document_list.model_.row_of(found.id) is not None:
            self.document_list.select_document(found.id)
        else:
            self.document_list.select_first()

    def _update_title(self) -> None:
        parts = ["annotator", self.session.annotator]
        document = self.session.document
        if document is not None:
            parts.insert(
                0, f"{document.title or document.doc_id} [{STATUS_TEXT[self.session.status]}]"
            )
        self.setWindowTitle(" — ".join(parts))

    def set_status(self, status: Status) -> None:
        document = self.session.document
        if document is not None and self.session.status != status:
            self.session.run(
                commands.SetStatus(
                    document.id,
                    self.session.annotator,
                    status,
                    text=f"Mark {STATUS_TEXT[status].lower()}",
                    seen=self.session.status,
                )
            )

    def done_and_next(self) -> None:
        document = self.session.document
        if document is None:
            return
        warned = len(self.session.warnings)
        if warned and not plain.question(
            self,
            "Open warnings",
            f"{names.count(warned, 'span')} in this document {'has' if warned == 1 else 'have'} "
            "warnings (see the Spans table). "
            "Mark it done anyway?",
        ):
            return
        self.set_status(Status.DONE)
        following = self.document_list.next_open_document(document.id)
        if following is None:
            self.statusBar().showMessage("All documents are done or skipped.", 5000)
        else:
            self.document_list.select_document(following)

    def step_document(self, step: int) -> None:
        proxy = self.document_list.proxy
        rows = proxy.rowCount()
        if rows:
            current = self.document_list.currentIndex().row()
            self.document_list.setCurrentIndex(proxy.index((current + step) % rows, 0))

    def focus_linking(self) -> None:
        self.docks["relations"].show()
        self.docks["relations"].raise_()
        self.relation_list.type_combo.setFocus()

    def find_others(self, text: str, after: int) -> None:
        """Find bar on ``text``, from code point ``after`` (the span's end) onwards."""
        cursor = self.document_view.textCursor()
        cursor.setPosition(self.document_view.mapping.to_utf16(after))
        self.document_view.setTextCursor(cursor)
        self.find_bar.find_others(text)

    def zoom(self, steps: int) -> None:
        self.document_view.zoom(steps)
        self.settings.setValue("zoom", self.document_view.zoom_steps)

    def _toggle_snap(self, on: bool) -> None:
        self.document_view.snap_to_words = on
        self.settings.setValue("snapToWords", on)

    def show_shortcuts(self) -> None:
        show_shortcuts(self, self.session.store.schema)

    def show_guide(self) -> None:
        from annotator.gui.guide import show_guide  # not at start-up

        self.guide = show_guide(self, self.session.store.schema, self.guide)

    # ---- keyboard focus ----------------------------------------------------------------------

    def _annotation_chain(self) -> list[QWidget]:
        """Tab order while annotating: article, span form, link type and target, article."""
        chain: list[QWidget] = [self.document_view, *self.span_form.focus_chain()]
        if self.session.selected_span is not None:
            chain += [self.relation_list.type_combo, self.relation_list.target_combo]
        return chain

    def focusNextPrevChild(self, next: bool) -> bool:
        # Docks are laid out by the user, so Qt's own order would wander into the document
        # list; Tab walks what annotating needs instead.
        chain = self._annotation_chain()
        widget = QApplication.focusWidget()
        while widget is not None and widget not in chain:
            widget = widget.parentWidget()
        if widget is None or len(chain) < 2:
            return super().focusNextPrevChild(next)
        target = chain[(chain.index(widget) + (1 if next else -1)) % len(chain)]
        reason = Qt.FocusReason.TabFocusReason if next else Qt.FocusReason.BacktabFocusReason
        target.setFocus(reason)
        return True

    # ---- importing -----------------------------------------------------------------------------

    def import_files(self) -> None:
        from annotator.gui.import_options import ask_import  # loads the importers

        chosen = ask_import(self, self.settings, folder=False)
        if chosen is not None:
            self.import_paths(*chosen)

    def import_folder(self) -> None:
        from annotator.gui.import_options import ask_import  # loads the importers

        chosen = ask_import(self, self.settings, folder=True)
        if chosen is not None:
            self.import_paths(*chosen)

    def load_samples(self) -> None:
        from annotator.gui.importing import import_now  # loads the importers

        report = import_now(self, self.session, [samples_dir()])
        if report is not None:
            self._imported(report)

    def import_paths(self, paths: list[Path], options: ReadOptions | None = None) -> Job:
        """Import in a worker thread; the window stays usable meanwhile."""
        # Every importer loads with the first import, not at start-up (issue 9, item 12).
        from annotator.gui.importing import start_import

        return start_import(self, self.session, paths, self._imported, options)

    def sync_with_server(self) -> Job | None:
        server = configured_server(self.session.store)
        return start_sync(self, self.session, server) if server is not None else None

    def _imported(self, report) -> None:
        from annotator.gui.import_options import guessed_encodings

        guesses = guessed_encodings(report.notes)
        if guesses:  # a guessed encoding is never applied silently
            plain.information(
                self,
                "Encodings guessed",
                "Check these texts before annotating them:\n\n" + "\n".join(guesses),
            )
        self.statusBar().showMessage(
            f"Imported {names.count(report.added, 'document')} "
            f"({report.skipped:,} already present)",
            5000,
        )

    def open_adjudication(self) -> None:
        if self.adjudication is None:
            from annotator.gui.adjudication_view import AdjudicationView  # not at start-up

            self.adjudication = AdjudicationView(self.session.store, self)
            self.adjudication.setWindowFlag(Qt.WindowType.Window)
            self.adjudication.resize(1280, 820)
        else:
            self.adjudication.reload_documents()
        self.adjudication.show()
        self.adjudication.raise_()

    def export(self) -> None:
        # Loads every exporter: imported when first used, not at start-up.
        from annotator.gui.export_dialog import ExportDialog, summary

        dialog = ExportDialog(self.session.store, self, self.settings)
        if dialog.exec() and dialog.report is not None:
            plain.information(self, "Export finished", summary(dialog.report))

    def dragEnterEvent(self, event) -> None:
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:
        paths = [Path(url.toLocalFile()) for url in event.mimeData().urls() if url.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            self.import_paths(paths)

    # ---- window state ------------------------------------------------------------------------

    def _restore_window_state(self) -> None:
        geometry = self.settings.value("geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        else:
            self.resize(1440, 900)
        self.dock_layout.restore()
        self.document_list.restore_columns(self.settings)
        zoom = self.settings.value("zoom", 0, type=int)
        if isinstance(zoom, int) and zoom:
            self.document_view.zoom(zoom)

    def reset_layout(self) -> None:
        """View > Reset Layout: default docks and proportions, document columns included."""
        self.dock_layout.reset()
        self.document_list.reset_columns(self.settings)

    def closeEvent(self, event) -> None:
        stop_jobs(self)  # cancel (a cancelled import keeps nothing) and wait for the threads
        self.settings.setValue("geometry", self.saveGeometry())
        self.dock_layout.save()
        self.document_list.save_columns(self.settings)
        self.settings.sync()
        super().closeEvent(event)

    def _about(self) -> None:
        QMessageBox.about(
            self,
            "About annotator",
            f"<b>annotator {plain.escape(__version__)}</b><p>Annotate contested news reports "
            "about armed conflict: claims, sources, casualty figures and locations.</p>"
            f"<p>Database: {plain.escape(self.session.store.name)}</p>",
        )
