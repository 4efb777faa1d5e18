"""`python3 -m territoire`: the same command line as the `territoire` script."""

import sys

from .cli import main

sys.exit(main())
