"""Give a device enrolled before device identities its keys, once, on its next sync.

The keys are made and stored in the vault first, then registered with the server
(POST /v1/device/keys), then marked registered, each step durable: a crash or a
lost answer in between only repeats the registration, which the server accepts
again for the same keys. A device enrolled with its keys skips all of this.
"""

from __future__ import annotations

from sync.device.enrollment import (
    DeviceIdentity,
    identity_registered,
    load_identity,
    mark_identity_registered,
    save_identity,
)
from sync.engine import events
from sync.engine.context import Context


def ensure_registered(ctx: Context) -> DeviceIdentity:
    """The device's identity, made and registered with the server if it was not yet."""
    db = ctx.db
    with ctx.db_lock:
        identity = load_identity(db)
        if identity is None:
            identity = DeviceIdentity.generate()
            with db.transaction() as cur:
                save_identity(db, cur, identity, registered=False)
        registered = identity_registered(db)
    if not registered:
        ctx.client.register_keys(identity.public())
        with ctx.db_lock:
            mark_identity_registered(db)
        events.emit(events.IDENTITY_REGISTERED)
    return identity
