"""Keep ``None`` alive under PySide6 6.12 on Python 3.11 (a binding's refcount bug).

PySide6 6.12.0 drops one reference to ``None`` each time Qt calls some Python
overrides of virtual methods (``QIconEngine.paint``, ``QProxyStyle.drawControl``,
``QStyledItemDelegate.paint`` calling the base class, ``resizeEvent`` …); measured
with ``sys.getrefcount(None)`` around a loop of paints. Python 3.12 made ``None``
immortal, so there the lost references are harmless; on 3.11 its count falls with
every repaint until the interpreter frees ``None`` and aborts ("Fatal Python error:
none_dealloc"): the full test run died that way, and a tablet left open for a day
would too. Raising its count once, far above anything a process can lose, is what
3.12 does. docs/decisions.md (decision 23).
"""

from __future__ import annotations

import ctypes
import sys

#: Far above what a process can lose (one per repaint), far below overflow.
_HEADROOM = 1 << 48


def keep_none_alive() -> None:
    """Idempotent; a no-op where ``None`` is immortal (Python 3.12 and later)."""
    if sys.version_info >= (3, 12):
        return
    refcount = ctypes.c_ssize_t.from_address(id(None))  # ob_refcnt: PyObject's first field
    if refcount.value < _HEADROOM:
        refcount.value += _HEADROOM
