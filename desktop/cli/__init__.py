"""The ``roadbook`` command line: ``parser`` builds the commands and runs one; each other module
is one group of commands over ``db.Library``; ``output`` and ``arguments`` are what they share."""

from desktop.cli.parser import build_parser, main

__all__ = ["build_parser", "main"]
