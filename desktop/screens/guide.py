"""The first-run guide: four short cards (reading, annotating, deciding, offline).

Shown once, after the first unlock on a new install, and again from Settings
("Show the guide"). Why a sheet of cards rather than arrows pointing at
controls: it reads the same at every size and orientation and in every language,
the reader goes at her own pace (Next, Back, the arrow keys), and "Skip the
guide" or Esc ends it at any card. Each card is an icon from the app's own set,
a title and a few sentences that name the buttons as the screens do, so the
reader recognises them afterwards.

That it was seen is the reader's setting ``guide_seen`` (desktop/settings.py),
not vault content: it says nothing about her meetings.
"""

from __future__ import annotations

from typing import NamedTuple

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QLabel, QStackedWidget, QVBoxLayout, QWidget

from desktop.style.fonts import set_role
from desktop.style.icons import Icon, icons_for
from desktop.style.tokens import Space, TextRole, touch_px
from desktop.widgets.sheets import Sheet, sheet_button


class GuideStep(NamedTuple):
    icon: Icon
    title: str
    text: str


def guide_steps() -> list[GuideStep]:
    """The cards, in the reader's language (translated when the guide opens)."""
    return [
        GuideStep(
            Icon.READ,
            QCoreApplication.translate("Guide", "The document gets the whole screen"),
            QCoreApplication.translate(
                "Guide",
                "Open a meeting and tap a document: it fills the screen. Swipe or tap the "
                "edge of the page to turn pages. Agenda shows the meeting's items, and "
                "Meeting takes you back.",
            ),
        ),
        GuideStep(
            Icon.ANNOTATE,
            QCoreApplication.translate("Guide", "Write on the pages"),
            QCoreApplication.translate(
                "Guide",
                "Tap Annotate to highlight, draw with the pen or add a note. Your notes are "
                "private: only you can read them, unless you choose to share a mark with "
                "the committee.",
            ),
        ),
        GuideStep(
            Icon.DECISIONS,
            QCoreApplication.translate("Guide", "Decide cases"),
            QCoreApplication.translate(
                "Guide",
                "Decisions lists the cases waiting for you, with their deadlines. When you "
                "approve or reject, Folio names your choice and asks you to confirm before "
                "anything is sent.",
            ),
        ),
        GuideStep(
            Icon.OFFLINE,
            QCoreApplication.translate("Guide", "Works without a network"),
            QCoreApplication.translate(
                "Guide",
                "Your meetings are kept encrypted on this tablet and open without a network. "
                "What you write or decide waits here and is sent at the next sync. The line "
                "at the bottom of the screen says how many changes wait: tap it to see them.",
            ),
        ),
    ]


def _centred(label: QLabel) -> QLabel:
    label.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
    label.setWordWrap(True)
    label.setAccessibleName(label.text())
    return label


class GuideSheet(Sheet):
    """The guide's cards on one sheet; ``finished(True)`` when read to the end, False if skipped."""

    def __init__(self, host: QWidget) -> None:
        super().__init__(host, QCoreApplication.translate("Guide", "Welcome to Folio"))
        self.steps = guide_steps()
        self.title.hide()  # each card has its own title; the sheet's name stays for screen readers
        self.pages = QStackedWidget()
        # every card in the stack: the card keeps the height of the longest, so the buttons
        # stay where the finger is from one card to the next
        for step in self.steps:
            self.pages.addWidget(self._card(step))
        self.body.addWidget(self.pages)
        self.position = _centred(set_role(QLabel(), TextRole.CAPTION))
        self.position.setProperty("text-role", "muted")
        self.body.addWidget(self.position)
        again = QCoreApplication.translate("Guide", "You can open this guide again in Settings.")
        self.again = _centred(set_role(QLabel(again), TextRole.CAPTION))
        self.again.setProperty("text-role", "muted")
        self.body.addWidget(self.again)
        self.next_button = sheet_button(QCoreApplication.translate("Guide", "Next"), role="primary")
        self.back_button = sheet_button(QCoreApplication.translate("Guide", "Back"))
        self.skip_button = sheet_button(QCoreApplication.translate("Guide", "Skip the guide"))
        self.set_choices(self.next_button, self.back_button, self.skip_button)
        self.next_button.clicked.connect(self.next_step)
        self.back_button.clicked.connect(self.previous_step)
        self.skip_button.clicked.connect(self.reject)
        self.show_step(0)

    def _card(self, step: GuideStep) -> QWidget:
        card = QWidget()
        layout = QVBoxLayout(card)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(self._metrics.space(Space.M))
        icon = QLabel()
        icon.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        icon.setPixmap(icons_for(self).get(step.icon, "accent").pixmap(touch_px() * 2))
        icon.setAccessibleName(step.title)
        layout.addWidget(icon)
        layout.addWidget(_centred(set_role(QLabel(step.title), TextRole.HEADLINE)))
        layout.addWidget(_centred(set_role(QLabel(step.text), TextRole.BODY)))
        layout.addStretch(1)
        return card

    @property
    def step(self) -> int:
        return self.pages.currentIndex()

    def show_step(self, index: int) -> None:
        index = max(0, min(index, len(self.steps) - 1))
        self.pages.setCurrentIndex(index)
        last = index == len(self.steps) - 1
        self.setAccessibleName(self.steps[index].title)
        self.position.setText(
            QCoreApplication.translate("Guide", "{step} of {count}").format(
                step=index + 1, count=len(self.steps)
            )
        )
        self.position.setAccessibleName(self.position.text())
        done = QCoreApplication.translate("Guide", "Start reading")
        label = done if last else QCoreApplication.translate("Guide", "Next")
        self.next_button.setText(label)
        self.next_button.setAccessibleName(label)
        self.back_button.setVisible(index > 0)
        self.skip_button.setVisible(not last)
        if self.isVisible():
            self._fit()  # the buttons shown changed: side by side or stacked again

    def next_step(self) -> None:
        if self.step == len(self.steps) - 1:
            self.accept()
            return
        self.show_step(self.step + 1)

    def previous_step(self) -> None:
        self.show_step(self.step - 1)

    def first_focus(self) -> QWidget:
        return self.next_button

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 -- Qt override
        if event.key() == Qt.Key.Key_Right:
            self.show_step(self.step + 1)  # never past the last card: the button ends the guide
            return
        if event.key() == Qt.Key.Key_Left:
            self.previous_step()
            return
        super().keyPressEvent(event)
