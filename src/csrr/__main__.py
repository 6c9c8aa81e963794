"""Entry point for ``python -m csrr``."""

from csrr.cli import main

raise SystemExit(main())
