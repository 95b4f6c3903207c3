"""The offline core of Folio: vault, sync engine, HTTP client and the facade the UI calls.

Nothing in this package imports Qt (tests/unit/test_layers.py enforces it).
"""
