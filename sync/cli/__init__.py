"""The ``folio`` command: core.py parses and dispatches; the command families load lazily.

``main`` here is the console-script entry point (``folio = "sync.cli:main"``); it
imports core.py only when called, and core.py loads sync_commands.py and
admin_commands.py only for their own commands.
"""


def main(argv: list[str] | None = None) -> int:
    """Run ``folio``; the entry point stays ``sync.cli:main`` whatever module holds the parser."""
    from sync.cli.core import main as run  # noqa: PLC0415 (nothing loads before a command runs)

    return run(argv)
