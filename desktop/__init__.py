"""Folio's Qt (PySide6) user interface. Never opens the database, never touches a socket."""

from desktop.none_refcount import keep_none_alive

keep_none_alive()  # before any Qt override can run (desktop/none_refcount.py)
