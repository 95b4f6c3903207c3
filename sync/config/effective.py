"""The effective policy, loaded once and injected; the three meanings of "policy" named apart.

"Policy" used to mean three things in this code. They are:

- **machine policy**: what IT set on this machine (``/etc/folio/policy.toml``,
  ``%ProgramData%\\Folio\\policy.toml``, the Windows policy registry key, the
  MSI's key), read by ``sync.config.policy.machine_policy`` as a ``PolicyLayer``;
- **server policy**: what the organisation's server sends at enrollment, at each
  check-in and as ``policy.put`` in the feed (``ServerPolicy`` =
  ``sync.protocol.Policy``: retention, offline grace, minimum app version), kept
  in the vault (``sync.device.enrollment.policy``);
- **effective policy**: every key's value once defaults < server policy < machine
  policy < the reader's settings < environment < locked keys are merged
  (``sync.config.policy.Config``). This is what the app enforces.

``EffectivePolicy`` holds the effective policy. The composition root builds it
once (the desktop's app, the CLI command; an ``Api`` opened without one builds its
own, once) and hands it to the ``Api``, which hands it to the sync engine. It is
read again from disk only on an explicit event: ``synced`` (a sync round checked
in: the server's policy as stored and IT's machine policy, once a round),
``server_policy_changed`` (enrollment stored the server's first policy) and
``reload`` (unlock; the reader's settings or the machine policy changed). Reading
``current`` never touches the disk.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Mapping
from pathlib import Path

from sync import protocol as p
from sync.config import policy

log = logging.getLogger(__name__)

#: What the organisation's server decides (retention, offline grace, minimum version).
ServerPolicy = p.Policy


class EffectivePolicy:
    """The merged policy for one data dir; ``current`` is read from any thread.

    A reload builds a new immutable ``Config`` and swaps the reference, so a reader
    on another lane (the engine on the network lane, the Api on the vault lane)
    sees either the old or the new policy, never a mix.
    """

    def __init__(
        self,
        data_dir: Path | None,
        *,
        environ: Mapping[str, str] | None = None,
        server_policy: ServerPolicy | None = None,
    ) -> None:
        self.data_dir = data_dir
        self._environ = environ
        self._server_policy = server_policy or ServerPolicy()
        self._lock = threading.Lock()
        self._current = self._load()

    @property
    def current(self) -> policy.Config:
        """The effective policy as last loaded (no disk access)."""
        return self._current

    @property
    def server_policy(self) -> ServerPolicy:
        return self._server_policy

    def _load(self) -> policy.Config:
        server = policy.server_values(self._server_policy.to_json())
        return policy.load(self.data_dir, environ=self._environ, server=server)

    def reload(self) -> policy.Config:
        """Read machine policy and the reader's settings again (an explicit event only)."""
        with self._lock:
            self._current = self._load()
            log.info("policy.reloaded")
            return self._current

    def synced(self, server_policy: ServerPolicy) -> policy.Config:
        """A policy sync (a sync round's check-in): the server's policy as the vault now
        holds it and IT's machine policy, read again in one load."""
        with self._lock:
            self._server_policy = server_policy
            self._current = self._load()
            return self._current

    def server_policy_changed(self, server_policy: ServerPolicy) -> policy.Config:
        """The server's policy as the vault now holds it; merged again only when it differs."""
        with self._lock:
            if server_policy == self._server_policy:
                return self._current
            self._server_policy = server_policy
            self._current = self._load()
            log.info("policy.server_changed")
            return self._current
