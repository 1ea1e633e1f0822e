"""python -m dpup check: see dpup/check.py."""

import sys

from .check import main

sys.exit(main(sys.argv[1:]))
