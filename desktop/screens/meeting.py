"""One meeting: the agenda, the chosen item's detail panel and a preview of its document.

Issue 15 found the meeting screen one overloaded column (the agenda collapsed to
1.5 rows under a long title, the proposal cut mid-sentence, the comments one line
high). Here each has its own place: the agenda full height with its own scroll,
the item's proposal, decision, documents and comments in a panel beside it, and
the document previewed beside that. In portrait the agenda goes above and the
panel and the preview share the lower part.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QPointF, QRect, QSize, Qt, Signal
from PySide6.QtGui import QFontMetrics, QKeyEvent, QMouseEvent, QResizeEvent
from PySide6.QtWidgets import (
    QFrame,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSplitter,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.ops.annotate import CaseRow
from desktop.screens.meetings import format_when
from desktop.style.icons import Icon, icons_for
from desktop.style.tokens import Space
from desktop.viewer.document_viewer import DocumentViewer
from desktop.widgets.discussion import (
    deadline_band,
    decided_on_other_tablet,
    decision_label,
    decision_state_text,
)
from desktop.widgets.overlay import Drawer
from desktop.widgets.ui import heading, mm_to_px, touch
from desktop.widgets.wrapping import wrap_rows
from sync.model import AgendaItem, CaseStatus, Document, DocumentState, Meeting, OpState, PackState

ROLE_KIND = Qt.ItemDataRole.UserRole
ROLE_ID = Qt.ItemDataRole.UserRole + 1
TITLE_LINES = 2  # the meeting title's lines before "…" (a tap shows it whole)
TAP_SLOP_PX = 12  # a press that moves less than this is a tap, not a scroll


def wrap_lines(text: str, metrics: QFontMetrics, width: int) -> str:
    """``text`` broken into lines at spaces so each fits ``width`` (a button cannot wrap)."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line = ""
        for word in paragraph.split(" "):
            candidate = f"{line} {word}" if line else word
            if line and metrics.horizontalAdvance(candidate) > width:
                lines.append(line)
                line = word
            else:
                line = candidate
        lines.append(line)
    return "\n".join(lines)


class ClampedTitle(QLabel):
    """A heading of at most two lines; when that cuts it, a tap (or Space) shows it whole.

    The accessible name is always the whole title: only the eye gets the short form.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._full = ""
        self._expanded = False
        self._clamped = False
        font = self.font()
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setBold(True)
        self.setFont(font)
        self.setWordWrap(True)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)

    @property
    def full_text(self) -> str:
        return self._full

    @property
    def clamped(self) -> bool:
        """The title is cut to two lines right now."""
        return self._clamped

    def set_title(self, text: str) -> None:
        self._full = text
        self._expanded = False
        self.setAccessibleName(text)
        self._fit()

    def toggle(self) -> None:
        if self._clamped or self._expanded:
            self._expanded = not self._expanded
            self._fit()

    def _fit(self) -> None:
        width = self.contentsRect().width()
        fm = QFontMetrics(self.font())
        flags = int(Qt.TextFlag.TextWordWrap)
        limit = fm.lineSpacing() * TITLE_LINES + fm.descent()

        def height(text: str) -> int:
            return fm.boundingRect(QRect(0, 0, max(1, width), 100_000), flags, text).height()

        shown = self._full
        clamped = False
        if not self._expanded and width > 0 and height(self._full) > limit:
            low, high = 0, len(self._full)
            while low < high:  # the longest start that fits two lines with "…"
                mid = (low + high + 1) // 2
                if height(self._full[:mid].rstrip() + "…") <= limit:
                    low = mid
                else:
                    high = mid - 1
            shown = self._full[:low].rstrip() + "…"
            clamped = True
        self._clamped = clamped
        self.setFocusPolicy(
            Qt.FocusPolicy.StrongFocus if clamped or self._expanded else Qt.FocusPolicy.NoFocus
        )
        self.setCursor(
            Qt.CursorShape.PointingHandCursor
            if clamped or self._expanded
            else Qt.CursorShape.ArrowCursor
        )
        self.setToolTip(self.tr("Tap to show the whole title") if clamped else "")
        if self.text() != shown:
            self.setText(shown)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 -- Qt override
        super().resizeEvent(event)
        self._fit()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802 -- Qt override
        if event.button() == Qt.MouseButton.LeftButton:
            self.toggle()
        super().mouseReleaseEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 -- Qt override
        if event.key() in (Qt.Key.Key_Space, Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.toggle()
            return
        super().keyPressEvent(event)


class DocumentButton(QPushButton):
    """One of the item's documents: its whole title on as many lines as it needs."""

    def __init__(self, doc: Document, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = doc
        self._label = text
        self.setAccessibleName(text)
        self.setIcon(icons_for(self).get(Icon.DOCUMENT))
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self.setStyleSheet("text-align: left;")
        touch(self)
        self.setText(text)

    def sizeHint(self) -> QSize:  # noqa: N802 -- Qt override
        hint = super().sizeHint()
        lines = max(1, self.text().count("\n") + 1)
        pad = mm_to_px(self, 3)
        return QSize(
            hint.width(), max(hint.height(), lines * self.fontMetrics().lineSpacing() + pad)
        )

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 -- Qt override
        super().resizeEvent(event)
        room = self.width() - self.iconSize().width() - mm_to_px(self, 8)
        wrapped = wrap_lines(self._label, self.fontMetrics(), max(40, room))
        if wrapped != self.text():
            self.setText(wrapped)
            self.updateGeometry()


class MeetingPage(QWidget):
    """The agenda, the chosen item's panel and a preview; opening a document enters reading mode.

    Reading mode (issue 15) gives the document the whole window: the agenda and
    the panel go, the agenda moves into a drawer the reading bar opens, and the
    shell hides its own bar (``reading_changed``). "Meeting" in the reading bar, or
    Esc, comes back. A preview is not reading: it sends no read receipt
    (``document_opened`` is emitted only when the reader opens a document).

    Room to grow: ``now_slot`` above the agenda is where a "Meeting now" view
    (the speakers' list, the vote in progress) goes while a meeting is in session.
    It is empty and hidden; a future view adds itself with ``now_slot.layout()``
    and shows the slot. Nothing is built for it yet.
    """

    document_opened = Signal(str)  # the reader opened it to read (not a preview)
    item_shown = Signal(str)  # agenda item id (its comment thread follows it)
    reading_changed = Signal(bool)
    decision_requested = Signal(str)  # case id: "Go to the decision"

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
        self._cases: dict[str, CaseRow] = {}
        self._current_item = -1
        self._reading = False
        self._preview_id: str | None = None  # the document shown as a preview, not read
        self._portrait: bool | None = None
        self._tap_from: QPointF | None = None

        # -- the agenda column: title, when, pack state (when not ready), agenda
        self.title = ClampedTitle()
        self.when = QLabel()
        self.when.setWordWrap(True)
        self.when.setProperty("text-role", "muted")
        self.ready = QLabel()
        self.ready.setWordWrap(True)  # the whole sentence, not cut at the panel's edge
        self.ready.setProperty("text-role", "warning")
        self.ready.setAccessibleName(self.tr("Pack state"))
        self.now_slot = QWidget()  # a "Meeting now" view goes here (see the class docstring)
        self.now_slot.setAccessibleName(self.tr("Meeting now"))
        QVBoxLayout(self.now_slot).setContentsMargins(0, 0, 0, 0)
        self.now_slot.hide()
        self.agenda = QTreeWidget()
        self.agenda.setHeaderHidden(True)
        self.agenda.setAccessibleName(self.tr("Agenda"))
        wrap_rows(self.agenda)  # long item and document titles wrap instead of "…"
        self.agenda.itemActivated.connect(self._activated)
        self.agenda.itemClicked.connect(self._activated)
        self.agenda.currentItemChanged.connect(lambda cur, _prev: self._show_item_of(cur))
        left = QWidget()
        ll = QVBoxLayout(left)
        margin = Space.S.value
        ll.setContentsMargins(margin, margin, margin, margin)
        for w in (self.title, self.when, self.ready, self.now_slot):
            ll.addWidget(w)
        ll.addWidget(self.agenda, 1)
        left.setMinimumWidth(mm_to_px(self, 55))
        self._left = left
        self._left_layout = ll
        self._agenda_row = ll.indexOf(self.agenda)

        # -- the item's detail panel
        self.item_title = heading("", level=2)
        self.closed_banner = QLabel()
        self.closed_banner.setWordWrap(True)
        self.closed_banner.setProperty("text-role", "closed")  # its colour, with the words
        self.closed_banner.setAccessibleName(self.tr("Closed item"))
        self.proposal = QLabel()
        self.proposal.setWordWrap(True)
        self.proposal.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.proposal.setAccessibleName(self.tr("Proposal"))
        self.decision = QLabel()
        self.decision.setWordWrap(True)
        self.decision.setAccessibleName(self.tr("Decision"))
        self.decide_button = QPushButton(self.tr("Go to the decision"))
        self.decide_button.setAccessibleName(self.tr("Go to the decision"))
        touch(self.decide_button)
        self.decide_button.clicked.connect(self._decide)
        self.documents_label = QLabel(self.tr("Documents"))
        self.documents_label.setProperty("text-role", "muted")
        self.documents = QWidget()
        self.documents.setAccessibleName(self.tr("Documents"))
        self._documents_layout = QVBoxLayout(self.documents)
        self._documents_layout.setContentsMargins(0, 0, 0, 0)
        self._document_buttons: list[DocumentButton] = []
        self.no_documents = QLabel(self.tr("This item has no documents."))
        self.no_documents.setWordWrap(True)
        self.extras = QTabWidget()
        self.extras.setAccessibleName(self.tr("Comments and notes"))
        for label, widget in extras or []:
            self.extras.addTab(widget, label)
        self.extras.setMinimumHeight(mm_to_px(self, 75))

        body = QWidget()
        dl = QVBoxLayout(body)
        dl.setContentsMargins(margin, margin, margin, margin)
        dl.setSpacing(Space.S.value)
        for w in (
            self.item_title,
            self.closed_banner,
            self.proposal,
            self.decision,
            self.decide_button,
            self.documents_label,
            self.documents,
            self.no_documents,
        ):
            dl.addWidget(w)
        dl.addWidget(self.extras, 1)
        self.extras.setVisible(bool(extras))  # once inside the panel: never a window of its own
        self.detail = QScrollArea()
        self.detail.setAccessibleName(self.tr("Agenda item"))
        self.detail.setWidgetResizable(True)
        self.detail.setFrameShape(QFrame.Shape.NoFrame)
        self.detail.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.detail.setWidget(body)
        self.detail.setMinimumWidth(mm_to_px(self, 60))
        self._detail_body = body

        self.drawer = Drawer(self, self.tr("Agenda"))
        self.drawer.content.setContentsMargins(0, 0, 0, 0)

        # Landscape: agenda | panel | preview. Portrait: agenda above, panel | preview below.
        self._outer = QSplitter(Qt.Orientation.Horizontal)
        self._inner = QSplitter(Qt.Orientation.Horizontal)
        for split in (self._outer, self._inner):
            split.setChildrenCollapsible(False)
        self._outer.addWidget(left)
        self._outer.addWidget(self.detail)
        self._outer.addWidget(viewer)
        self._outer.addWidget(self._inner)
        self._inner.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._outer)
        self._arrange(portrait=False)

        viewer.previous_item_requested.connect(lambda: self.step_item(-1))
        viewer.next_item_requested.connect(lambda: self.step_item(1))
        viewer.document_did_open.connect(self._document_did_open)
        viewer.reading_closed.connect(lambda: self.set_reading(False))
        viewer.drawer_requested.connect(
            lambda: self.drawer.toggle(return_focus=viewer.reading_bar.agenda)
        )
        viewer.page_view.viewport().installEventFilter(self)

    # -- layout ----------------------------------------------------------
    def _arrange(self, *, portrait: bool) -> None:
        """Put the three parts side by side (landscape) or the agenda above (portrait)."""
        if portrait == self._portrait:
            return
        self._portrait = portrait
        outer, inner = self._outer, self._inner
        if portrait:
            inner.addWidget(self.detail)
            inner.addWidget(self.viewer)
            outer.setOrientation(Qt.Orientation.Vertical)
            inner.show()
            height = max(self.height(), 1000)
            outer.setSizes([height * 7 // 20, height * 13 // 20])
            width = max(self.width(), 800)
            inner.setSizes([width // 2, width // 2])
        else:
            outer.setOrientation(Qt.Orientation.Horizontal)
            outer.insertWidget(1, self.detail)
            outer.insertWidget(2, self.viewer)
            inner.hide()
            width = max(self.width(), 1280)
            outer.setSizes([width * 25 // 100, width * 32 // 100, width * 43 // 100, 0])
        self._show_parts()

    def _show_parts(self) -> None:
        self._left.setVisible(not self._reading)
        self.detail.setVisible(not self._reading)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 -- Qt override
        super().resizeEvent(event)
        size = event.size()
        self._arrange(portrait=size.height() > size.width())

    @property
    def portrait(self) -> bool:
        return bool(self._portrait)

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
        else:
            self.drawer.close_panel()
            self._left_layout.insertWidget(self._agenda_row, self.agenda, 1)
            self.agenda.setFocus()
        self._show_parts()
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

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 -- Qt override
        """A tap on the preview opens the document to read (a drag only scrolls the preview)."""
        if self._reading or watched is not self.viewer.page_view.viewport():
            return False
        if event.type() == QEvent.Type.MouseButtonPress and isinstance(event, QMouseEvent):
            self._tap_from = event.position()
        elif event.type() == QEvent.Type.MouseButtonRelease and isinstance(event, QMouseEvent):
            start, self._tap_from = self._tap_from, None
            doc = self.viewer.document
            if (
                start is not None
                and doc is not None
                and (event.position() - start).manhattanLength() < TAP_SLOP_PX
            ):
                self.open_document(doc, self.viewer.page_view.current_page)
                return True
        return False

    # -- the meeting -----------------------------------------------------
    @property
    def meeting(self) -> Meeting | None:
        return self._meeting

    @property
    def current_item(self) -> AgendaItem | None:
        return (
            self._items[self._current_item] if 0 <= self._current_item < len(self._items) else None
        )

    def show_meeting(self, meeting: Meeting) -> None:
        same = self._meeting is not None and self._meeting.id == meeting.id
        kept_id = self._current_item_id() if same else None
        self._meeting = meeting
        self._items = list(meeting.items)
        if not same:
            self._cases = {}
        self.title.set_title(meeting.title)
        parts = [format_when(meeting.starts_at), meeting.location, meeting.committee.name]
        self.when.setText(" · ".join(p for p in parts if p))
        ready = self._ready_text(meeting)
        self.ready.setText(ready)
        self.ready.setVisible(bool(ready))
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
            # Nothing of the last meeting stays: its page position, its find, its document.
            self.viewer.hide_find()
            self.viewer.close_document()
            has_documents = any(item.documents for item in self._items)
            self.viewer.show_message(
                self.tr("Choose a document from the agenda.")
                if has_documents
                else self.tr("This meeting has no documents yet.")
            )
        if self._items:
            # The first item with a document, its first document previewed: the meeting
            # opens on something to read, not on "Choose a document".
            first = next((i for i, item in enumerate(self._items) if item.documents), 0)
            self.select_item(first, open_document=False)

    def set_cases(self, cases: dict[str, CaseRow]) -> None:
        """The meeting's cases by agenda item id (loaded on the vault lane by the shell)."""
        self._cases = dict(cases)
        if self.current_item is not None:
            self._show_decision(self.current_item)

    def _current_item_id(self) -> str | None:
        item = self.current_item
        return item.id if item is not None else None

    def _ready_text(self, m: Meeting) -> str:
        """Only a pack that is not ready says so: "ready" on every meeting said nothing."""
        if m.pack_state is PackState.READY:
            return ""
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
        """The agenda's current row moved (a tap, the arrow keys): its item and its preview."""
        if node is None:
            return
        parent = node.parent()
        if node.data(0, ROLE_KIND) == "document" and parent is not None:
            node = parent
        index = node.data(0, ROLE_ID)
        if isinstance(index, int):
            self._show_item(index)
            docs = self._items[index].documents
            if docs:
                self.preview_document(docs[0])

    def _show_item(self, index: int, *, announce: bool = True) -> None:
        item = self._items[index]
        changed = index != self._current_item
        self._current_item = index
        self.item_title.setText(f"{item.number}. {item.title}")
        self.item_title.setAccessibleName(self.item_title.text())
        if item.closed:
            self.closed_banner.setText(self.tr("Closed item: confidential, not for the public."))
            self.closed_banner.show()
        else:
            self.closed_banner.hide()
        self.proposal.setText(item.proposal or self.tr("No proposal text."))
        self._show_decision(item)
        self._show_documents(item)
        if changed:
            self.detail.verticalScrollBar().setValue(0)
        if announce:
            self.item_shown.emit(item.id)

    def _show_decision(self, item: AgendaItem) -> None:
        """The item's decision in words: due when, or what the reader decided and its state."""
        row = self._cases.get(item.id)
        text, role = "", "warning"
        if row is not None:
            case, approval = row.case, row.approval
            if approval is not None and not (
                approval.state is OpState.REJECTED and case.status is CaseStatus.OPEN
            ):
                text = self.tr("Your decision: %1").replace("%1", decision_label(approval.decision))
                text += " · " + decision_state_text(approval)
                role = "danger" if approval.state is OpState.REJECTED else "success"
            elif case.my_decision is not None:
                text, role = decided_on_other_tablet(case.my_decision), "success"
            elif case.status is CaseStatus.OPEN:
                text = self.tr("Needs your decision") + " · " + deadline_band(case.deadline)[1]
                if approval is not None:  # refused: the reader can decide again
                    text += "\n" + decision_state_text(approval)
            else:
                text, role = self.tr("Decided"), "muted"
        elif item.needs_decision:
            text = self.tr("Needs decision")
            if item.decision_deadline is not None:
                text = self.tr("Decision needed by %1").replace(
                    "%1", format_when(item.decision_deadline)
                )
        self.decision.setText(text)
        self.decision.setProperty("text-role", role)
        self.decision.style().unpolish(self.decision)
        self.decision.style().polish(self.decision)
        self.decision.setVisible(bool(text))
        self.decide_button.setVisible(row is not None)

    def _show_documents(self, item: AgendaItem) -> None:
        for old in self._document_buttons:
            old.hide()
            old.deleteLater()
        self._document_buttons = []
        # A button made now joins the end of the focus chain (after the page); Tab must
        # reach it where the eye does, after "Go to the decision" and before the comments.
        before: QWidget = self.decide_button
        for doc in item.documents:
            b = DocumentButton(doc, self._doc_label(doc), self.documents)
            b.clicked.connect(lambda _c=False, d=doc: self.open_document(d))
            self._documents_layout.addWidget(b)
            self._document_buttons.append(b)
            QWidget.setTabOrder(before, b)
            before = b
        self.documents_label.setVisible(bool(item.documents))
        self.documents.setVisible(bool(item.documents))
        self.no_documents.setVisible(not item.documents)

    @property
    def document_buttons(self) -> list[DocumentButton]:
        return list(self._document_buttons)

    def _decide(self) -> None:
        item = self.current_item
        row = self._cases.get(item.id) if item is not None else None
        if row is not None:
            self.decision_requested.emit(row.case.id)

    def select_item(self, index: int, *, open_document: bool = True) -> None:
        """Show item ``index``; its first document is read (``open_document``) or previewed."""
        if not 0 <= index < len(self._items):
            return
        node = self.agenda.topLevelItem(index)
        if node is not None:
            self.agenda.blockSignals(True)
            self.agenda.setCurrentItem(node)
            self.agenda.blockSignals(False)
        self._show_item(index)
        docs = self._items[index].documents
        if not docs:
            return
        if open_document:
            self.open_document(docs[0])
        else:
            self.preview_document(docs[0])

    def step_item(self, step: int) -> None:
        self.select_item(self._current_item + step)

    def preview_document(self, doc: Document) -> None:
        """Show ``doc`` beside the panel without reading it: no reading mode, no read receipt."""
        current = self.viewer.document
        if self._reading or (current is not None and current.id == doc.id):
            return
        self._preview_id = doc.id
        self.viewer.open_document(doc)

    def open_document(self, doc: Document, page: int = 0, find: str | None = None) -> None:
        """Open ``doc`` to read: reading mode, and the read receipt."""
        self.drawer.close_panel()  # chosen in the drawer: the page is what the reader wants
        self._preview_id = None
        current = self.viewer.document
        if current is not None and current.id == doc.id and self.viewer.info is not None:
            if find:
                self.viewer.show_find()
                self.viewer.find_bar.edit.setText(find)
                self.viewer.find_text(find, start_page=page)
            elif page != self.viewer.page_view.current_page:
                self.viewer.go_to_page(page)
            self._document_did_open(doc.id)  # already open as the preview: no second load
            return
        self.viewer.open_document(doc, page, find)

    def _document_did_open(self, document_id: str) -> None:
        if document_id == self._preview_id:
            return  # a preview: the reader has not opened it yet
        self.set_reading(True)
        self.document_opened.emit(document_id)

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
            self.agenda.blockSignals(True)
            self.agenda.setCurrentItem(node)
            self.agenda.blockSignals(False)
        self._show_item(index)
        self.open_document(doc, page, find)

    def _activated(self, node: QTreeWidgetItem) -> None:
        """A document row opens it to read; an item row shows the item and previews it."""
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
                    if self._reading:
                        self.open_document(docs[0])  # chosen in the drawer: read it
                    else:
                        self.preview_document(docs[0])
