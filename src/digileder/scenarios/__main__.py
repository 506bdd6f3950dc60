"""python -m digileder.scenarios FIL ... checks scenario files."""

import sys

from digileder.scenarios.check import check_main

sys.exit(check_main(sys.argv[1:]))
