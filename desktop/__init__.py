"""Folio's Qt (PySide6) user interface. Never opens the database, never touches a socket."""
