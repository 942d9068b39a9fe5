"""Allow ``python -m annotator``."""

from annotator.launcher import main

raise SystemExit(main())
