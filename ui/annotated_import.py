"""File → Import annotated files…: which files, which format, whose layer; then what the import did.

The dialog only gathers the choices the ``import`` command takes as flags
(``--format``, ``--annotator NAME`` or ``--annotator-from-file``,
``--add-labels``, ``--fragments join``, ``--offsets``); the window runs the import in a
worker (``ui.workers.AnnotatedImportWorker`` → ``store.mixed_import``) and
shows ``ImportSummary``, which says everything the command line prints:
documents, spans and relations per file and per layer, refused files with
their line, labels the schema lacks, and what the readers converted.  Nothing
an import did or refused is left unsaid.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPushButton,
    QWidget,
)

from annotate.formats.layers import NAMING_FORMATS
from ui.dialogs import ChoiceDialog, ReportDialog, ltr, refill

if TYPE_CHECKING:
    from annotate.formats.offsetfix import OffsetUnit
    from store.mixed_import import FilesImport

FORMATS = ("auto", "brat", "doccano", "labelstudio", "prodigy", "conll", "jsonl")
OFFSETS = (
    "auto",
    "codepoints",
    "utf16",
    "graphemes",
)  # offsetfix.OFFSET_UNITS after auto (a test keeps them so)
BROWSER = ("auto", "doccano", "labelstudio")  # the formats whose offsets a tool in a browser may have counted
MINE, OTHER, NAMED = "mine", "other", "named"


@dataclass(frozen=True, slots=True)
class AnnotatedImportChoice:
    """What the user chose: the arguments of ``AnnotatedImportWorker`` (annotator None: the layers the files name)."""

    paths: tuple[str, ...]
    fmt: str
    annotator: str | None
    add_labels: bool
    join_fragments: bool
    offsets: OffsetUnit | None = None  # None: found per document (auto)


class AnnotatedImportDialog(ChoiceDialog):
    """Files, format and destination layer; Import (the default button) accepts, Esc cancels.

    Every control is a tab stop (the destination is a combo box, not radio
    buttons, which Tab would enter only at the checked one).  Import stays
    disabled while the choice cannot run: no file, no name for another
    annotator's layer, or the file's annotators asked of a format that names none.
    """

    def __init__(
        self,
        annotator: str,
        known: Sequence[str],
        paths: Sequence[str] = (),
        note: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.annotator = annotator
        self.note = QLabel(note, self)
        self.note.setWordWrap(True)
        self.note.setTextFormat(Qt.TextFormat.PlainText)
        self.note.setVisible(bool(note))
        self.files = QListWidget(self)
        self.files.setMinimumHeight(90)
        # Paths read left to right, in Arabic too: right to left, "/a/b.json" showed as "json./a/b".
        self.files.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
        self.add_files = QPushButton(self)
        self.add_folder = QPushButton(self)
        self.remove = QPushButton(self)
        self.format = QComboBox(self)
        self.offsets = QComboBox(self)
        self.target = QComboBox(self)
        self.other = QComboBox(self)
        self.other.setEditable(True)
        self.other.addItems([n for n in known if n != annotator])
        self.other.setCurrentText("")
        self.add_labels = QCheckBox(self)
        self.join = QCheckBox(self)

        row = QHBoxLayout()
        for b in (self.add_files, self.add_folder, self.remove):
            row.addWidget(b)
        row.addStretch(1)
        self.form = QFormLayout()
        self.labels = {key: QLabel(self) for key in ("files", "format", "offsets", "target", "other")}
        fields = {
            "files": self.files,
            "format": self.format,
            "offsets": self.offsets,
            "target": self.target,
            "other": self.other,
        }
        for key, field in fields.items():
            self.labels[key].setBuddy(field)
            self.form.addRow(self.labels[key], field)
            if key == "files":
                self.form.addRow("", row)
        self.form.addRow("", self.add_labels)
        self.form.addRow("", self.join)
        self.lay_out(self.note, self.form)
        # Tab goes top to bottom: the list, its buttons, then format, destination, name, the options.
        self.tab_order(
            [
                self.files,
                self.add_files,
                self.add_folder,
                self.remove,
                self.format,
                self.offsets,
                self.target,
                self.other,
                self.add_labels,
                self.join,
            ]
        )

        self.add_files.clicked.connect(self.pick_files)
        self.add_folder.clicked.connect(self.pick_folder)
        self.remove.clicked.connect(self.remove_selected)
        delete = QShortcut(QKeySequence(QKeySequence.StandardKey.Delete), self.files)
        delete.setContext(Qt.ShortcutContext.WidgetShortcut)
        delete.activated.connect(self.remove_selected)
        self.format.currentIndexChanged.connect(lambda _i: self._update())
        self.target.currentIndexChanged.connect(lambda _i: self._update())
        self.other.currentTextChanged.connect(lambda _t: self._update())
        self.retranslate()
        self.add_paths(paths)
        hint = self.sizeHint()  # tall enough for the wrapped note at the hint's width; wider is only roomier
        self.resize(max(620, hint.width()), hint.height())

    # -- texts ------------------------------------------------------------------------------------
    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Import annotated files"))
        self.labels["files"].setText(self.tr("&Files:"))
        self.labels["format"].setText(self.tr("F&ormat:"))
        self.labels["offsets"].setText(self.tr("Offsets &count:"))
        self.labels["target"].setText(self.tr("Annotations &go to:"))
        self.labels["other"].setText(self.tr("Annotator's &name:"))
        self.add_files.setText(self.tr("Add &files…"))
        self.add_folder.setText(self.tr("Add a fol&der…"))
        self.remove.setText(self.tr("&Remove"))
        self.add_labels.setText(self.tr("Add &labels the schema lacks"))
        self.join.setText(self.tr("&Join discontinuous brat spans into one"))
        self.ok.setText(self.tr("&Import"))
        names = {
            "auto": self.tr("Detect from each file"),
            "brat": self.tr("brat standoff (.ann beside .txt)"),
            "doccano": self.tr("doccano export (JSON, JSONL)"),
            "labelstudio": self.tr("Label Studio export (JSON)"),
            "prodigy": self.tr("Prodigy or spaCy records (JSONL)"),
            "conll": self.tr("CoNLL / BIO (a token and its tags per line)"),
            "jsonl": self.tr("Hashiya JSONL (our own export)"),
        }
        units = {  # auto, then annotate.formats.offsetfix.OFFSET_UNITS (a test keeps them so)
            "auto": self.tr("Found per document from the span texts"),
            "codepoints": self.tr("Code points (scripts, brat, Python)"),
            "utf16": self.tr("UTF-16 units (tools in a web browser)"),
            "graphemes": self.tr("Grapheme clusters (doccano's option)"),
        }
        targets = {
            MINE: self.tr("My layer ({name})").format(name=self.annotator),
            OTHER: self.tr("Another annotator's layer"),
            NAMED: self.tr("The annotators named in the file (Label Studio, Prodigy, our JSONL)"),
        }
        for box, texts in ((self.format, names), (self.offsets, units), (self.target, targets)):
            refill(box, texts)
        self._update()

    # -- files ------------------------------------------------------------------------------------
    def paths(self) -> list[str]:
        return [self.files.item(i).text() for i in range(self.files.count())]

    def add_paths(self, paths: Sequence[str]) -> None:
        have = set(self.paths())
        for p in paths:
            if p not in have:
                self.files.addItem(p)
                have.add(p)
        if self.files.count() and self.files.currentRow() < 0:
            self.files.setCurrentRow(0)
        self._update()

    def pick_files(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(
            self,
            self.tr("Choose annotated files"),
            "",
            self.tr(
                "Annotated files (*.json *.jsonl *.ndjson *.ann *.conll *.conllu *.bio *.iob *.iob2 *.bioes"
                " *.tsv *.txt);;All files (*)"
            ),
        )
        self.add_paths(paths)

    def pick_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Choose a folder of annotated files"))
        if folder:
            self.add_paths([folder])

    def remove_selected(self) -> None:
        for item in self.files.selectedItems():
            self.files.takeItem(self.files.row(item))
        self._update()

    # -- the choice -------------------------------------------------------------------------------
    def _update(self) -> None:
        """Enable what applies to the chosen format and destination, and say why Import cannot run."""
        fmt, target = self.format.currentData(), self.target.currentData()
        self.other.setEnabled(target == OTHER)
        self.labels["other"].setEnabled(target == OTHER)
        self.join.setEnabled(fmt in ("auto", "brat"))
        self.offsets.setEnabled(fmt in BROWSER)  # the other formats count code points by definition
        self.labels["offsets"].setEnabled(fmt in BROWSER)
        blocked = note = ""
        if not self.files.count():
            blocked = self.tr("Add the files to import.")
        elif target == OTHER and not self.other.currentText().strip():
            blocked = self.tr("Type the name of the annotator whose layer the annotations go to.")
        elif target == NAMED and fmt not in ("auto", *NAMING_FORMATS):
            blocked = self.tr(
                "brat, doccano and CoNLL files name no annotators: choose a layer for their annotations."
            )
        elif target == NAMED:
            note = self.tr(
                "brat, doccano and CoNLL files among them will be refused: they name no annotators."
            )
        self.why.setText(blocked or note)
        self.why.setVisible(bool(blocked or note))
        self.ok.setEnabled(not blocked)

    def choice(self) -> AnnotatedImportChoice:
        target = self.target.currentData()
        annotator = {MINE: self.annotator, OTHER: self.other.currentText().strip(), NAMED: None}[target]
        return AnnotatedImportChoice(
            tuple(self.paths()),
            self.format.currentData(),
            annotator,
            self.add_labels.isChecked(),
            self.join.isChecked() and self.join.isEnabled(),
            self.offsets.currentData()
            if self.offsets.isEnabled() and self.offsets.currentData() != "auto"
            else None,
        )


class ImportSummary(ReportDialog):
    """What an annotated import did, in a read-only text the user can scroll, select and copy.

    It lists what the ``import`` command prints, in the same order: per file,
    per layer (when the files named them), refusals with file and line, labels
    and roles the schema lacks with the hint to tick "Add labels", and the
    readers' report (conversions, things skipped).  Store and format messages
    stay in English, as everywhere in the window.
    """

    def __init__(self, result: FilesImport, add_labels: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.result = result
        self.add_labels = add_labels
        self.retranslate()

    def title(self) -> str:
        return self.tr("Import annotated files")

    def headline_text(self) -> str:
        r, ann = self.result, self.result.annotated
        added = r.texts.added + (len(ann.added_ids) if ann else 0)
        spans = sum(f.spans for f in ann.files) if ann else 0
        relations = sum(f.relations for f in ann.files) if ann else 0
        text = self.tr(
            "{docs} new document(s), {spans} span(s), {rels} relation(s) imported; {refused} file(s) refused."
        ).format(docs=added, spans=spans, rels=relations, refused=r.refused)
        if r.cancelled:
            text += " " + self.tr("Cancelled: the files after the last one stored were not imported.")
        return text

    def _who(self) -> str:
        name = self.result.annotator
        return (
            self.tr("the layers the file names")
            if name is None
            else self.tr("the layer of {name}").format(name=ltr(name))
        )

    def lines(self) -> list[str]:
        r, ann = self.result, self.result.annotated
        out: list[str] = []
        if ann is None:
            out.append(self.tr("None of these files holds annotations; they were imported as plain texts."))
        else:
            for f in ann.files:
                if f.outcome == "refused":
                    out.append(self.tr("Refused: {error}").format(error=ltr(f.error)))
                    continue
                out.append(
                    self.tr(
                        "{path} ({format}): {docs} new document(s), {attached} already present,"
                        " {spans} span(s), {rels} relation(s), into {who}"
                    ).format(
                        path=ltr(f.path),
                        format=ltr(f.format),
                        docs=f.documents,
                        attached=f.attached,
                        spans=f.spans,
                        rels=f.relations,
                        who=self._who(),
                    )
                )
                if f.skipped:
                    out.append(
                        self.tr(
                            "{n} document(s) left as they were: they already have spans in that layer"
                        ).format(n=f.skipped)
                    )
            if r.annotator is None:
                for name, n in ann.layers.items():
                    out.append(
                        self.tr(
                            "Layer {name}: {docs} document(s), {spans} span(s), {rels} relation(s)"
                        ).format(name=ltr(name), docs=n.documents, spans=n.spans, rels=n.relations)
                    )
            if ann.unknown_labels and not self.add_labels:
                out.append(
                    self.tr(
                        "Labels not in the project schema: {listed}. Their files were refused; tick"
                        " “Add labels the schema lacks” to add them, and import again."
                    ).format(listed=ltr(_counts(ann.unknown_labels)))
                )
            if ann.unknown_roles and not self.add_labels:
                out.append(
                    self.tr(
                        "Roles not in the project schema: {listed}. Their files were refused; tick"
                        " “Add labels the schema lacks” to add them, and import again."
                    ).format(listed=ltr(_counts(ann.unknown_roles)))
                )
        out += self._text_lines()
        if ann is not None and ann.report.lines():
            out.append("")
            out.append(self.tr("What reading the files converted or left out:"))
            out += [f"  {ltr(line)}" for line in ann.report.lines()]
        return out

    def _text_lines(self) -> list[str]:
        """The plain texts imported alongside, as "Import texts…" reports them."""
        t = self.result.texts
        out: list[str] = []
        for f in t.files:
            if f.outcome == "refused":
                out.append(self.tr("Refused: {error}").format(error=ltr(f.error)))
            else:
                out.append(
                    self.tr("{path} (plain text): {added} document(s) added, {dups} already present").format(
                        path=ltr(f.path), added=f.added, dups=f.duplicates
                    )
                )
        if t.skipped_paths:
            names = ", ".join(Path(p).name for p in t.skipped_paths[:10])
            more = len(t.skipped_paths) - 10
            out.append(
                self.tr("Not read ({n} file(s) of other kinds): {names}").format(
                    n=len(t.skipped_paths), names=names + (" …" if more > 0 else "")
                )
            )
        return out


def _counts(missing: Counter[str]) -> str:
    return ", ".join(f"{k} ({n})" for k, n in missing.most_common())
