"""After a new version of a document: which pages changed, and where the reader's notes went."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel, QWidget

from desktop.ops.annotate import AnnotationOps
from desktop.tasks import OnFailure, TaskRunner
from desktop.viewer.open_document import OpenDocument


class ChangedBanner(QLabel):
    """A banner over the pages, hidden unless the open document has a version before it."""

    pages_did_load = Signal(object)  # set[int]: the pages changed in the newest version

    def __init__(
        self,
        runner: TaskRunner,
        opened: OpenDocument,
        ops: AnnotationOps | None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._runner = runner
        self._opened = opened
        self._ops = ops
        self.setWordWrap(True)
        self.setAccessibleName(self.tr("What changed"))
        self.setStyleSheet(
            "QLabel { background: #fff3c4; color: #3a2a00; padding: 6px;"
            " border: 1px solid #c9a227; }"
        )
        self.hide()

    def load(self) -> None:
        """Ask the vault lane what changed in the open document's version, if it has one."""
        ops, doc = self._ops, self._opened.document
        if ops is None or doc is None or doc.version <= 1:
            return

        def job() -> tuple[list[int], tuple[int, int] | None]:
            return ops.changed_pages(doc.id), ops.reanchor_summary(doc.id)

        def show(result: tuple[list[int], tuple[int, int] | None]) -> None:
            pages, summary = result
            self.pages_did_load.emit(set(pages))
            self.show_report(pages, summary)

        self._runner.vault.submit(
            job, self._opened.if_current(show), failure=OnFailure.LOG
        )  # no report: logged

    def show_report(self, pages: list[int], summary: tuple[int, int] | None) -> None:
        """After a new version: which pages changed, and "12 notes moved, 1 needs you"."""
        parts: list[str] = []
        if pages:
            shown = ", ".join(str(p + 1) for p in pages[:12])
            parts.append(self.tr("New version: page(s) %1 changed.").replace("%1", shown))
        if summary is not None and (summary[0] or summary[1]):
            moved, need = summary
            parts.append(
                self.tr("%n note(s) moved", "", moved) + ", " + self.tr("%n need(s) you", "", need)
            )
        self.setText(" ".join(parts))
        self.setVisible(bool(parts))
