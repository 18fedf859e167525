"""Mouse, wheel, keyboard and pinch handling of ``TimelineView`` (a mixin it inherits).

Drag on the lanes pans; drag on the axis selects a range; click activates an item or zooms into
a count bar; Ctrl+wheel, pinch and +/− zoom around the mouse; F or a double-click on empty space
fits everything; ←/→ step through the items in time, Shift+←/→ pan. Lanes taller than a low
dock scroll with their scroll bar, a drag up or down, the wheel over their titles, ↑/↓ and
Page Up/Down.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtGui import QCursor

DRAG_THRESHOLD = 4.0
WHEEL_ZOOM_PER_NOTCH = 1.2
PAN_KEY_SHARE = 0.1  # Shift+arrow moves a tenth of the width
LANE_SCROLL_KEYS = (Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_PageUp, Qt.Key.Key_PageDown)


class TimelineInteraction:
    """Turns input events into the view's zoom, pan, select and activate calls."""

    def __init__(self):
        self._press: QPointF | None = None
        self._press_on_axis = False
        self._dragging = False

    # -- mouse --------------------------------------------------------------------------------

    def mousePressEvent(self, event) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            return
        pos = event.position()
        self._press, self._dragging = pos, False
        axis = self.frame().axis
        self._press_on_axis = pos.y() >= axis.top() and pos.x() >= axis.left()
        self.setFocus(Qt.FocusReason.MouseFocusReason)

    def mouseMoveEvent(self, event) -> None:
        pos = event.position()
        if self._press is None:
            self._update_cursor(pos)
            return
        frame = self.frame()
        moved = abs(pos.x() - self._press.x())
        if frame.overflow and not self._press_on_axis:  # lanes that scroll follow up and down
            moved = max(moved, abs(pos.y() - self._press.y()))
        if not self._dragging and moved < DRAG_THRESHOLD:
            return
        if self._press_on_axis:
            self._dragging = True
            self._select(frame.day(self._press.x()), frame.day(pos.x()))
            return
        if not self._dragging:
            self._dragging = True
            self.setCursor(Qt.CursorShape.ClosedHandCursor)
        self.pan(self._press.x() - pos.x())
        if frame.overflow:
            self.scroll_lanes(self._press.y() - pos.y())
        self._press = pos

    def mouseReleaseEvent(self, event) -> None:
        if event.button() != Qt.MouseButton.LeftButton or self._press is None:
            return
        pos, press, dragging = event.position(), self._press, self._dragging
        self._press, self._dragging = None, False
        self.unsetCursor()
        if self._press_on_axis and dragging:
            frame = self.frame()
            self._finish_selection(frame.day(press.x()), frame.day(pos.x()))
        elif not dragging:
            self._activate_at(pos)

    def mouseDoubleClickEvent(self, event) -> None:
        pos = event.position()
        frame = self.frame()
        if frame.item_at(pos) is None and frame.bin_at(pos) is None:
            self.fit_all()

    def leaveEvent(self, event) -> None:
        self.unsetCursor()

    def _update_cursor(self, pos: QPointF) -> None:
        frame = self.frame()
        if frame.item_at(pos) is not None or frame.bin_at(pos) is not None:
            self.setCursor(Qt.CursorShape.PointingHandCursor)
        elif pos.y() >= frame.axis.top() and pos.x() >= frame.axis.left():
            self.setCursor(Qt.CursorShape.IBeamCursor)
        else:
            self.unsetCursor()

    # -- wheel and pinch ----------------------------------------------------------------------

    def wheelEvent(self, event) -> None:
        delta = event.angleDelta()
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            notches = delta.y() / 120
            if notches:
                self.zoom(WHEEL_ZOOM_PER_NOTCH ** notches, event.position().x())
        elif self._over_lane_titles(event.position()) and delta.y():
            self.scroll_lanes(-delta.y() / 120 * self.frame().metrics.row_h)
        else:
            steps = (delta.x() or delta.y()) / 120
            self.pan(-steps * self.frame().plot.width() * PAN_KEY_SHARE)
        event.accept()

    def _over_lane_titles(self, pos: QPointF) -> bool:
        """Whether ``pos`` is on the lane titles of lanes that scroll."""
        frame = self.frame()
        return (frame.overflow and pos.x() < frame.plot.left()
                and frame.plot.top() <= pos.y() < frame.plot.bottom())

    def handle_gesture(self, event) -> bool:
        """Pinch on a trackpad (native zoom) or a touch screen; True when it was one."""
        if event.type() == QEvent.Type.NativeGesture:
            if event.gestureType() == Qt.NativeGestureType.ZoomNativeGesture:
                self.zoom(1 + event.value(), event.position().x())
                return True
            return False
        if event.type() == QEvent.Type.Gesture:
            pinch = event.gesture(Qt.GestureType.PinchGesture)
            if pinch is None:
                return False
            factor = pinch.scaleFactor()
            if factor > 0:
                self.zoom(factor, self.mapFromGlobal(pinch.centerPoint().toPoint()).x())
            event.accept()
            return True
        return False

    # -- keys ---------------------------------------------------------------------------------

    def keyPressEvent(self, event) -> None:
        key, shift = event.key(), event.modifiers() & Qt.KeyboardModifier.ShiftModifier
        under = self.mapFromGlobal(QCursor.pos())
        around = under.x() if self.rect().contains(under) else None
        if key in (Qt.Key.Key_Plus, Qt.Key.Key_Equal):
            self.zoom(1.25, around)
        elif key in (Qt.Key.Key_Minus, Qt.Key.Key_Underscore):
            self.zoom(1 / 1.25, around)
        elif key == Qt.Key.Key_F:
            self.fit_all()
        elif key in (Qt.Key.Key_Left, Qt.Key.Key_Right):
            direction = -1 if key == Qt.Key.Key_Left else 1
            if shift or not len(self.data):
                self.pan(direction * self.frame().plot.width() * PAN_KEY_SHARE)
            else:
                self._step(direction)
        elif key in LANE_SCROLL_KEYS and self.frame().overflow:
            frame = self.frame()
            step = frame.metrics.row_h if key in (Qt.Key.Key_Up, Qt.Key.Key_Down) else (
                frame.plot.height() - frame.metrics.row_h)
            self.scroll_lanes(step if key in (Qt.Key.Key_Down, Qt.Key.Key_PageDown) else -step)
        elif key == Qt.Key.Key_Escape and self._selection is not None:
            self._press, self._dragging, self._selection = None, False, None
            self.update()
        else:
            super().keyPressEvent(event)
