"""`python -m digileder start`: the same as `digileder start`, for a Windows PATH without it."""

import sys

from digileder.cli import main

sys.exit(main())
