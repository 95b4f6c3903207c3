"""The Alembic migrations build exactly the schema the models describe, on both databases."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from server_harness import PgCluster
from sqlalchemy import inspect

from server.db import make_engine, migrate
from server.models import Base


@pytest.mark.parametrize("kind", ["sqlite", "postgres"])
def test_migrations_match_the_models(
    kind: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    if kind == "postgres":
        cluster: PgCluster = request.getfixturevalue("pg_cluster")
        url = cluster.create_database()
    else:
        url = f"sqlite:///{tmp_path / 'm.db'}"
    migrate(url)
    migrate(url)  # idempotent: a second upgrade is a no-op
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
        assert diff == []
        assert "alembic_version" in inspect(engine).get_table_names()
    finally:
        engine.dispose()
