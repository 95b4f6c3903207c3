"""The unlocked app: a top bar (meetings, search, settings, lock) over the screens.

Built after every unlock and thrown away on lock, so nothing a reader saw stays
in widgets, caches or models while Folio is locked.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import shiboken6
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLineEdit,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import message_for
from desktop.ops import reading
from desktop.ops import sync_now as sync_now_ops
from desktop.ops.annotate import AnnotationOps, CaseRow, CommentOps, DecisionOps
from desktop.screens.decisions import DecisionsPage
from desktop.screens.guide import GuideSheet
from desktop.screens.meeting import MeetingPage
from desktop.screens.meetings import MeetingsPage
from desktop.screens.notes import NotesNotice, PrivateNotes
from desktop.screens.outbox import OutboxPage
from desktop.screens.search import SearchPage
from desktop.screens.settings import SettingsPage
from desktop.settings import Settings, SettingsStore
from desktop.style.icons import Icon
from desktop.tasks import OnFailure, TaskRunner
from desktop.viewer.document_viewer import DocumentViewer
from desktop.widgets.buttons import IconButton
from desktop.widgets.discussion import CommentThread, DeadlineBands, MyNotesPanel
from desktop.widgets.status import StatusPanel
from desktop.widgets.ui import clearable, touch
from sync.api import Api, UpdateNotice, check_for_update
from sync.model import Changes, Committee, Meeting, MeetingAttention, SearchHit


class ReaderShell(QWidget):
    """The whole unlocked app: the top bar and every screen under it, thrown away on lock."""

    lock_requested = Signal()
    wipe_requested = Signal()
    language_chosen = Signal(str)
    settings_did_change = Signal(object)  # Settings

    def __init__(
        self,
        api: Api,
        runner: TaskRunner,
        *,
        settings: Settings,
        store: SettingsStore,
        status: StatusPanel,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.api = api
        self.runner = runner
        self.settings = settings
        self.store = store
        self.status = status
        self._committee: str | None = None
        self._meeting_titles: dict[str, str] = {}

        self.meetings_button = IconButton(self.tr("Meetings"), Icon.MEETINGS)
        self.meetings_button.clicked.connect(self.show_meetings)
        self.search_edit = QLineEdit()
        self.search_edit.setPlaceholderText(self.tr("Search all meetings"))
        self.search_edit.setAccessibleName(self.tr("Search all meetings"))
        clearable(self.search_edit)
        self.search_edit.returnPressed.connect(lambda: self.search(self.search_edit.text()))
        touch(self.search_edit)
        self.decisions_button = IconButton(self.tr("Decisions"), Icon.DECISIONS)
        self.decisions_button.clicked.connect(self.show_decisions)
        self.settings_button = IconButton(self.tr("Settings"), Icon.SETTINGS)
        self.settings_button.clicked.connect(self.show_settings)
        self.lock_button = IconButton(self.tr("Lock"), Icon.LOCK)
        self.lock_button.clicked.connect(self.lock_requested)

        bookmarks = reading.BookmarkOps(api)
        self.viewer = DocumentViewer(
            runner,
            lambda doc_id: reading.load_document_bytes(api, doc_id),
            bookmarks,
            night=settings.night_mode,
            annotations=AnnotationOps(api),
        )
        self.viewer.controls.night_button.toggled.connect(self._night_toggled)
        if store.config.flag("watermark"):
            # A failed lookup still marks the pages: the policy asked for a watermark.
            runner.vault.submit(
                api.reader_name,
                self.viewer.set_watermark,
                lambda _e: self.viewer.set_watermark("Folio"),
                failure=OnFailure.LOG,
            )
        self.meetings = MeetingsPage()
        self.meetings.meeting_activated.connect(self.open_meeting)
        self.meetings.committee_changed.connect(self._committee_changed)
        self.notes_panel = MyNotesPanel()
        self.notes_panel.note_activated.connect(self._note_activated)
        self.item_thread = CommentThread(runner, CommentOps(api))
        self.meeting = MeetingPage(
            self.viewer,
            extras=[
                (self.tr("Comments"), self.item_thread),
                (self.tr("My notes"), self.notes_panel),
            ],
        )
        self.meeting.item_shown.connect(
            lambda item_id: self.item_thread.set_target("item", item_id)
        )
        # Read, not previewed: only a document the reader opened sends a read receipt.
        self.meeting.document_opened.connect(self._document_opened)
        self.meeting.decision_requested.connect(self.show_case)
        # A shared mark chosen with the Select tool gets the thread; clearing returns it.
        self.viewer.page_view.selection_changed.connect(self.item_thread.show_annotation)
        if self.viewer.annotator is not None:  # a mark just shared keeps its selection
            self.viewer.annotator.annotations_did_load.connect(self._marks_reloaded)
        self.decisions = DecisionsPage(
            runner,
            DecisionOps(api),
            CommentOps(api),
            bands=DeadlineBands(
                amber_hours=store.config.number("deadline_amber_hours"),
                red_hours=store.config.number("deadline_red_hours"),
            ),
        )
        self.decisions.documents_requested.connect(self.open_case_documents)
        self._annotation_ops = AnnotationOps(api)
        # Export belongs to the document being read: in the reading bar's "…", not greyed
        # in a global bar on every screen (issue 15).
        self.export_pdf = IconButton(self.tr("Export annotated PDF"), Icon.EXPORT)
        self.export_sheet = IconButton(self.tr("Export my meeting sheet"), Icon.EXPORT)
        self.export_pdf.clicked.connect(self._export_pdf)
        self.export_sheet.clicked.connect(self._export_sheet)
        self._export_allowed(False)
        runner.vault.submit(
            self._annotation_ops.export_allowed,
            self._export_allowed,
            failure=OnFailure.LOG,  # the buttons stay off: export is not offered
        )
        self.search_page = SearchPage()
        self.search_page.hit_activated.connect(self.open_hit)
        self.outbox_page = OutboxPage()
        self.outbox_page.sync_requested.connect(
            lambda: self.sync_now(self.outbox_page.show_message)
        )
        status.outbox_requested.connect(self.show_outbox)
        self.settings_page = SettingsPage(settings)
        self.settings_page.language_chosen.connect(self.language_chosen)
        self.settings_page.auto_lock_chosen.connect(self._auto_lock_chosen)
        self.settings_page.sync_requested.connect(self.sync_now)
        self.settings_page.update_check_requested.connect(self.check_for_update)
        self.settings_page.lock_requested.connect(self.lock_requested)
        self.settings_page.guide_requested.connect(self.show_guide)
        self.guide: GuideSheet | None = None
        self.settings_page.wipe_confirmed.connect(self.wipe_requested)

        self.reading_lock = IconButton(self.tr("Lock"), Icon.LOCK)
        self.reading_lock.clicked.connect(self.lock_requested)
        self.viewer.add_to_more(self.export_pdf)
        self.viewer.add_to_more(self.export_sheet)
        self.viewer.add_to_more(self.reading_lock)
        self.top_bar = QWidget()
        top = QHBoxLayout(self.top_bar)
        top.setContentsMargins(6, 6, 6, 0)
        top.addWidget(self.meetings_button)
        top.addWidget(self.search_edit, 1)
        top.addWidget(self.decisions_button)
        top.addWidget(self.settings_button)
        top.addWidget(self.lock_button)
        self.stack = QStackedWidget()
        for page in (
            self.meetings,
            self.meeting,
            self.search_page,
            self.settings_page,
            self.decisions,
            self.outbox_page,
        ):
            self.stack.addWidget(page)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.top_bar)
        # What her private notes need from her (approval, code, recovery key): one line
        # under the bar on every screen, never a gate in front of her meetings.
        self.notes_notice = NotesNotice()
        self.private_notes = PrivateNotes(
            api, runner, self, self.notes_notice, self.settings_page.notes
        )
        self.settings_page.wipe_asked.connect(
            lambda: self.private_notes.ask_wipe(self.settings_page.confirm_wipe)
        )
        layout.addWidget(self.notes_notice)
        layout.addWidget(self.stack, 1)
        # Reading mode: the document gets the window, this bar goes too.
        self.meeting.reading_changed.connect(lambda _on: self._update_chrome())
        self.stack.currentChanged.connect(lambda _i: self._update_chrome())

        QShortcut(QKeySequence("Ctrl+Shift+F"), self, self._focus_search)
        QShortcut(QKeySequence("Ctrl+L"), self, self.lock_requested.emit)
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, self._back)

        # The one source of refreshes: commands and sync rounds both say what changed.
        runner.vault_did_change.connect(self._vault_did_change)
        self.refresh_meetings()
        self.refresh_status()
        self.private_notes.refresh()

    # -- data ------------------------------------------------------------
    def refresh_meetings(self) -> None:
        api, committee = self.api, self._committee
        self.runner.vault.submit(
            lambda: (
                reading.list_committees(api),
                reading.list_meetings(api, committee),
                reading.meeting_attention(api),
            ),
            self._show_meetings,
            self._error,
            failure=OnFailure.SHOW,
        )

    def _show_meetings(
        self, result: tuple[list[Committee], list[Meeting], dict[str, MeetingAttention]]
    ) -> None:
        committees, meetings, attention = result
        self.meetings.set_committees(committees)
        self.meetings.set_meetings(meetings, attention=attention)
        self._meeting_titles.update({m.id: m.title for m in meetings})

    def refresh_status(self) -> None:
        api = self.api
        self.runner.vault.submit(
            lambda: reading.read_status(api),
            self._show_status,
            failure=OnFailure.DROP_IF_STALE,  # the next change asks again
        )

    def _show_status(self, snap: reading.StatusSnapshot) -> None:
        self.status.show_status(snap.sync)
        self.settings_page.show_status(snap.storage_bytes, snap.sync.server_url)

    def _vault_did_change(self, changes: Changes, _initiator: object = None) -> None:
        """Refresh only what ``changes`` names, whether a command or a sync round wrote it."""
        current = self.meeting.meeting
        left = bool(changes.committees)  # closed material and cases of those committees went
        if changes.outbox or changes.sync_state:
            self.refresh_status()  # first: the status line is what a round is judged by
            if self.stack.currentWidget() is self.outbox_page:
                self.refresh_outbox()
        if changes.annotations or changes.meetings or left:
            self._reload_notes()
        open_doc = self.viewer.document
        if (
            changes.annotations
            and open_doc is not None
            and self.viewer.annotator is not None
            and (not changes.documents or open_doc.id in changes.documents)
        ):
            self.viewer.annotator.reload()  # a colleague's shared mark, a mark moved
        if changes.bookmarks and open_doc is not None and open_doc.id in changes.bookmarks:
            self.viewer.reload_bookmarks()  # set or removed on her other tablet
        decisions_shown = self.stack.currentWidget() is self.decisions
        if (changes.cases or changes.approvals or changes.comments or left) and decisions_shown:
            self.decisions.reload()
        if changes.comments:
            self.item_thread.reload()
        if changes.meetings or changes.documents or left:
            self.refresh_meetings()
            if current is not None and (
                current.id in changes.meetings
                or left
                or any(d.id in changes.documents for i in current.items for d in i.documents)
            ):
                self._reload_meeting(current.id)
        elif changes.comments or changes.cases or changes.approvals:
            self.refresh_meetings()  # the badges: comments, decisions due
        if current is not None and (changes.cases or changes.approvals or left):
            self._reload_cases(current.id)
        self.private_notes.vault_did_change(changes)

    def _committee_changed(self, committee_id: object) -> None:
        self._committee = committee_id if isinstance(committee_id, str) else None
        self.refresh_meetings()

    # -- navigation ------------------------------------------------------
    def show_meetings(self) -> None:
        self.stack.setCurrentWidget(self.meetings)
        self.meetings.list.setFocus()

    def show_outbox(self) -> None:
        """The status line's counts, opened: what waits and what was refused, and why."""
        if self.reading:
            self.meeting.set_reading(False)
        self.refresh_outbox()
        self.stack.setCurrentWidget(self.outbox_page)
        self.outbox_page.setFocus()

    def refresh_outbox(self) -> None:
        api = self.api
        self.runner.vault.submit(
            api.outbox_entries,
            self.outbox_page.show_entries,
            failure=OnFailure.DROP_IF_STALE,  # the next change asks again
        )

    def show_decisions(self) -> None:
        self.decisions.reload()
        self.stack.setCurrentWidget(self.decisions)
        self.decisions.cases.setFocus()

    def show_case(self, case_id: str) -> None:
        """The decisions screen with ``case_id`` chosen ("Go to the decision" on an item)."""
        tree = self.decisions.cases

        def choose() -> None:
            for i in range(tree.topLevelItemCount()):
                node = tree.topLevelItem(i)
                if node is None:
                    continue
                tree.setCurrentItem(node)
                row = self.decisions.current_row()
                if row is not None and row.case.id == case_id:
                    return

        self.decisions.cases_did_load.connect(choose, Qt.ConnectionType.SingleShotConnection)
        self.show_decisions()

    def _reload_notes(self) -> None:
        meeting = self.meeting.meeting
        if meeting is None:
            return
        ops, meeting_id = self._annotation_ops, meeting.id
        self.runner.vault.submit(
            lambda: ops.for_meeting(meeting_id),
            self.notes_panel.set_rows,
            failure=OnFailure.DROP_IF_STALE,
        )

    def _marks_reloaded(self, _annotations: object) -> None:
        selected = self.viewer.page_view.selected
        if selected is not None:
            self.item_thread.show_annotation(selected)

    def _note_activated(self, document_id: str, page: int) -> None:
        current = self.viewer.document
        if current is not None and current.id == document_id:
            self.viewer.go_to_page(page)
        else:
            self.meeting.open_document_id(document_id, page)

    # -- export ----------------------------------------------------------
    def _export_allowed(self, allowed: bool) -> None:
        """IT can forbid export: the buttons stay visible but say who decided."""
        managed = self.tr("Managed by your organisation: export is turned off.")
        for b, tip in (
            (self.export_pdf, self.tr("Save this document with your notes as a PDF")),
            (self.export_sheet, self.tr("Save your notes for this meeting as a PDF")),
        ):
            b.setEnabled(allowed)
            b.setToolTip(tip if allowed else managed)

    def _export_pdf(self) -> None:
        doc = self.viewer.document
        if doc is None:
            self._error_text(self.tr("Open a document first."))
            return
        target, _f = QFileDialog.getSaveFileName(
            self, self.tr("Export annotated PDF"), f"{doc.title}.pdf", "PDF (*.pdf)"
        )
        if target:
            ops, doc_id = self._annotation_ops, doc.id
            self.runner.vault.submit(
                lambda: ops.export_annotated_pdf(doc_id, Path(target)),
                lambda _p: self._error_text(self.tr("Exported.")),
                self._error,
                failure=OnFailure.SHOW,
            )

    def _export_sheet(self) -> None:
        meeting = self.meeting.meeting
        if meeting is None:
            self._error_text(self.tr("Open a meeting first."))
            return
        target, _f = QFileDialog.getSaveFileName(
            self, self.tr("Export my meeting sheet"), f"{meeting.title}.pdf", "PDF (*.pdf)"
        )
        if target:
            ops, meeting_id = self._annotation_ops, meeting.id
            self.runner.vault.submit(
                lambda: ops.export_meeting_sheet(meeting_id, Path(target)),
                lambda _p: self._error_text(self.tr("Exported.")),
                self._error,
                failure=OnFailure.SHOW,
            )

    def _error_text(self, text: str) -> None:
        self.status.show_message(text)

    def show_settings(self) -> None:
        self.refresh_status()
        self.stack.setCurrentWidget(self.settings_page)
        self.settings_page.language.setFocus()

    def _back(self) -> None:
        if self.viewer.controls.more.is_open:
            self.viewer.controls.more.close_panel()
            return
        if self.viewer.find_bar.isVisible():
            self.viewer.hide_find()
            return
        if self.stack.currentWidget() is self.meeting and self.meeting.back():
            return
        if self.stack.currentWidget() is not self.meetings:
            self.show_meetings()

    @property
    def reading(self) -> bool:
        """Reading mode: the meeting screen shows, with its document taking the window."""
        return self.stack.currentWidget() is self.meeting and self.meeting.reading

    def _update_chrome(self) -> None:
        self.top_bar.setVisible(not self.reading)
        # the notice comes back with the bar; reading mode gives the page the window
        self.notes_notice.set_quiet(self.reading)

    def _focus_search(self) -> None:
        if self.reading:
            self.meeting.set_reading(False)
        self.search_edit.setFocus()

    def open_meeting(self, meeting_id: str, then: object = None) -> None:
        api = self.api

        def show(meeting: Meeting) -> None:
            self.meeting.show_meeting(meeting)
            self._reload_notes()
            self._reload_cases(meeting.id)
            self.stack.setCurrentWidget(self.meeting)
            self.meeting.agenda.setFocus()
            if callable(then):
                then()

        self.runner.vault.submit(
            lambda: reading.get_meeting(api, meeting_id), show, self._error, failure=OnFailure.SHOW
        )
        if meeting_id:
            self.runner.command(
                lambda: reading.mark_meeting_read(api, meeting_id), failure=OnFailure.LOG
            )

    def open_case_documents(self, meeting_id: str, document_id: str) -> None:
        """A case's "Open documents": its meeting, the item's first document in reading mode."""
        self.open_meeting(meeting_id, lambda: self.meeting.open_document_id(document_id))

    def _reload_meeting(self, meeting_id: str) -> None:
        api = self.api

        def show(meeting: Meeting) -> None:
            if not shiboken6.isValid(self):  # locked meanwhile: this reader is gone
                return
            current = self.meeting.meeting
            if current is not None and current.id == meeting.id:  # the reader may have moved on
                self.meeting.show_meeting(meeting)

        self.runner.vault.submit(
            lambda: reading.get_meeting(api, meeting_id), show, failure=OnFailure.DROP_IF_STALE
        )

    def _reload_cases(self, meeting_id: str) -> None:
        """The meeting's cases for the item panel's decision line."""
        api = self.api

        def show(cases: dict[str, CaseRow]) -> None:
            current = self.meeting.meeting
            if current is not None and current.id == meeting_id:
                self.meeting.set_cases(cases)

        self.runner.vault.submit(
            lambda: reading.meeting_cases(api, meeting_id),
            show,
            failure=OnFailure.DROP_IF_STALE,  # the next change asks again
        )

    def _document_opened(self, document_id: str) -> None:
        api = self.api
        self.runner.command(
            # the read receipt is an op: a failure to write it is logged, never silent
            lambda: reading.mark_document_read(api, document_id),
            failure=OnFailure.LOG,
        )

    def search(self, query: str) -> None:
        query = query.strip()
        if not query:
            return
        api = self.api
        self.runner.vault.submit(
            lambda: reading.search_everywhere(api, query),
            lambda hits: self._show_hits(query, hits),
            self._error,
            failure=OnFailure.SHOW,
        )

    def _show_hits(self, query: str, hits: list[SearchHit]) -> None:
        self.search_page.show_results(query, hits, self._meeting_titles, limit=reading.SEARCH_LIMIT)
        self.stack.setCurrentWidget(self.search_page)
        self.search_page.results.setFocus()

    def open_hit(self, hit: SearchHit) -> None:
        query = self.search_page.query

        def after() -> None:
            if hit.document_id is not None:
                self.meeting.open_document_id(hit.document_id, hit.page or 0, query)
            elif hit.item_id is not None:
                for index, item in enumerate(
                    self.meeting.meeting.items if self.meeting.meeting else ()
                ):
                    if item.id == hit.item_id:
                        self.meeting.select_item(index, open_document=False)

        self.open_meeting(hit.meeting_id, after)

    # -- the first-run guide ---------------------------------------------
    def show_guide(self) -> GuideSheet:
        """Open the guide; the first time it counts as seen (it is not shown again unasked)."""
        if self.guide is not None and shiboken6.isValid(self.guide) and self.guide.isVisible():
            return self.guide
        self.guide = GuideSheet(self)
        self.guide.open()
        if not self.settings.guide_seen:
            self._save(replace(self.settings, guide_seen=True))
        return self.guide

    # -- settings --------------------------------------------------------
    def _save(self, settings: Settings) -> None:
        self.settings = settings
        self.store.save(settings)
        # A settings change is an explicit event for the Api's effective policy
        # (sync/config/effective.py): read once more, on the vault lane.
        self.runner.vault.submit(self.api.reload_policy, failure=OnFailure.LOG)
        self.settings_did_change.emit(settings)

    def _auto_lock_chosen(self, minutes: int) -> None:
        self._save(replace(self.settings, auto_lock_minutes=minutes))

    def _night_toggled(self, on: bool) -> None:
        self._save(replace(self.settings, night_mode=on))

    def sync_now(self, show: Callable[[str], None] | None = None) -> None:
        """Sync from Settings or the outbox view; ``show`` says there how it went."""
        api = self.api
        say = show or self.settings_page.show_message
        say(self.tr("Syncing…"))
        self.runner.command(
            lambda: sync_now_ops.sync_now(api),
            lambda _c: say(self.tr("Sync finished.")),
            lambda e: say(message_for(e)),
            failure=OnFailure.SHOW,
        )

    def check_for_update(self) -> None:
        """Notify only: Folio never installs itself; IT's deployment does."""
        api, data_dir = self.api, self.api.data_dir
        self.settings_page.show_message(self.tr("Checking for updates…"))

        def failed(error: BaseException) -> None:
            self.settings_page.show_message(message_for(error))

        def fetch(pin: str | None) -> None:
            self.runner.fetch.submit(
                lambda: check_for_update(data_dir, spki_pin=pin),
                self._show_update,
                failed,
                failure=OnFailure.SHOW,
            )

        # the pin the sync client holds is read on the vault's thread, the check on the network's
        self.runner.vault.submit(api.server_pin, fetch, failed, failure=OnFailure.SHOW)

    def _show_update(self, notice: UpdateNotice) -> None:
        if notice.status == "available" and notice.available:
            text = self.tr(
                "Folio {version} is available (you have {installed}). "
                "Your organisation's IT installs it."
            ).format(version=notice.available, installed=notice.installed)
        elif notice.status == "disabled":
            text = self.tr("Update checks are turned off by your organisation or not set up.")
        else:
            text = self.tr("Folio is up to date.")
        if notice.update_required:
            text += " " + self.tr("This version is no longer supported: ask IT to update it.")
        self.settings_page.show_message(text)

    def _error(self, error: BaseException) -> None:
        self.status.show_message(message_for(error))

    def shutdown(self) -> None:
        # the guide is a sheet over the window: it goes with the reader (a lock shows no card)
        if self.guide is not None and shiboken6.isValid(self.guide):
            self.guide.reject()
        if shiboken6.isValid(self.status):
            self.status.outbox_requested.disconnect(self.show_outbox)
        self.viewer.close_document()
