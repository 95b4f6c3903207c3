"""Old import name of the sync engine's test harness, now tests/helpers (server.py,
devices.py, packs.py, and the fixtures in fixtures.py, which every suite gets).

``SyncServer`` is the one ``Server`` (start/stop on the same port, admin shortcuts).
Kept so ``from conftest_sync import ...`` keeps working; nothing is defined here.
"""

from tests.helpers.devices import FAST_ENGINE, FAST_HTTP, PIN, Device, enroll_device
from tests.helpers.fixtures import DeviceFactory, devices, sync_server
from tests.helpers.packs import pdf_bytes, write_meeting
from tests.helpers.server import ADMIN_PASSWORD, PASSWORD, Server

SyncServer = Server

__all__ = [
    "ADMIN_PASSWORD",
    "FAST_ENGINE",
    "FAST_HTTP",
    "PASSWORD",
    "PIN",
    "Device",
    "DeviceFactory",
    "SyncServer",
    "devices",
    "enroll_device",
    "pdf_bytes",
    "sync_server",
    "write_meeting",
]
