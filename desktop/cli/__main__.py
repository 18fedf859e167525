"""``python -m desktop.cli``: the ``roadbook`` command."""

import sys

from desktop.cli.parser import main

sys.exit(main())
