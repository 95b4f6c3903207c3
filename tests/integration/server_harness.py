"""Old import name of the one server harness, tests/helpers/server.py (and packs.py).

Kept so the many ``from server_harness import ...`` lines keep working; new tests
import ``tests.helpers.server`` / ``tests.helpers.packs`` directly. Nothing is defined here.
"""

from tests.helpers.packs import pdf_bytes, write_meeting
from tests.helpers.server import (
    ADMIN_PASSWORD,
    BIN,
    PASSWORD,
    Api,
    CliResult,
    PgCluster,
    Server,
    start_server,
)
from tests.helpers.server import free_port as _free_port
from tests.helpers.server import pg_bin as _pg_bin

_start = start_server
_BIN = BIN

__all__ = [
    "ADMIN_PASSWORD",
    "PASSWORD",
    "Api",
    "CliResult",
    "PgCluster",
    "Server",
    "_free_port",
    "_pg_bin",
    "_start",
    "pdf_bytes",
    "start_server",
    "write_meeting",
]
