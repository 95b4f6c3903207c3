"""One meeting: the agenda beside the document viewer."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QLabel,
    QSplitter,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.screens.meetings import format_when
from desktop.style.icons import Icon, icons_for
from desktop.viewer.document_viewer import DocumentViewer
from desktop.widgets.overlay import Drawer
from desktop.widgets.ui import heading, mm_to_px
from desktop.widgets.wrapping import wrap_rows
from sync.model import AgendaItem, Document, DocumentState, Meeting, PackState

ROLE_KIND = Qt.ItemDataRole.UserRole
ROLE_ID = Qt.ItemDataRole.UserRole + 1
AGENDA_ROW = 3  # the agenda's place in the left panel: after title, date and pack state


class MeetingPage(QWidget):
    """The agenda beside a preview of the document; opening a document enters reading mode.

    Reading mode (issue 15) gives the document the whole window: the left panel
    goes, the agenda moves into a drawer the reading bar opens, and the shell
    hides its own bar (``reading_changed``). "Meeting" in the reading bar, or Esc,
    comes back.
    """

    document_opened = Signal(str)
    item_shown = Signal(str)  # agenda item id (its comment thread follows it)
    reading_changed = Signal(bool)

    def __init__(
        self,
        viewer: DocumentViewer,
        parent: QWidget | None = None,
        *,
        extras: list[tuple[str, QWidget]] | None = None,
    ) -> None:
        super().__init__(parent)
        self.viewer = viewer
        self._meeting: Meeting | None = None
        self._items: list[AgendaItem] = []
        self._current_item = -1
        self._reading = False

        self.title = heading("")
        self.when = QLabel()
        self.when.setWordWrap(True)
        self.ready = QLabel()
        self.ready.setWordWrap(True)  # the whole sentence, not cut at the panel's edge
        self.ready.setAccessibleName(self.tr("Pack state"))
        self.agenda = QTreeWidget()
        self.agenda.setHeaderHidden(True)
        self.agenda.setAccessibleName(self.tr("Agenda"))
        wrap_rows(self.agenda)  # long item and document titles wrap instead of "…"
        self.agenda.itemActivated.connect(self._activated)
        self.agenda.itemClicked.connect(self._activated)
        self.agenda.currentItemChanged.connect(lambda cur, _prev: self._show_item_of(cur))
        self.item_title = heading("", level=2)
        self.closed_banner = QLabel()
        self.closed_banner.setWordWrap(True)
        self.closed_banner.setProperty("text-role", "closed")  # its colour, with the words
        self.closed_banner.setAccessibleName(self.tr("Closed item"))
        self.proposal = QLabel()
        self.proposal.setWordWrap(True)
        self.proposal.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.proposal.setAccessibleName(self.tr("Proposal"))

        left = QWidget()
        ll = QVBoxLayout(left)
        ll.setContentsMargins(8, 8, 8, 8)
        ll.addWidget(self.title)
        ll.addWidget(self.when)
        ll.addWidget(self.ready)
        ll.addWidget(self.agenda, 3)
        ll.addWidget(self.item_title)
        ll.addWidget(self.closed_banner)
        ll.addWidget(self.proposal, 1)
        self.extras = QTabWidget()
        self.extras.setAccessibleName(self.tr("Comments and notes"))
        for label, widget in extras or []:
            self.extras.addTab(widget, label)
        if extras:
            ll.addWidget(self.extras, 3)
        left.setMinimumWidth(mm_to_px(self, 60))
        self._left = left
        self._left_layout = ll
        self.drawer = Drawer(self, self.tr("Agenda"))
        self.drawer.content.setContentsMargins(0, 0, 0, 0)

        split = QSplitter(Qt.Orientation.Horizontal)
        split.setChildrenCollapsible(False)
        split.addWidget(left)
        split.addWidget(viewer)
        split.setStretchFactor(1, 1)
        split.setSizes([340, 900])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(split)

        viewer.previous_item_requested.connect(lambda: self.step_item(-1))
        viewer.next_item_requested.connect(lambda: self.step_item(1))
        viewer.document_did_open.connect(self.document_opened)
        viewer.document_did_open.connect(lambda _doc_id: self.set_reading(True))
        viewer.reading_closed.connect(lambda: self.set_reading(False))
        viewer.drawer_requested.connect(
            lambda: self.drawer.toggle(return_focus=viewer.reading_bar.agenda)
        )

    # -- reading mode ----------------------------------------------------
    @property
    def reading(self) -> bool:
        return self._reading

    def set_reading(self, on: bool) -> None:
        """The document takes the window (on) or goes back beside the agenda (off)."""
        if on == self._reading:
            return
        self._reading = on
        bar = self.viewer.reading_bar
        bar.back.setVisible(on)
        bar.agenda.setVisible(on)
        if on:
            self.drawer.content.addWidget(self.agenda, 1)
            self._left.hide()
        else:
            self.drawer.close_panel()
            self._left_layout.insertWidget(AGENDA_ROW, self.agenda, 3)
            self._left.show()
            self.agenda.setFocus()
        self.reading_changed.emit(on)

    def back(self) -> bool:
        """Esc: close the drawer, else leave reading mode; False when there was nothing to do."""
        if self.drawer.is_open:
            self.drawer.close_panel()
            return True
        if self._reading:
            self.set_reading(False)
            return True
        return False

    @property
    def meeting(self) -> Meeting | None:
        return self._meeting

    def show_meeting(self, meeting: Meeting) -> None:
        same = self._meeting is not None and self._meeting.id == meeting.id
        kept_id = self._current_item_id() if same else None
        self._meeting = meeting
        self._items = list(meeting.items)
        self.title.setText(meeting.title)
        self.title.setAccessibleName(meeting.title)
        self.when.setText(
            f"{format_when(meeting.starts_at)} · {meeting.location} · {meeting.committee.name}"
        )
        self.ready.setText(self._ready_text(meeting))
        # A reload of the same meeting keeps the reader's item (and its comment thread):
        # the tree is rebuilt with its signals blocked, and the item is found again by id,
        # since a sync may add or remove items and shift every index.
        self.agenda.blockSignals(True)
        self.agenda.clear()
        icons = icons_for(self.agenda)
        for index, item in enumerate(meeting.items):
            node = QTreeWidgetItem([self._item_label(item)])
            node.setData(0, ROLE_KIND, "item")
            node.setData(0, ROLE_ID, index)
            node.setData(0, Qt.ItemDataRole.AccessibleTextRole, self._item_label(item))
            if item.closed:  # a shield: confidential, not a warning about the reader
                node.setIcon(0, icons.get(Icon.CLOSED_ITEM, "closed"))
            for doc in item.documents:
                child = QTreeWidgetItem([self._doc_label(doc)])
                child.setData(0, ROLE_KIND, "document")
                child.setData(0, ROLE_ID, doc.id)
                child.setIcon(0, icons.get(Icon.DOCUMENT))
                node.addChild(child)
            self.agenda.addTopLevelItem(node)
        self.agenda.expandAll()
        kept = next((i for i, item in enumerate(self._items) if item.id == kept_id), -1)
        kept_node = self.agenda.topLevelItem(kept) if kept >= 0 else None
        if kept_node is not None:
            self.agenda.setCurrentItem(kept_node)
        self.agenda.blockSignals(False)
        if kept_node is not None:
            self._show_item(kept, announce=False)  # same item: its thread stays as it is
            return
        self._current_item = -1
        if not same:
            self.viewer.close_document()
            self.viewer.show_message(self.tr("Choose a document from the agenda."))
        if self._items:
            self.select_item(0, open_document=False)

    def _current_item_id(self) -> str | None:
        return (
            self._items[self._current_item].id
            if 0 <= self._current_item < len(self._items)
            else None
        )

    def _ready_text(self, m: Meeting) -> str:
        if m.pack_state is PackState.READY:
            return self.tr("✓ Ready for the meeting: every document is on this device")
        if m.pack_state is PackState.DOWNLOADING:
            percent = int(100 * m.bytes_done / m.bytes_total) if m.bytes_total else 0
            return self.tr("Downloading: %1%").replace("%1", str(percent))
        return self.tr("Not ready: some documents are not on this device yet")

    def _item_label(self, item: AgendaItem) -> str:
        label = f"{item.number}. {item.title}"
        if item.closed:
            label += " · " + self.tr("Closed item")
        if item.needs_decision:
            label += " · " + self.tr("Needs decision")
        return label

    def _doc_label(self, doc: Document) -> str:
        label = doc.title
        if doc.pages:
            label += " " + self.tr("(%n page(s))", "", doc.pages)
        if doc.state is not DocumentState.VERIFIED:
            label += " · " + self.tr("not on this device yet")
        if doc.changed_since_read:
            label += " · " + self.tr("changed")
        return label

    def _show_item_of(self, node: QTreeWidgetItem | None) -> None:
        if node is None:
            return
        parent = node.parent()
        if node.data(0, ROLE_KIND) == "document" and parent is not None:
            node = parent
        index = node.data(0, ROLE_ID)
        if isinstance(index, int):
            self._show_item(index)

    def _show_item(self, index: int, *, announce: bool = True) -> None:
        item = self._items[index]
        self._current_item = index
        self.item_title.setText(f"{item.number}. {item.title}")
        self.item_title.setAccessibleName(self.item_title.text())
        if item.closed:
            self.closed_banner.setText(self.tr("Closed item: confidential, not for the public."))
            self.closed_banner.show()
        else:
            self.closed_banner.hide()
        text = item.proposal or self.tr("No proposal text.")
        if item.needs_decision and item.decision_deadline is not None:
            text += "\n\n" + self.tr("Decision needed by %1").replace(
                "%1", format_when(item.decision_deadline)
            )
        self.proposal.setText(text)
        if announce:
            self.item_shown.emit(item.id)

    def select_item(self, index: int, *, open_document: bool = True) -> None:
        if not 0 <= index < len(self._items):
            return
        node = self.agenda.topLevelItem(index)
        if node is not None:
            self.agenda.setCurrentItem(node)
        self._show_item(index)
        if open_document and self._items[index].documents:
            self.open_document(self._items[index].documents[0])

    def step_item(self, step: int) -> None:
        self.select_item(self._current_item + step)

    def open_document(self, doc: Document, page: int = 0, find: str | None = None) -> None:
        self.drawer.close_panel()  # chosen in the drawer: the page is what the reader wants
        self.viewer.open_document(doc, page, find)

    def find_document(self, document_id: str) -> tuple[int, Document] | None:
        for index, item in enumerate(self._items):
            for doc in item.documents:
                if doc.id == document_id:
                    return index, doc
        return None

    def open_document_id(self, document_id: str, page: int = 0, find: str | None = None) -> None:
        found = self.find_document(document_id)
        if found is None:
            return
        index, doc = found
        node = self.agenda.topLevelItem(index)
        if node is not None:
            self.agenda.setCurrentItem(node)
        self._show_item(index)
        self.open_document(doc, page, find)

    def _activated(self, node: QTreeWidgetItem) -> None:
        kind = node.data(0, ROLE_KIND)
        if kind == "document":
            found = self.find_document(str(node.data(0, ROLE_ID)))
            if found is not None:
                self._show_item(found[0])
                self.open_document(found[1])
        elif kind == "item":
            index = node.data(0, ROLE_ID)
            if isinstance(index, int):
                self._show_item(index)
                docs = self._items[index].documents
                if docs:
                    self.open_document(docs[0])
