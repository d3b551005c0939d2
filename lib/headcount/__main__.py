"""``python -m headcount ...``: see :mod:`headcount.cli`."""
from .cli import main

raise SystemExit(main())
