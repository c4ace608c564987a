"""File → Export…: whose layer, which format, where, the format's options and the split; then what it wrote.

The dialog only gathers what ``python main.py export`` takes as flags
(``--annotator NAME`` or ``--gold``, ``--format``, ``--out``, ``--clitics``,
``--nested``, ``--alignment``, ``--split``, ``--seed``) into an
``ExportChoice``; the window runs ``store.export.export_layer`` in a worker
(``ui.workers.ExportWorker``) and shows ``ExportSummary``: every file written
with its counts, and everything the format could not hold or changed, as the
command line prints it.  An export never loses something silently.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, get_args

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QWidget,
)

from annotate.formats.conll_spans import Clitics, Nested
from annotate.formats.spacy_docbin import FOLDER_FROM, Alignment
from annotate.model import GOLD
from store.export import EXPORT_FORMATS, SUFFIX, ExportOptions, folder_in_use, split_path, writes_folder
from ui.dialogs import ChoiceDialog, ReportDialog, ltr, refill

if TYPE_CHECKING:
    from store.export import ExportOutcome

MINE, OTHER, GOLD_LAYER = "mine", "other", "gold"
CLITICS: tuple[str, ...] = get_args(Clitics)
NESTED: tuple[str, ...] = get_args(Nested)
ALIGNMENT: tuple[str, ...] = get_args(Alignment)


def spacy_installed() -> bool:
    """Whether the spacy format can run, found without importing spaCy (which takes seconds)."""
    return importlib.util.find_spec("spacy") is not None


@dataclass(frozen=True, slots=True)
class ExportChoice:
    """What the user chose: the arguments of ``ExportWorker`` (layer: an annotator's name, or ``gold``)."""

    out: str
    fmt: str
    layer: str
    options: ExportOptions


class ExportDialog(ChoiceDialog):
    """Layer, format, destination, options and split; Export (the default button) accepts, Esc cancels.

    Every control is a tab stop (choices are combo boxes, not radio buttons,
    which Tab would enter only at the checked one).  Options that do not apply
    to the chosen format are disabled, and Export stays disabled while the
    choice cannot run, with the reason shown.
    """

    def __init__(
        self,
        annotator: str,
        others: Sequence[str],
        project_path: Path,
        parent: QWidget | None = None,
        documents: int = 0,
    ) -> None:
        super().__init__(parent)
        self.annotator = annotator
        self.project_path = project_path
        self.documents = documents  # in the project: a large one gets a spaCy folder by default
        self._suggested = ""
        self.layer = QComboBox(self)
        self.other = QComboBox(self)
        self.other.addItems([n for n in others if n not in (annotator, GOLD)])
        self.format = QComboBox(self)
        self.out = QLineEdit(self)
        # Paths read left to right, in Arabic too: right to left, "/a/b.conll" showed as "conll./a/b".
        self.out.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
        self.browse = QPushButton(self)
        self.clitics = QComboBox(self)
        self.nested = QComboBox(self)
        self.alignment = QComboBox(self)
        self.split = QCheckBox(self)
        self.parts = {name: QSpinBox(self) for name in ("train", "dev", "test")}
        for box, value in zip(self.parts.values(), (80, 10, 10), strict=True):
            box.setRange(0, 100)
            box.setValue(value)
        self.seed = QSpinBox(self)
        self.seed.setRange(0, 2_000_000_000)

        dest = QHBoxLayout()
        dest.addWidget(self.out, 1)
        dest.addWidget(self.browse)
        split_row = QHBoxLayout()
        self.part_labels = {name: QLabel(self) for name in self.parts}
        for name, box in self.parts.items():
            self.part_labels[name].setBuddy(box)
            split_row.addWidget(self.part_labels[name])
            split_row.addWidget(box)
        split_row.addStretch(1)
        keys = ("layer", "other", "format", "out", "clitics", "nested", "alignment", "split", "seed")
        self.labels = {key: QLabel(self) for key in keys}
        fields: dict[str, QWidget | QHBoxLayout] = {
            "layer": self.layer,
            "other": self.other,
            "format": self.format,
            "out": dest,
            "clitics": self.clitics,
            "nested": self.nested,
            "alignment": self.alignment,
        }
        form = QFormLayout()
        for key, field in fields.items():
            self.labels[key].setBuddy(self.out if key == "out" else field)  # type: ignore[arg-type]
            form.addRow(self.labels[key], field)
        form.addRow("", self.split)
        self.labels["split"].setBuddy(self.parts["train"])
        form.addRow(self.labels["split"], split_row)
        self.labels["seed"].setBuddy(self.seed)
        form.addRow(self.labels["seed"], self.seed)
        self.lay_out(form)
        self.tab_order(
            [
                self.layer,
                self.other,
                self.format,
                self.out,
                self.browse,
                self.clitics,
                self.nested,
                self.alignment,
                self.split,
                *self.parts.values(),
                self.seed,
            ]
        )

        self.browse.clicked.connect(self.pick_destination)
        for combo in (self.layer, self.other, self.format):
            combo.currentIndexChanged.connect(lambda _i: self._update(suggest=True))
        self.out.textChanged.connect(lambda _t: self._update())
        self.split.toggled.connect(lambda _b: self._update())
        for spin in (*self.parts.values(), self.seed):
            spin.valueChanged.connect(lambda _v: self._update())
        self.retranslate()
        self.resize(max(640, self.sizeHint().width()), self.sizeHint().height())

    # -- texts ------------------------------------------------------------------------------------
    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Export"))
        texts = {
            "layer": self.tr("&Layer:"),
            "other": self.tr("Annotator's na&me:"),
            "format": self.tr("F&ormat:"),
            "out": self.tr("&Destination:"),
            "clitics": self.tr("Spans inside a &word (CoNLL):"),
            "nested": self.tr("&Nested spans (CoNLL):"),
            "alignment": self.tr("Spans between &tokens (spaCy):"),
            "split": self.tr("Percentages:"),
            "seed": self.tr("Shu&ffle seed:"),
        }
        for key, text in texts.items():
            self.labels[key].setText(text)
        for name, text in zip(
            self.parts, (self.tr("T&rain"), self.tr("De&v"), self.tr("Te&st")), strict=True
        ):
            self.part_labels[name].setText(text)
        self.browse.setText(self.tr("&Browse…"))
        self.split.setText(self.tr("S&plit the documents into train, dev and test files"))
        self.ok.setText(self.tr("&Export"))
        layers = {
            MINE: self.tr("My layer ({name})").format(name=self.annotator),
            OTHER: self.tr("Another annotator's layer"),
            GOLD_LAYER: self.tr("The gold layer (adjudicated)"),
        }
        formats = {  # store.export.EXPORT_FORMATS, in its order (a test keeps them so)
            "jsonl": self.tr("Hashiya JSONL (everything: attributes, relations, status)"),
            "spacy": self.tr("spaCy DocBin (.spacy, for spacy train)"),
            "conll": self.tr("CoNLL / BIO (a token and its tags per line)"),
            "brat": self.tr("brat standoff (a folder of .txt and .ann)"),
            "csv": self.tr("CSV (one row per event)"),
            "doccano": self.tr("doccano records (JSONL)"),
            "labelstudio": self.tr("Label Studio tasks (JSON)"),
            "prodigy": self.tr("Prodigy records (JSONL)"),
        }
        formats = {
            key: formats[key] for key in EXPORT_FORMATS
        }  # a format the store gains fails here, unnamed
        clitics = {
            "attach": self.tr("Tag the whole word (attach)"),
            "split": self.tr("Cut the word at the span's edge (split)"),
        }
        nested = {
            "columns": self.tr("One tag column per level (columns)"),
            "outer": self.tr("Keep the outermost (outer)"),
            "inner": self.tr("Keep the innermost (inner)"),
        }
        alignment = {
            "expand": self.tr("Widen to whole tokens (expand)"),
            "contract": self.tr("Narrow to whole tokens (contract)"),
            "strict": self.tr("Drop spans off token edges (strict)"),
        }
        for combo, items in (
            (self.layer, layers),
            (self.format, formats),
            (self.clitics, clitics),
            (self.nested, nested),
            (self.alignment, alignment),
        ):
            refill(combo, items)
        self._update(suggest=True)

    # -- the choice -------------------------------------------------------------------------------
    def layer_name(self) -> str:
        target = self.layer.currentData()
        return {MINE: self.annotator, OTHER: self.other.currentText(), GOLD_LAYER: GOLD}[target]

    def suggestion(self) -> str:
        """Beside the project, named after it, the layer and the format: ``news-salma.conll``, ``news-gold-brat``."""
        fmt, stem = self.format.currentData(), f"{self.project_path.stem}-{self.layer_name() or 'texts'}"
        if fmt == "brat" or (fmt == "spacy" and self.documents > FOLDER_FROM):
            name = f"{stem}-{fmt}"  # a folder (spaCy: DocBins of 1,000 documents, one in memory at a time)
        else:
            name = f"{stem}{SUFFIX[fmt]}"
        return str(self.project_path.with_name(name))

    def pick_destination(self) -> None:
        fmt, current = self.format.currentData(), self.out.text().strip() or self.suggestion()
        if writes_folder(fmt, current):
            title = (
                self.tr("Choose an empty folder for the brat files")
                if fmt == "brat"
                else self.tr("Choose an empty folder for the spaCy DocBins")
            )
            path = QFileDialog.getExistingDirectory(self, title)
        else:
            path, _ = QFileDialog.getSaveFileName(
                self,
                self.tr("Export to"),
                current,
                self.tr("{suffix} files (*{suffix});;All files (*)").format(suffix=SUFFIX[fmt]),
            )
        if path:
            self.out.setText(path)

    def split_spec(self) -> str:
        """``--split`` as the command line takes it: train,dev(,test); no test part when it is 0."""
        if not self.split.isChecked():
            return ""
        values = [box.value() for box in self.parts.values()]
        return ",".join(str(v) for v in (values if values[2] else values[:2]))

    def _update(self, *, suggest: bool = False) -> None:
        """Enable what applies to the format, keep an untouched destination suggested, say what blocks Export."""
        fmt, target = self.format.currentData(), self.layer.currentData()
        if fmt is None or target is None:
            return  # still being filled
        if suggest and self.out.text() in ("", self._suggested):
            self._suggested = self.suggestion()
            self.out.setText(self._suggested)
        self.other.setEnabled(target == OTHER)
        self.labels["other"].setEnabled(target == OTHER)
        for key, on in (
            ("clitics", fmt == "conll"),
            ("nested", fmt == "conll"),
            ("alignment", fmt == "spacy"),
        ):
            getattr(self, key).setEnabled(on)
            self.labels[key].setEnabled(on)
        split = self.split.isChecked()
        for w in (*self.parts.values(), *self.part_labels.values(), self.seed, self.labels["seed"]):
            w.setEnabled(split)
        self.labels["split"].setEnabled(split)
        out = self.out.text().strip()
        blocked = note = ""
        if target == OTHER and not self.other.currentText():
            blocked = self.tr("No other annotator has a layer in this project.")
        elif fmt == "spacy" and not spacy_installed():
            blocked = self.tr(
                "The spaCy format needs spaCy, which is not installed: pip install spacy==3.8.18"
            )
        elif not out:
            blocked = self.tr("Choose where to write the export.")
        elif split and (total := sum(box.value() for box in self.parts.values())) != 100:
            blocked = self.tr("The train, dev and test percentages add up to {n}, not 100.").format(n=total)
        elif writes_folder(fmt, out) and (used := [p for p in self._targets(out) if folder_in_use(p)]):
            # said now, not after the export's work as "The task failed"
            blocked = self.tr(
                "{path} is there and is not an empty folder: choose a new or an empty one."
            ).format(path=ltr(used[0]))
        elif split:
            names = [ltr(p) for p in self._targets(out)]  # isolated: "/a/b.conll" showed as "a/b.conll/"
            note = self.tr("Writes:") + "\n" + "\n".join(names)
        elif fmt == "brat":
            note = self.tr("brat writes a folder; it must be new or empty.")
        elif writes_folder(fmt, out):  # spaCy's folder
            note = self.tr(
                "A folder: DocBins of 1,000 documents each (part-0001.spacy, …), one in memory at a time;"
                " spacy train reads the folder as one corpus. It must be new or empty."
            )
        self.why.setText(blocked or note)
        self.why.setVisible(bool(blocked or note))
        self.ok.setEnabled(not blocked)

    def _targets(self, out: str) -> list[Path]:
        """The folders or files the export writes: ``out``, or one per part of the split."""
        if not self.split.isChecked():
            return [Path(out)]
        return [
            split_path(Path(out), part)
            for part in ("train", "dev", "test")[: self.split_spec().count(",") + 1]
        ]

    def choice(self) -> ExportChoice:
        opts = ExportOptions(
            self.clitics.currentData(),
            self.nested.currentData(),
            self.alignment.currentData(),
            self.split_spec(),
            self.seed.value(),
        )
        return ExportChoice(self.out.text().strip(), self.format.currentData(), self.layer_name(), opts)


class ExportSummary(ReportDialog):
    """What an export wrote and what its format could not hold, in a read-only text to select and copy.

    The same as the command line prints: each file with its documents, spans
    and relations, then ``FormatReport.lines()`` (a count per kind and up to 20
    cases each), or that there is nothing to report.  Store and format words
    stay in English, as everywhere in the window.
    """

    def __init__(self, outcome: ExportOutcome, parent: QWidget | None = None) -> None:
        super().__init__(parent, left_to_right=True)
        self.outcome = outcome
        self.retranslate()

    def title(self) -> str:
        return self.tr("Export")

    def headline_text(self) -> str:
        o = self.outcome
        return self.tr("Exported the layer {layer} as {format}: {files} file(s).").format(
            layer=ltr(o.layer) if o.layer else self.tr("(none: nobody has annotated yet)"),
            format=ltr(o.format),
            files=len(o.results),
        )

    def lines(self) -> list[str]:
        o = self.outcome
        lines = [
            self.tr("{path}: {docs} document(s), {spans} span(s), {rels} relation(s)").format(
                path=ltr(r.path), docs=r.documents, spans=r.spans, rels=r.relations
            )
            for r in o.results
        ]
        lines.append("")
        if o.report.clean:
            lines.append(self.tr("Nothing to report: the format held everything."))
        else:
            lines.append(self.tr("What the format could not hold or changed:"))
            lines += [f"  {ltr(line)}" for line in o.report.lines()]
        return lines
