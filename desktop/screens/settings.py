"""Settings: language, auto-lock, sync now, storage used, private notes, sign out and wipe."""

from __future__ import annotations

from PySide6.QtCore import QLocale, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QLabel,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop.ops.notes import NotesOverview
from desktop.screens.notes import NotesSection, wipe_warning
from desktop.settings import Settings
from desktop.widgets.sheets import ConfirmSheet
from desktop.widgets.ui import button, heading, touch


def format_bytes(n: int) -> str:
    return QLocale().formattedDataSize(n)


class SettingsPage(QWidget):
    language_chosen = Signal(str)
    auto_lock_chosen = Signal(int)
    sync_requested = Signal()
    update_check_requested = Signal()
    guide_requested = Signal()
    lock_requested = Signal()
    #: "Sign out and wipe" was tapped: the reader shell reads where her private notes
    #: stand (vault lane) and calls ``confirm_wipe`` with it
    wipe_asked = Signal()
    wipe_confirmed = Signal()

    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.addWidget(heading(self.tr("Settings")))
        form = QFormLayout()
        self.language = QComboBox()
        self.language.setAccessibleName(self.tr("Language"))
        self.language.addItem(self.tr("System language"), "")
        self.language.addItem("English", "en")
        self.language.addItem("Dansk", "da")
        self.language.addItem("Svenska", "sv")
        self.language.setCurrentIndex(max(0, self.language.findData(settings.language)))
        self.language.currentIndexChanged.connect(
            lambda _i: self.language_chosen.emit(str(self.language.currentData()))
        )
        touch(self.language)
        form.addRow(self.tr("Language"), self.language)
        self.auto_lock = QSpinBox()
        self.auto_lock.setRange(1, 240)
        self.auto_lock.setValue(settings.auto_lock_minutes)
        self.auto_lock.setSuffix(" " + self.tr("min"))
        self.auto_lock.setAccessibleName(self.tr("Lock after minutes without use"))
        self.auto_lock.valueChanged.connect(self.auto_lock_chosen)
        touch(self.auto_lock)
        form.addRow(self.tr("Lock after"), self.auto_lock)
        self.managed: dict[str, QLabel] = {}
        for name, control in (("language", self.language), ("auto_lock_minutes", self.auto_lock)):
            if settings.is_locked(name):
                control.setEnabled(False)
                note = QLabel(self.tr("Managed by your organisation"))
                note.setAccessibleName(self.tr("Managed by your organisation"))
                control.setToolTip(note.text())
                form.addRow("", note)
                self.managed[name] = note
        # The reader should know why everything is locked down, and that IT must look.
        self.policy_notice: QLabel | None = None
        notice = {
            "last_good": self.tr(
                "Your organisation's policy could not be read. The last good policy "
                "applies; ask IT to check it."
            ),
            "strictest": self.tr(
                "Your organisation's policy could not be read. The strictest settings "
                "apply; ask IT to check it."
            ),
        }.get(settings.policy_state)
        if notice is not None:
            self.policy_notice = QLabel(notice)
            self.policy_notice.setWordWrap(True)
            self.policy_notice.setAccessibleName(notice)
            form.addRow("", self.policy_notice)
        self.storage = QLabel("…")
        self.storage.setAccessibleName(self.tr("Storage used"))
        form.addRow(self.tr("Storage used"), self.storage)
        self.server = QLabel("…")
        self.server.setAccessibleName(self.tr("Server"))
        self.server.setWordWrap(True)
        form.addRow(self.tr("Server"), self.server)
        layout.addLayout(form)
        self.sync_button = button(self.tr("Sync now"))
        self.sync_button.clicked.connect(self.sync_requested)
        self.lock_button = button(self.tr("Lock now"))
        self.lock_button.clicked.connect(self.lock_requested)
        self.update_button = button(self.tr("Check for updates"))
        self.update_button.clicked.connect(self.update_check_requested)
        self.guide_button = button(self.tr("Show the guide"))
        self.guide_button.clicked.connect(self.guide_requested)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setAccessibleName(self.tr("Message"))
        self.wipe_button = button(self.tr("Sign out and wipe this device…"))
        self.wipe_button.clicked.connect(self.wipe_asked)
        self.notes = NotesSection()
        self.wipe_sheet: ConfirmSheet | None = None
        for w in (
            self.sync_button,
            self.update_button,
            self.lock_button,
            self.guide_button,
            self.message,
            self.notes,
            self.wipe_button,
        ):
            layout.addWidget(w)
        layout.addStretch(1)

    def show_status(self, storage_bytes: int, server_url: str | None) -> None:
        self.storage.setText(format_bytes(storage_bytes))
        self.server.setText(server_url or self.tr("Not connected (demo or offline copy)"))

    def show_message(self, text: str) -> None:
        self.message.setText(text)

    def confirm_wipe(self, notes: NotesOverview | None) -> ConfirmSheet:
        """The wipe sheet; when this is the last tablet holding her private notes' key, it
        says what is lost for good before she confirms."""
        sheet = ConfirmSheet(
            self,
            self.tr("Wipe this device?"),
            self.tr(
                "This removes every meeting, document and note from this device. "
                "Changes not yet sent to the server are lost."
            ),
            self.tr("Wipe this device"),
            cancel=self.tr("Keep this device"),
            warning=wipe_warning(notes),
            destructive=True,
        )
        sheet.finished.connect(lambda accepted: self.wipe_confirmed.emit() if accepted else None)
        self.wipe_sheet = sheet
        sheet.open()
        return sheet
