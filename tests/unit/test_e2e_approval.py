"""Approving a new device: commit, then reveal; a key-swapping relay gets different codes."""

from __future__ import annotations

from dataclasses import dataclass

from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

from sync.e2e import approval as a


def _pub() -> bytes:
    return X25519PrivateKey.generate().public_key().public_bytes_raw()


@dataclass
class Run:
    """What each device shows at the end, and whether the approver's check held."""

    new_code: str
    approver_code: str
    commitment_ok: bool


def honest_relay(new_pub: bytes, old_pub: bytes) -> Run:
    n_new = a.new_nonce()
    commit = a.commitment(new_pub, n_new)  # 1. sent before the new device sees old_pub
    n_old = a.new_nonce()  # 2. the approver answers
    ok = a.commitment_holds(commit, new_pub, n_new)  # 3. reveal, checked
    return Run(
        a.short_code(new_pub, old_pub, n_new, n_old),
        a.short_code(new_pub, old_pub, n_new, n_old),
        ok,
    )


def swapping_relay(new_pub: bytes, old_pub: bytes) -> Run:
    """The server puts its own key in both directions, playing each side to the other.

    It commits to its key before the approver's nonce exists (else the approver's
    check fails), and must give the new device some approver nonce before the new
    device reveals its own: it can choose nothing that makes the codes agree.
    """
    evil_for_approver, evil_for_new = _pub(), _pub()
    n_new = a.new_nonce()
    commit_new = a.commitment(new_pub, n_new)  # the new device's real commitment
    n_evil = a.new_nonce()
    commit_evil = a.commitment(evil_for_approver, n_evil)  # what the approver is shown
    assert commit_evil != commit_new
    n_old = a.new_nonce()  # the approver's answer, to the fake commitment
    n_old_fake = a.new_nonce()  # what the relay hands the new device instead
    # the new device reveals n_new; the relay reveals n_evil to the approver
    ok = a.commitment_holds(commit_evil, evil_for_approver, n_evil)
    return Run(
        new_code=a.short_code(new_pub, evil_for_new, n_new, n_old_fake),
        approver_code=a.short_code(evil_for_approver, old_pub, n_evil, n_old),
        commitment_ok=ok,
    )


def test_an_honest_relay_shows_the_same_code_on_both_devices() -> None:
    run = honest_relay(_pub(), _pub())
    assert run.commitment_ok
    assert run.new_code == run.approver_code
    assert len(run.new_code) == 6
    assert run.new_code.isdigit()
    assert a.grouped(run.new_code) == f"{run.new_code[:3]} {run.new_code[3:]}"


def test_a_key_swapping_relay_yields_different_codes() -> None:
    # each run agrees only by a 10^-6 chance: 200 runs all differ but once in 5,000 CI years
    for _ in range(200):
        run = swapping_relay(_pub(), _pub())
        assert run.commitment_ok  # the approver's check alone does not catch it ...
        assert run.new_code != run.approver_code  # ... the reader comparing codes does


def test_a_relay_that_swaps_the_key_but_keeps_the_real_commitment_is_caught_at_reveal() -> None:
    new_pub, evil = _pub(), _pub()
    n_new = a.new_nonce()
    commit = a.commitment(new_pub, n_new)
    # shown commit of the real device but the relay's key: the reveal does not match it
    assert not a.commitment_holds(commit, evil, n_new)
    assert not a.commitment_holds(commit, new_pub, a.new_nonce())
