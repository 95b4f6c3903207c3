"""The annotation toolbar and what its marks become: undoable sync.api commands.

Every step on a document's ``QUndoStack`` is one api command on the vault lane
(add, delete, update); undoing queues the inverse command behind it, so the
lane's order is the order the reader acted in. Annotation ids are made here, on
the UI thread, so an undo queued before the add has finished still knows what
to delete. Highlights snap to word boxes on the render lane (PyMuPDF's thread).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QKeySequence, QShortcut, QUndoCommand, QUndoStack
from PySide6.QtWidgets import (
    QWidget,
)

from desktop.errors import message_for
from desktop.ops.annotate import AnnotationOps, new_annotation_id
from desktop.tasks import OnFailure, TaskRunner
from desktop.viewer.annotation_bar import HIGHLIGHT_DEFAULT, PEN_DEFAULT, AnnotationBar
from desktop.viewer.annotation_layer import Tool
from desktop.viewer.page_view import PageView
from desktop.widgets.sheets import ask_text
from sync.api import Word
from sync.model import Annotation, AnnotationKind, Changes, Quote, Visibility
from sync.pdf import highlight
from sync.pdf.worker import PdfWorker


@dataclass
class _Spec:
    """What an add command re-creates on every redo (under a fresh id)."""

    document_id: str
    page: int
    kind: AnnotationKind
    color: str
    rects: tuple[tuple[float, float, float, float], ...] = ()
    strokes: tuple[tuple[tuple[float, float, float], ...], ...] = ()
    text: str = ""
    quote: Quote | None = None
    visibility: Visibility = Visibility.PRIVATE


class _AddCommand(QUndoCommand):
    def __init__(self, annotator: Annotator, spec: _Spec, label: str) -> None:
        super().__init__(label)
        self._a = annotator
        self._spec = spec
        self.annotation_id = ""

    def redo(self) -> None:
        self.annotation_id = new_annotation_id()
        ops, spec, ann_id = self._a.ops, self._spec, self.annotation_id
        self._a.run(
            lambda: ops.add(
                ann_id,
                spec.document_id,
                spec.page,
                spec.kind,
                color=spec.color,
                rects=spec.rects,
                strokes=spec.strokes,
                text=spec.text,
                quote=spec.quote,
                visibility=spec.visibility,
            )
        )

    def undo(self) -> None:
        ops, ann_id = self._a.ops, self.annotation_id
        self._a.run(lambda: ops.delete(ann_id))


class _DeleteCommand(QUndoCommand):
    def __init__(self, annotator: Annotator, annotation: Annotation, label: str) -> None:
        super().__init__(label)
        self._a = annotator
        self._annotation = annotation
        self._current = annotation.id

    def redo(self) -> None:
        ops, ann_id = self._a.ops, self._current
        self._a.run(lambda: ops.delete(ann_id))

    def undo(self) -> None:
        self._current = new_annotation_id()
        ops, ann, new_id = self._a.ops, self._annotation, self._current
        self._a.run(lambda: ops.restore(ann, new_id))


class _UpdateCommand(QUndoCommand):
    def __init__(
        self,
        annotator: Annotator,
        annotation_id: str,
        before: dict[str, Any],
        after: dict[str, Any],
        label: str,
    ) -> None:
        super().__init__(label)
        self._a = annotator
        self._id = annotation_id
        self._before = before
        self._after = after

    def redo(self) -> None:
        ops, ann_id, fields = self._a.ops, self._id, self._after
        self._a.run(lambda: ops.update(ann_id, **fields))

    def undo(self) -> None:
        ops, ann_id, fields = self._a.ops, self._id, self._before
        self._a.run(lambda: ops.update(ann_id, **fields))


def _is_note(annotation: Annotation) -> bool:
    return annotation.kind in (AnnotationKind.NOTE, AnnotationKind.TEXT)


class Annotator(QObject):
    """Owns the annotation bar, the per-document undo stacks and the document's marks."""

    annotations_did_load = Signal(object)  # list[Annotation]
    error = Signal(str)

    def __init__(
        self,
        runner: TaskRunner,
        ops: AnnotationOps,
        page_view: PageView,
        render_key: Callable[[], str | None],
        parent: QWidget,
    ) -> None:
        super().__init__(parent)
        self.runner = runner
        self.ops = ops
        self.page_view = page_view
        self._render_key = render_key
        self._stacks: dict[str, QUndoStack] = {}
        self._document_id: str | None = None
        self._generation = 0
        self.annotations: list[Annotation] = []
        # Asked for a note's text; tests replace it (a modal dialog would block them).
        self.ask_text: Callable[[AnnotationKind, str], str | None] = self._ask_text_dialog
        self.bar = AnnotationBar(parent)
        self.bar.tool_chosen.connect(self.set_tool)
        self.bar.color.currentIndexChanged.connect(self._color_changed)
        self.bar.visibility.activated.connect(self._visibility_chosen)
        self.bar.undo_button.clicked.connect(self.undo)
        self.bar.redo_button.clicked.connect(self.redo)
        self.bar.delete_button.clicked.connect(self._delete_selected)
        self.bar.edit_button.clicked.connect(self._edit_selected)
        self._sync_buttons()
        page_view.ink_drawn.connect(self._ink_drawn)
        page_view.highlight_dragged.connect(self._highlight_dragged)
        page_view.note_placed.connect(self._note_placed)
        page_view.erase_requested.connect(lambda a: self.delete(a, self.tr("Erase stroke")))
        page_view.delete_requested.connect(lambda a: self.delete(a, self.tr("Delete mark")))
        page_view.selection_changed.connect(self._selection_changed)
        page_view.note_edit_requested.connect(self.edit_note)
        QShortcut(QKeySequence.StandardKey.Undo, parent, self.undo)
        QShortcut(QKeySequence.StandardKey.Redo, parent, self.redo)

    def set_tool(self, tool: Tool) -> None:
        self.bar.tool_buttons[tool].setChecked(True)
        self.page_view.set_tool(tool)
        if tool in (Tool.HIGHLIGHT, Tool.PEN):
            self.bar.choose_color(HIGHLIGHT_DEFAULT if tool is Tool.HIGHLIGHT else PEN_DEFAULT)
        self._sync_buttons()

    @property
    def current_color(self) -> str:
        return self.bar.current_color

    @property
    def current_visibility(self) -> Visibility:
        return self.bar.current_visibility

    def _color_changed(self, _index: int) -> None:
        self.page_view.set_ink_color(self.current_color)

    def _visibility_chosen(self, _index: int) -> None:
        selected = self.page_view.selected
        if selected is not None and selected.visibility is not self.current_visibility:
            self.update(
                selected,
                {"visibility": selected.visibility},
                {"visibility": self.current_visibility},
                self.tr("Change who sees it"),
            )

    def _selection_changed(self, annotation: Annotation | None) -> None:
        if annotation is not None:
            self.bar.show_visibility(annotation.visibility)
        self._sync_buttons()

    def _sync_buttons(self) -> None:
        stack = self.stack
        selected = self.page_view.selected
        self.bar.sync_buttons(
            can_undo=stack is not None and stack.canUndo(),
            can_redo=stack is not None and stack.canRedo(),
            selected=selected is not None,
            note_selected=selected is not None and _is_note(selected),
        )

    # -- documents -------------------------------------------------------
    @property
    def stack(self) -> QUndoStack | None:
        return self._stacks.get(self._document_id) if self._document_id else None

    def set_document(self, document_id: str | None) -> None:
        self._generation += 1
        self._document_id = document_id
        self.annotations = []
        if document_id is not None and document_id not in self._stacks:
            stack = QUndoStack(self)
            stack.indexChanged.connect(lambda _i: self._sync_buttons())
            self._stacks[document_id] = stack
        self.set_tool(Tool.READ)
        self.reload()

    def reload(self) -> None:
        doc_id = self._document_id
        if doc_id is None:
            self.page_view.set_annotations([])
            return
        generation = self._generation
        ops = self.ops

        def show(annotations: list[Annotation]) -> None:
            if generation == self._generation:
                self.annotations = annotations
                self.page_view.set_annotations(annotations)
                self._sync_buttons()
                self.annotations_did_load.emit(annotations)

        self.runner.vault.submit(
            lambda: ops.list(doc_id), show, self._failed, failure=OnFailure.SHOW
        )

    def run(self, fn: Callable[[], Changes]) -> None:
        """One api command on the vault lane, then a fresh look at the marks."""
        self.runner.command(fn, lambda _c: self.reload(), self._failed, failure=OnFailure.SHOW)

    def _failed(self, error: BaseException) -> None:
        text = message_for(error)
        self.bar.status.setText(text)
        self.error.emit(text)

    # -- commands --------------------------------------------------------
    def undo(self) -> None:
        if self.stack is not None:
            self.stack.undo()

    def redo(self) -> None:
        if self.stack is not None:
            self.stack.redo()

    def add(self, spec: _Spec, label: str) -> None:
        if self.stack is not None:
            self.stack.push(_AddCommand(self, spec, label))

    def delete(self, annotation: Annotation, label: str) -> None:
        if self.stack is not None:
            self.page_view.select(None)
            self.stack.push(_DeleteCommand(self, annotation, label))

    def update(
        self, annotation: Annotation, before: dict[str, Any], after: dict[str, Any], label: str
    ) -> None:
        if self.stack is not None:
            self.stack.push(_UpdateCommand(self, annotation.id, before, after, label))

    def _delete_selected(self) -> None:
        selected = self.page_view.selected
        if selected is not None:
            self.delete(selected, self.tr("Delete mark"))

    def _edit_selected(self) -> None:
        selected = self.page_view.selected
        if selected is not None and _is_note(selected):
            self.edit_note(selected)

    def edit_note(self, annotation: Annotation) -> None:
        """Show a note's whole text for reading and changing; a change is one undoable step."""
        if not _is_note(annotation) or annotation.document_id != self._document_id:
            return
        text = self.ask_text(annotation.kind, annotation.text)
        if text is None or text == annotation.text:
            return
        self.update(annotation, {"text": annotation.text}, {"text": text}, self.tr("Edit note"))

    def _ink_drawn(self, page: int, points: list[tuple[float, float, float]]) -> None:
        if self._document_id is None or not points:
            return
        spec = _Spec(
            self._document_id,
            page,
            AnnotationKind.INK,
            self.current_color,
            strokes=(tuple(points),),
            visibility=self.current_visibility,
        )
        self.add(spec, self.tr("Pen stroke"))

    def _highlight_dragged(
        self, page: int, start: tuple[float, float], end: tuple[float, float]
    ) -> None:
        key, doc_id = self._render_key(), self._document_id
        if key is None or doc_id is None:
            return
        service: PdfWorker = self.runner.pdf
        color, visibility, generation = (
            self.current_color,
            self.current_visibility,
            self._generation,
        )

        def job() -> highlight.Snap | None:
            words = [
                Word(w.text, w.rect.x0, w.rect.y0, w.rect.x1, w.rect.y1, w.block, w.line)
                for w in service.words(key, page)
            ]
            return highlight.snap_line(words, start, end)

        def done(snap: highlight.Snap | None) -> None:
            if generation != self._generation:
                return
            if snap is None:
                self.bar.status.setText(self.tr("No text there to highlight."))
                return
            self.bar.status.setText("")
            spec = _Spec(
                doc_id,
                page,
                AnnotationKind.HIGHLIGHT,
                color,
                rects=snap.rects,
                quote=snap.quote,
                text=snap.text,
                visibility=visibility,
            )
            self.add(spec, self.tr("Highlight"))

        self.runner.render.submit(job, done, self._failed, failure=OnFailure.SHOW, front=True)

    def _note_placed(self, page: int, x: float, y: float) -> None:
        if self._document_id is None:
            return
        kind = AnnotationKind.TEXT if self.page_view.tool is Tool.TEXT else AnnotationKind.NOTE
        text = self.ask_text(kind, "")
        if text is None:
            return
        spec = _Spec(
            self._document_id,
            page,
            kind,
            self.current_color,
            rects=((x, y, x, y),),
            text=text,
            visibility=self.current_visibility,
        )
        self.add(spec, self.tr("Note"))

    def _ask_text_dialog(self, kind: AnnotationKind, text: str) -> str | None:
        """A touch-sized sheet over the page (not QInputDialog's small window, issue 15)."""
        title = self.tr("Text note") if kind is AnnotationKind.TEXT else self.tr("Sticky note")
        return ask_text(
            self.page_view, title, self.tr("Your note:"), text, action=self.tr("Save note")
        )
