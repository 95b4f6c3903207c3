"""What each reader command does, one module per family; sync.api delegates here.

sync.api stays the one door (desktop/ may not import this package: tests/unit/test_layers.py)
and imports each family only when one of its commands is first called, so that importing
the facade costs no engine, HTTP stack, PyMuPDF or cryptography. A command takes the
pieces it touches (the database, the blob store, the effective policy, the PdfWorker),
never the Api, so each reads as what it writes in its one transaction.

This package's ``__init__`` stays empty on purpose: importing one family must not
import the others.
"""
