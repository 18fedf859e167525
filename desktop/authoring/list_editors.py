"""The entry editor's lists: other names (with language and script) and links (a role and an
entry picked by name). Each item keeps its value as data; nothing is written until Save."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from db import Library
from db.entry_fields import aliases_value
from desktop.authoring.entry_picker import EntryPicker
from desktop.common.formatting import one_line

VALUE_ROLE = Qt.ItemDataRole.UserRole
ROLES = ("party", "financier", "sponsor", "participant", "located in", "part of", "about",
         "based in", "signed by", "host", "visitor", "subject", "issued by", "member of")


class _ListEditor(QWidget):
    """A list with Remove, and a row of widgets to add an item."""

    changed = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self.items = QListWidget(self)
        self.items.setMaximumHeight(90)
        self.add_button = QPushButton("Add", self)
        self.remove_button = QPushButton("Remove", self)
        self.adder = QHBoxLayout()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.items)
        layout.addLayout(self.adder)
        self.remove_button.clicked.connect(self.remove_selected)

    def _finish_adder(self) -> None:
        self.adder.addWidget(self.add_button)
        self.adder.addWidget(self.remove_button)

    def values(self) -> list:
        return [self.items.item(i).data(VALUE_ROLE) for i in range(self.items.count())]

    def add_value(self, value, label: str) -> None:
        if value in self.values():
            return
        item = QListWidgetItem(one_line(label, 200))
        item.setData(VALUE_ROLE, value)
        self.items.addItem(item)
        self.changed.emit()

    def remove_selected(self) -> None:
        for item in self.items.selectedItems() or [self.items.currentItem()]:
            if item is not None:
                self.items.takeItem(self.items.row(item))
        self.changed.emit()


class AliasEditor(_ListEditor):
    """Other names: ``Путин@ru`` gives the language; the script is read from the letters."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.name = QLineEdit(self)
        self.name.setPlaceholderText("Another name; add @ru, @zh… for its language")
        self.adder.addWidget(self.name, 1)
        self._finish_adder()
        self.add_button.clicked.connect(self.add_typed)

    def set_aliases(self, aliases: list[dict]) -> None:
        for alias in aliases:
            self.add_value(dict(alias), _alias_label(alias))

    def add_typed(self) -> None:
        for alias in aliases_value([self.name.text()]):
            self.add_value(alias, _alias_label(alias))
        self.name.clear()


def _alias_label(alias: dict) -> str:
    extra = ", ".join(x for x in (alias.get("lang"), alias.get("script")) if x)
    return f"{alias['name']}  ({extra})" if extra else alias["name"]


class LinkEditor(_ListEditor):
    """Links to other entries: a role, and the entry found by name as you type."""

    def __init__(self, *, library: Library, parent=None):
        super().__init__(parent)
        self._library = library
        self.role = QComboBox(self)
        self.role.setEditable(True)
        self.role.addItems(ROLES)
        self.picker = EntryPicker(library=library, parent=self)
        self.adder.addWidget(self.role)
        self.adder.addWidget(self.picker, 1)
        self._finish_adder()
        self.add_button.clicked.connect(self.add_picked)
        self.picker.entry_chosen.connect(lambda _id: self.add_picked())

    def set_links(self, links: list[dict]) -> None:
        """``links``: the entry's outgoing links (``Library.get``'s, with titles)."""
        for link in links:
            self.add_value({"to": link["id"], "role": link["role"]},
                           f"{link['role']} → {link['title']}")

    def add_picked(self) -> bool:
        entry_id, role = self.picker.chosen_id, self.role.currentText().strip().lower()
        if not entry_id or not role:
            return False
        title = self._library.titles([entry_id]).get(entry_id, {}).get("title", entry_id)
        self.add_value({"to": entry_id, "role": role}, f"{role} → {title}")
        self.picker.clear()
        self.picker.chosen_id = None
        return True
