"""The garbage collector's pause while the app starts.

Start-up creates tens of thousands of objects that live as long as the process:
modules, classes, and the Python enums PySide6 makes for each Qt class the first
time it is used. With the default gen-0 threshold (700 allocations) the collector
ran about 230 times before the lock screen showed and freed some 650 objects in all;
that was about 0.1 s of CPU on the 2-core development machine, a sixth of the start.
The package's import raises the threshold (desktop/__init__.py) and the first
screen puts it back (MainWindow), so the running app collects as Python always does.
"""

from __future__ import annotations

import gc

#: Allocations between gen-0 collections while starting: high enough that start-up
#: (imports, the first screens) collects a handful of times, not hundreds.
START_THRESHOLD = 50_000


class _Pause:
    """One pause per process: a second window or a test's second app does not start another."""

    def __init__(self) -> None:
        self.began = False
        self.saved: tuple[int, int, int] | None = None

    def begin(self) -> None:
        if self.began:
            return
        self.began = True
        self.saved = gc.get_threshold()
        gc.set_threshold(START_THRESHOLD, self.saved[1], self.saved[2])

    def finish(self) -> None:
        if self.saved is not None:
            gc.set_threshold(*self.saved)
            self.saved = None


_pause = _Pause()
begin_gc_pause = _pause.begin
finish_gc_pause = _pause.finish
