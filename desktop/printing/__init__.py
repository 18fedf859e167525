"""Printed briefings: one renderer (``render_briefing``) for PDF files, printers and the preview,
and ``open_print_dialog`` for the window's Print, Print Preview and Export PDF actions."""

from desktop.printing.dialog import PrintSession, open_print_dialog
from desktop.printing.options import PARTS, PrintOptions, parse_parts
from desktop.printing.renderer import check_writable, render_briefing, set_up_page, write_pdf

__all__ = ["PARTS", "PrintOptions", "PrintSession", "check_writable", "open_print_dialog",
           "parse_parts", "render_briefing", "set_up_page", "write_pdf"]
