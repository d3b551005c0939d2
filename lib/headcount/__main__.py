"""``python -m headcount ...``: see :mod:`headcount.cli`."""
from headcount.cli import main

raise SystemExit(main())
