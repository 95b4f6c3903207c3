"""The integration suite: the real server on loopback, against SQLite and a throwaway
PostgreSQL cluster.

The fixtures (``pg_cluster``, ``db_kind``, ``server``, ``sync_server``, ``devices``,
``api_factory``) are the shared ones of tests/helpers/fixtures.py; the harness behind
them is tests/helpers/server.py. A test module gets its own server (and database) per
database kind. This file only starts the real-world PDF corpus download early.
"""

from __future__ import annotations

import pdf_corpus
import pytest


def pytest_collection_finish(session: pytest.Session) -> None:
    """Start fetching the real-world PDF corpus now: it downloads while other tests run."""
    if any("test_publish_real_pdfs" in item.nodeid for item in session.items):
        pdf_corpus.start(pdf_corpus.cache_dir(session.config))


def pytest_sessionfinish(session: pytest.Session) -> None:
    pdf_corpus.stop()
