"""Shared pieces of the lesson notebooks' generators (run with /usr/bin/python3, needs nbformat).

Each notebooks/src/make_NN.py builds notebooks/NN-*.ipynb from Markdown and Java cells and writes it
without outputs; CI executes the notebooks. Regenerate one from anywhere with
    /usr/bin/python3 notebooks/src/make_01.py        (or make_02.py ... make_06.py)

Cell ids are never nbformat's random ones, so regenerating an unchanged script rewrites the
committed notebook byte for byte. Three id styles exist, because the notebooks were first written
by three separate generators and their committed ids are kept:
  Builder()                  01-03: sha1 of "<cell index>:<source as passed, unstripped>"
  Builder(ids="kind")        04, 06: sha1 of "<md|code><cell index><stripped source>"
  Builder(ids=[...])         05: the ids listed, by cell position (they were random when the
                             notebook was first generated; pinning them keeps them stable); cells
                             beyond the list fall back to the "kind" style.
New notebooks should use Builder() and write(name).
"""
import copy
import hashlib
import os

import nbformat

HERE = os.path.dirname(os.path.abspath(__file__))
NOTEBOOKS = os.path.dirname(HERE)

# The IJava way to load the toolkit: harmless on Attention Lab's kernel, needed on a stock one.
JARS = "%jars ../target/attention-lab.jar ../target/lib/*.jar"

# Explicit imports, so the notebook also runs on a stock IJava/JJava kernel. quick() is a static of
# our kernel only, so the quick setting is read from the environment here.
IMPORTS = """\
import org.attentionlab.nn.*;
import org.attentionlab.train.*;
import org.attentionlab.data.*;
import org.attentionlab.decode.*;
import org.attentionlab.metrics.*;
import org.attentionlab.viz.*;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.knowm.xchart.*;
import tech.tablesaw.api.*;
import java.util.*;

// ATTENTION_LAB_QUICK=1 (as CI runs) shrinks every experiment; unset runs the full lesson.
boolean QUICK = "1".equals(System.getenv("ATTENTION_LAB_QUICK"));
System.out.println(QUICK ? "quick setting (ATTENTION_LAB_QUICK=1): small runs, numbers are rough"
                         : "full setting");"""

# Greedy (free-running) accuracy of a model on examples: what a user of the model would see.
GREEDY = """\
/** Greedy-decodes every example; returns {token accuracy, sequence accuracy}. */
double[] greedyAccuracy(Transformer model, Task task, List<Example> examples) {
    List<EncodedPair> pairs = task.encode(examples);
    GreedyDecoder decoder = new GreedyDecoder(Vocabulary.BOS, Vocabulary.END, true);
    List<List<Integer>> refs = new ArrayList<>(), hyps = new ArrayList<>();
    for (Batch b : Batcher.inOrder(pairs, 256)) {
        int[] caps = new int[b.size()];
        for (int i = 0; i < b.size(); i++) caps[i] = pairs.get(b.indices()[i]).target().length + 2;
        int[][] out = decoder.decode(model, b.src(), b.srcKeyPadding(), caps);
        for (int i = 0; i < b.size(); i++) {
            refs.add(Arrays.stream(pairs.get(b.indices()[i]).target()).boxed().toList());
            hyps.add(Arrays.stream(out[i]).boxed().toList());
        }
    }
    return new double[] {Accuracy.tokens(refs, hyps).rate(), Accuracy.sequences(refs, hyps).rate()};
}"""


# Training with a live loss chart (display/updateDisplay exist on IJava, JJava and our kernel).
FIT = """\
/** A finished run: its loss history, wall time and last validation evaluation (teacher forced). */
record Fit(History history, double seconds, Evaluation valid) {}

/** Trains with the trainer's settings, keeping one live loss chart and one progress line up to date. */
Fit fitLive(String name, Trainer trainer, List<EncodedPair> train, List<EncodedPair> valid) throws Exception {
    History h = new History(name);
    List<Double> xs = new ArrayList<>(), ys = new ArrayList<>();
    XYChart chart = new XYChartBuilder().width(640).height(240).title(name + ": training loss")
            .xAxisTitle("step").yAxisTitle("loss").build();
    chart.getStyler().setMarkerSize(0);
    String progress = display(name + ": starting");
    String plot = display("(loss curve)");
    long every = Math.max(1, trainer.config().steps() / 60);
    trainer.listen(new TrainingListener() {
        public void onStep(TrainingListener.StepEvent e) {
            h.step(e.step(), e.loss(), e.learningRate(), e.tokensPerSecond());
            if (e.step() % every == 0 || e.step() == e.totalSteps()) {
                xs.add((double) e.step());
                ys.add(e.loss());
                if (chart.getSeriesMap().isEmpty()) chart.addSeries("train", xs, ys);
                else chart.updateXYSeries("train", xs, ys, null);
                updateDisplay(plot, chart);
                updateDisplay(progress, String.format("%s: step %d/%d  loss %.3f  (%.0f s)", name, e.step(),
                        e.totalSteps(), e.loss(), e.elapsedSeconds()));
            }
        }
        public void onEvaluation(TrainingListener.EvaluationEvent e) {
            h.validation(e.step(), e.evaluation().loss());
        }
    });
    long t0 = System.nanoTime();
    Evaluation last = trainer.fit(train, valid, null);
    double seconds = (System.nanoTime() - t0) / 1e9;
    updateDisplay(progress, String.format("%s: %d steps in %.0f s, validation %s", name, trainer.step(), seconds, last));
    return new Fit(h, seconds, last);
}"""


def _id(text, n):
    """01-03's cell id: index and the source as passed to md()/code() (before stripping)."""
    return hashlib.sha1(f"{n}:{text}".encode()).hexdigest()[:8]


def _kind_id(kind, src, i):
    """04 and 06's cell id (formerly notebooks/build/nbgen.py): kind, index, stripped source."""
    return hashlib.sha1(f"{kind}{i}{src}".encode()).hexdigest()[:8]


METADATA = {
    "kernelspec": {"display_name": "Java", "language": "java", "name": "java"},
    "language_info": {"codemirror_mode": "java", "file_extension": ".jshell",
                      "mimetype": "text/x-java-source", "name": "java",
                      "pygments_lexer": "java", "version": "17"},
}


class Builder:
    """Collects cells with md()/code() and writes them with write(name) into notebooks/.

    ids: "text" (default, 01-03), "kind" (04, 06) or a list of pinned ids (05); see the module
    docstring. blank_line_at_end: 01-03's files end with an extra empty line, 04-06's do not.
    """

    def __init__(self, ids="text", blank_line_at_end=True):
        if not isinstance(ids, str):
            ids = list(ids)
            if len(set(ids)) != len(ids):
                raise ValueError("pinned cell ids must be unique")
        elif ids not in ("text", "kind"):
            raise ValueError(f"unknown cell id style {ids!r}")
        self.ids = ids
        self.blank_line_at_end = blank_line_at_end
        self.cells = []

    def _cell_id(self, kind, text, src):
        n = len(self.cells)
        if self.ids == "text":
            return _id(text, n)
        if self.ids == "kind" or n >= len(self.ids):
            return _kind_id(kind, src, n)
        return self.ids[n]

    def md(self, text):
        src = text.strip("\n")
        c = nbformat.v4.new_markdown_cell(src)
        c["id"] = self._cell_id("md", text, src)
        self.cells.append(c)

    def code(self, text):
        src = text.strip("\n")
        c = nbformat.v4.new_code_cell(src)
        c["id"] = self._cell_id("code", text, src)
        self.cells.append(c)

    def write(self, name):
        """Writes notebooks/<name> (validated, no outputs) and returns its path."""
        nb = nbformat.v4.new_notebook()
        nb["cells"] = self.cells
        nb["metadata"] = copy.deepcopy(METADATA)
        nb["nbformat"], nb["nbformat_minor"] = 4, 5
        nbformat.validate(nb)
        path = os.path.join(NOTEBOOKS, name)
        with open(path, "w", encoding="utf-8") as f:
            nbformat.write(nb, f)  # ends the file with a newline
            if self.blank_line_at_end:
                f.write("\n")
        print("wrote", path, len(self.cells), "cells")
        return path
