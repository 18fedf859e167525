"""The timeline: the current results in time (``TimelinePanel`` hosts a ``TimelineView``)."""

from desktop.timeline.labels import LabelLayout, layout_labels
from desktop.timeline.painting import paint_timeline
from desktop.timeline.panel import TimelinePanel
from desktop.timeline.style import DEFAULT_ERAS, EraBand
from desktop.timeline.view import TimelineView

__all__ = ["DEFAULT_ERAS", "EraBand", "LabelLayout", "TimelinePanel", "TimelineView",
           "layout_labels", "paint_timeline"]
