"""The attribute editor for one span: the schema's attributes for that label kind, nothing else."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLineEdit, QWidget

from annotate.schema import Attribute
from ui.i18n import display_name, display_value

UNSET = ""


class AttributeDialog(QDialog):
    """A combo box per closed attribute (with an empty choice), a line edit per free-text one.

    A combo shows each value by its name in the interface language and carries the key as its
    item data, which is all ``values`` returns: the span stores keys whatever language is on.
    """

    def __init__(
        self,
        attributes: Sequence[Attribute],
        values: dict[str, str],
        title: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self._fields: dict[str, QComboBox | QLineEdit] = {}
        form = QFormLayout(self)
        for a in attributes:
            current = values.get(a.key, "")
            field: QComboBox | QLineEdit
            if a.values:
                field = QComboBox(self)
                field.addItem("—", UNSET)
                for v in a.values:  # shown in the interface language, stored as the key
                    field.addItem(display_value(a, v), v)
                field.setCurrentIndex(max(0, field.findData(current)))
            else:
                field = QLineEdit(current, self)
            field.setToolTip(a.description)
            form.addRow(display_name(a), field)
            self._fields[a.key] = field
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def values(self) -> dict[str, str]:
        out = {}
        for key, field in self._fields.items():
            value = field.currentData() if isinstance(field, QComboBox) else field.text().strip()
            if value:
                out[key] = value
        return out
