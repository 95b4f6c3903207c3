"""The ``folio-server`` command (placeholder until the server lands)."""

from __future__ import annotations


def main(argv: list[str] | None = None) -> int:
    return 0
