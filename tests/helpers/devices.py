"""Enrolled devices against a test server: real SQLCipher vaults, real crypto, a SyncEngine each."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sync import protocol as p
from sync.api import Api
from sync.client import FolioClient, HttpConfig, HttpTransport
from sync.device.enrollment import DeviceIdentity, save_enrollment
from sync.engine import EngineConfig, RoundResult, SyncEngine
from sync.vault import KdfParams
from tests.helpers.server import PASSWORD, Server

PIN = "482910"

#: Small numbers so faults show within a test's patience (the watchdog fires in ~0.5 s).
FAST_HTTP = HttpConfig(
    connect_timeout=2.0,
    read_timeout=10.0,  # a loaded CI machine: the faults tests set their own
    retries=1,
    backoff_factor=0.01,
    backoff_max=0.05,
    inline_retry_after_max=0.2,
    min_bytes_per_second=5000.0,
    watchdog_window=0.5,
    download_deadline=20.0,
)
FAST_ENGINE = EngineConfig(download_attempts=2, http=FAST_HTTP)


@dataclass
class Device:
    name: str
    data_dir: Path
    api: Api
    engine: SyncEngine
    device_id: str
    closed: bool = field(default=False)

    def sync(self) -> RoundResult:
        return self.engine.run_round()

    def close(self) -> None:
        if self.closed:
            return
        self.closed = True
        self.engine.close()
        if not self.engine.wiped:
            self.api.lock()


def enroll_device(
    server: Server,
    user: str,
    data_dir: Path,
    *,
    via: str | None = None,
    config: EngineConfig = FAST_ENGINE,
    **engine_kwargs: Any,
) -> Device:
    api = Api.create(data_dir, PIN, kdf=KdfParams.FAST_FOR_TESTS)
    client = FolioClient(HttpTransport(server.url, config.http))
    identity = DeviceIdentity.generate()
    answer = client.enroll(
        p.EnrollRequest(
            device_name=data_dir.name, username=user, password=PASSWORD, keys=identity.public()
        )
    )
    client.close()
    db = api.vault.open_database()
    save_enrollment(db, data_dir, server.url, answer, identity)
    db.close()
    engine = SyncEngine(
        api.vault,
        transport=HttpTransport(via or server.url, config.http),
        config=config,
        **engine_kwargs,
    )
    return Device(data_dir.name, data_dir, api, engine, answer.device_id)
