"""The QUndoStack adapter: one QUndoCommand per domain Command, written to the project at once.

There is no Save: redo() (also run when the command is pushed) and undo()
each go through ``store.annotations.apply`` as one committed transaction.  If
the store refuses (the rows changed in another window or process, or the disk
failed), the command marks itself obsolete, so Qt drops it from the stack
instead of leaving an entry that would undo something that never happened,
and the ``failed`` callback tells the view to reload and say why.
"""

from __future__ import annotations

import inspect
import weakref
from collections.abc import Callable

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
from PySide6.QtGui import QUndoCommand, QUndoStack

from annotate.commands import Command, StatusRecord
from annotate.model import Relation, Span
from annotate.schema import Schema
from store.annotations import apply
from store.errors import ProjectError
from store.project import Project
from ui import messages
from ui.i18n import display_name

Notify = Callable[[Command], None]
Failed = Callable[[Command, str], None]


class StoreCommand(QUndoCommand):
    """Applies ``command`` on redo and ``command.inverse()`` on undo, both as ``actor``."""

    def __init__(
        self,
        project: Project,
        command: Command,
        actor: str,
        applied: Notify | None = None,
        failed: Failed | None = None,
    ) -> None:
        super().__init__(visible_text(project, command))
        self.project = project
        self.command = command
        self.actor = actor
        # Weak: the stack owns this command, and a strong reference back to the pane that
        # holds the stack makes a cycle that the garbage collector tears down in an order
        # that crashes QUndoStack::clear() at exit.
        self._applied = _weakly(applied)
        self._failed = _weakly(failed)
        self.ok = False

    def _run(self, command: Command) -> None:
        try:
            apply(self.project, command, self.actor)
        except ProjectError as exc:
            self.ok = False
            self.setObsolete(True)
            failed = self._failed() if self._failed is not None else None
            if failed is not None:
                failed(command, messages.explain(exc))
            return
        self.ok = True
        applied = self._applied() if self._applied is not None else None
        if applied is not None:
            applied(command)

    def redo(self) -> None:
        self._run(self.command)

    def undo(self) -> None:
        self._run(self.command.inverse())


def _tr(text: str) -> str:
    return QCoreApplication.translate("Undo", text)


def _label_name(schema: Schema | None, key: str) -> str:
    if schema is not None and schema.has_label(key):
        return display_name(schema.label(key))
    return key


def _role_name(schema: Schema | None, key: str) -> str:
    try:
        return display_name(schema.role(key)) if schema is not None else key
    except KeyError:
        return key


_STATUS = {
    "new": QT_TRANSLATE_NOOP("Undo", "new"),
    "in_progress": QT_TRANSLATE_NOOP("Undo", "in progress"),
    "done": QT_TRANSLATE_NOOP("Undo", "done"),
}


def visible_text(project: Project, command: Command) -> str:
    """What the Edit menu says for Undo/Redo, in the interface language and with the schema's names.

    ``command.name`` stays the change log's English key; this text is read from the command's rows,
    so it needs no second naming scheme in the domain.
    """
    try:
        schema: Schema | None = project.schema()
    except ProjectError:
        schema = None
    spans: list[Span] = []
    rels: list[Relation] = []
    marks: list[StatusRecord] = []
    span_kinds: set[str] = set()
    rel_kinds: set[str] = set()
    for op in command.ops:  # a first span also marks the document "in progress": the span names the action
        row = op.after if op.after is not None else op.before
        if isinstance(row, Span):
            spans.append(row)
            span_kinds.add(op.kind)
        elif isinstance(row, Relation):
            rels.append(row)
            rel_kinds.add(op.kind)
        elif isinstance(row, StatusRecord):
            marks.append(row)
    if spans and rels and span_kinds == {"insert"}:
        return _tr("add “{label}” and link it").format(label=_label_name(schema, spans[0].label))
    if spans and span_kinds == {"insert"}:
        if len(spans) > 1:
            return _tr("annotate {n} occurrences").format(n=len(spans))
        return _tr("add “{label}”").format(label=_label_name(schema, spans[0].label))
    if spans and span_kinds == {"delete"}:
        return _tr("delete “{label}”").format(label=_label_name(schema, spans[0].label))
    if len(spans) == 1 and span_kinds == {"update"}:
        return _tr("edit “{label}”").format(label=_label_name(schema, spans[0].label))
    if rels and not spans and rel_kinds in ({"insert"}, {"delete"}):
        text = _tr("link {role}") if rel_kinds == {"insert"} else _tr("unlink {role}")
        return text.format(role=_role_name(schema, rels[0].role))
    if marks and not spans and not rels:
        status = marks[-1].status
        return _tr("mark {status}").format(status=_tr(_STATUS.get(status, status)))
    return command.name


def _weakly(fn: Callable[..., None] | None) -> Callable[[], Callable[..., None] | None] | None:
    """A getter for ``fn``: weak for bound methods (None once their object is gone), strong otherwise."""
    if fn is None:
        return None
    if inspect.ismethod(fn):
        return weakref.WeakMethod(fn)
    return lambda: fn


def push(
    stack: QUndoStack,
    project: Project,
    command: Command,
    actor: str,
    applied: Notify | None = None,
    failed: Failed | None = None,
) -> bool:
    """Do ``command`` now and make it undoable; False (and nothing on the stack) if the store refused."""
    if not command.ops:
        return False
    cmd = StoreCommand(project, command, actor, applied, failed)
    stack.push(cmd)
    return cmd.ok
