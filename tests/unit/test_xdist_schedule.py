"""The suite's units of work under ``./dev test`` (tests/helpers/schedule.py): a file, split
by database kind only where a test names one, so each half still shares its module server."""

from __future__ import annotations

from tests.helpers.schedule import unit_of


def test_a_module_server_file_splits_by_database_kind_and_keeps_the_rest_whole() -> None:
    publish = "tests/integration/test_server_publish.py"
    assert unit_of(f"{publish}::test_bad_pdf[postgres-empty.pdf]") == f"{publish}[postgres]"
    assert unit_of(f"{publish}::test_bad_pdf[sqlite-empty.pdf]") == f"{publish}[sqlite]"
    assert unit_of(f"{publish}::test_publish_twice[sqlite]") == f"{publish}[sqlite]"
    model = "tests/model/test_whole_system.py"
    assert unit_of(f"{model}::test_whole_system_postgres") == f"{model}[postgres]"
    # "postgres" inside a name is not a database kind; neither is a language parameter
    ops = "tests/integration/test_server_operations.py"
    assert unit_of(f"{ops}::test_db_copy_moves_a_live_server_to_postgres_and_on") == ops
    assert unit_of("tests/gui/test_discuss.py::test_tools[da]") == "tests/gui/test_discuss.py"
