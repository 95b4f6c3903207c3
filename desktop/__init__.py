"""Folio's Qt (PySide6) user interface. Never opens the database, never touches a socket."""

from desktop.none_refcount import keep_none_alive
from desktop.startup import begin_gc_pause

keep_none_alive()  # before any Qt override can run (desktop/none_refcount.py)
begin_gc_pause()  # until the first screen shows (desktop/startup.py)
