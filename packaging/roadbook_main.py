"""The bundle's entry point: the ``roadbook`` command (with no command, the window)."""

import sys

from desktop.cli import main

if __name__ == "__main__":
    sys.exit(main())
