"""Network facts of the machine a test runs on (test-only)."""

from __future__ import annotations

import socket

import pytest


def outside_address() -> str:
    """An address of this machine that is not loopback: where "a server elsewhere" listens.

    Skips the calling test on a machine that has none (nothing to listen on then).
    """
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        try:
            s.connect(("192.0.2.200", 9))  # no packet is sent: this only picks a route
        except OSError:
            pytest.skip("this machine has no non-loopback IPv4 address")
        address = str(s.getsockname()[0])
    if address.startswith("127."):
        pytest.skip("this machine has no non-loopback IPv4 address")
    return address
