"""``python -m sync`` and the frozen app's entry: the same as the ``folio`` command."""

import sys

from sync.cli import main

sys.exit(main())
