"""Roadbook's desktop layer: the window, its panes and the ``roadbook`` command line."""

__version__ = "0.1.0"
