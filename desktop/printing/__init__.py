"""Printed briefings: one renderer (``render_briefing``) for PDF files, printers and the preview,
and ``open_print_dialog`` for the window's Print, Print Preview and Export PDF actions.

Names are loaded on first use, so that ``roadbook --help`` and the plain-text commands do not
pay for Qt's printing modules.
"""

from importlib import import_module

_HOMES = {
    "PrintSession": "dialog", "open_print_dialog": "dialog",
    "PARTS": "options", "PrintOptions": "options", "parse_parts": "options",
    "check_writable": "renderer", "render_briefing": "renderer", "set_up_page": "renderer",
    "write_pdf": "renderer",
}

__all__ = sorted(_HOMES)


def __getattr__(name: str):
    if name in _HOMES:
        return getattr(import_module(f"desktop.printing.{_HOMES[name]}"), name)
    raise AttributeError(f"module 'desktop.printing' has no attribute {name!r}")
