"""Budgets and fixtures of the model test.

``FOLIO_MODEL_PROFILE`` picks the Hypothesis profile: ``ci`` (default, the bounded
budget CI runs on both databases) or ``long`` (``./dev test --model-long``: at least
2,000 examples or 30 minutes, whichever ends first).

The throwaway PostgreSQL cluster and the server harness are the shared ones
(tests/helpers/fixtures.py, tests/helpers/server.py).
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, Phase, Verbosity, settings

# FOLIO_MODEL_VERBOSE=1 prints every step as it runs (to watch a budget being spent).
_VERBOSITY = Verbosity.verbose if os.environ.get("FOLIO_MODEL_VERBOSE") == "1" else Verbosity.normal
# FOLIO_MODEL_SHRINK=0 reports the first failing example unshrunk (to debug quickly).
_PHASES = tuple(
    p for p in Phase if p is not Phase.shrink or os.environ.get("FOLIO_MODEL_SHRINK") != "0"
)
_COMMON = settings(
    deadline=None,
    suppress_health_check=list(HealthCheck),
    print_blob=True,
    verbosity=_VERBOSITY,
    phases=_PHASES,
)
#: CI: one server and one device host per database, a fresh committee, users and
#: devices per example, after the tour (every kind once). Sized to keep SQLite and
#: PostgreSQL together within 4 minutes on a 2-core machine (measured: see
#: docs/spec/visibility.md, "How the model test checks it").
settings.register_profile("ci", _COMMON, max_examples=2, stateful_step_count=12)
#: ``./dev test --model-long``: 2,000 examples, or 30 minutes (FOLIO_MODEL_MINUTES).
settings.register_profile("long", _COMMON, max_examples=2000, stateful_step_count=40)

PROFILE = os.environ.get("FOLIO_MODEL_PROFILE", "ci")
MINUTES = float(os.environ.get("FOLIO_MODEL_MINUTES", "30"))
