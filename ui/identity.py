"""Who is annotating: asked the first time a project is opened, remembered per project, changeable.

Every span and status is written under this name, so it is never guessed
silently: the first time the user confirms it (the login name is offered).
"""

from __future__ import annotations

import getpass
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QInputDialog, QWidget

from annotate.model import GOLD
from store.project import Project
from ui.settings import AppSettings

AskName = Callable[[QWidget | None, list[str], str], str | None]


def _tr(text: str) -> str:
    return QCoreApplication.translate("Identity", text)


def default_name() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return ""


def ask_name_dialog(parent: QWidget | None, known: list[str], current: str) -> str | None:
    """An editable list of the project's annotators; None when the user cancels."""
    items = list(known)
    if current and current not in items:
        items.insert(0, current)
    index = items.index(current) if current in items else 0
    name, ok = QInputDialog.getItem(
        parent,
        _tr("Annotator"),
        _tr("Your name as annotator in this project (it is stored with everything you mark):"),
        items or [""],
        index,
        True,
    )
    name = name.strip()
    return name if ok and name else None


def choose_annotator(
    project: Project,
    settings: AppSettings,
    parent: QWidget | None = None,
    ask: AskName = ask_name_dialog,
    *,
    force_ask: bool = False,
) -> str | None:
    """The annotator for ``project``: the remembered one, else asked; None if the user declined.

    The gold layer is not a person: choosing it is refused by asking again.
    """
    remembered = settings.annotator_for(project.path)
    if remembered and not force_ask:
        if not project.readonly:
            project.ensure_annotator(remembered)
        return remembered
    known = [a.name for a in project.annotators() if a.name != GOLD]
    current = remembered or (known[0] if len(known) == 1 else default_name())
    while True:
        name = ask(parent, known, current)
        if name is None:
            return None
        if name != GOLD:
            break
        current = ""
    if not project.readonly:
        project.ensure_annotator(name)
    settings.set_annotator_for(project.path, name)
    return name
