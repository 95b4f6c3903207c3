"""A plain http:// address to another machine is refused on the welcome screen, in the
reader's language, before anything is sent (issue 13)."""

from __future__ import annotations

import socket

import pytest
from pytestqt.qtbot import QtBot

from desktop.app import FolioApp
from desktop.errors import message_for
from sync.device.enrollment import is_enrolled
from sync.errors import ErrorKind, FolioError
from tests.helpers.network import outside_address

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

DANISH = (
    "Denne serveradresse begynder med http:// og er ikke sikker. "
    "Brug adressen, der begynder med https://."
)
SWEDISH = (
    "Den här serveradressen börjar med http:// och är inte säker. "
    "Använd adressen som börjar med https://."
)


def test_an_http_address_elsewhere_is_refused_in_the_readers_language(
    qtbot: QtBot, folio: FolioApp
) -> None:
    listener = socket.socket()
    listener.bind((outside_address(), 0))
    listener.listen(8)
    listener.setblocking(False)
    host, port = listener.getsockname()[:2]
    try:
        folio.translations.apply("da")
        w = folio.window
        qtbot.waitUntil(lambda: w.stack.currentWidget() is w.welcome, timeout=5000)
        qtbot.keyClicks(w.welcome.url, f"http://{host}:{port}")
        qtbot.keyClicks(w.welcome.user, "anna")
        qtbot.keyClicks(w.welcome.password, "member-password-1")
        w.welcome.connect_button.click()
        qtbot.waitUntil(lambda: w.welcome.message.text() != "", timeout=20000)
        assert w.welcome.message.text() == DANISH
        assert w.stack.currentWidget() is w.welcome
        assert not is_enrolled(w.data_dir)
        with pytest.raises(BlockingIOError):  # a connection made would sit in the backlog
            listener.accept()
        folio.translations.apply("sv")
        assert message_for(FolioError(ErrorKind.INSECURE_SERVER)) == SWEDISH
    finally:
        listener.close()
