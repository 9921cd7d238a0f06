"""`python -m archive_app` runs the same command line as `archive-app`."""

import sys

from archive_app.cli import main

sys.exit(main())
