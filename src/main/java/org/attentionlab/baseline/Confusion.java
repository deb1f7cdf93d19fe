package org.attentionlab.baseline;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.attentionlab.viz.HeatMap;
import org.attentionlab.viz.ColorScale;
import org.tribuo.MutableOutputInfo;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.evaluation.LabelConfusionMatrix;
import org.tribuo.impl.ArrayExample;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * A confusion matrix of predicted against gold labels (tokens, or lengths as strings), counted
 * by Tribuo's {@link LabelConfusionMatrix}, shown as a table or a heat map. Labels are ordered
 * naturally: numerically when all are integers (so lengths read 1, 2, ..., 10), else by string.
 */
public final class Confusion {
    private final LabelConfusionMatrix matrix;
    private final List<Label> order;
    private final int n;

    private Confusion(LabelConfusionMatrix matrix, List<Label> order, int n) {
        this.matrix = matrix;
        this.order = order;
        this.n = n;
    }

    public static Confusion of(List<String> predicted, List<String> gold) {
        if (predicted == null || gold == null || predicted.size() != gold.size() || gold.isEmpty()) {
            throw new IllegalArgumentException("predicted and gold must have the same non-zero length, got "
                    + (predicted == null ? "null" : predicted.size()) + " and " + (gold == null ? "null" : gold.size()));
        }
        LabelFactory factory = new LabelFactory();
        MutableOutputInfo<Label> info = factory.generateInfo();
        TreeSet<String> names = new TreeSet<>(Confusion::compareLabels);
        for (int i = 0; i < gold.size(); i++) {
            if (predicted.get(i) == null || gold.get(i) == null) {
                throw new IllegalArgumentException("label " + i + " is null");
            }
            names.add(gold.get(i));
            names.add(predicted.get(i));
        }
        names.forEach(s -> info.observe(new Label(s)));
        List<Prediction<Label>> ps = new ArrayList<>(gold.size());
        for (int i = 0; i < gold.size(); i++) {
            // A prediction carries its example, whose output is the gold label; features are not needed.
            ArrayExample<Label> ex = new ArrayExample<>(new Label(gold.get(i)), new String[] {"_"}, new double[] {1});
            ps.add(new Prediction<>(new Label(predicted.get(i)), 1, ex));
        }
        LabelConfusionMatrix m = new LabelConfusionMatrix(info.generateImmutableOutputInfo(), ps);
        List<Label> order = names.stream().map(Label::new).toList();
        return new Confusion(m, order, gold.size());
    }

    /** For integer outputs such as predicted against gold lengths. */
    public static Confusion ofInts(int[] predicted, int[] gold) {
        if (predicted == null || gold == null) {
            throw new IllegalArgumentException("predicted and gold must not be null");
        }
        return of(java.util.Arrays.stream(predicted).mapToObj(Integer::toString).toList(),
                java.util.Arrays.stream(gold).mapToObj(Integer::toString).toList());
    }

    /** All labels seen in predictions or gold, in display order. */
    public List<String> labels() {
        return order.stream().map(Label::getLabel).toList();
    }

    /** How many examples with gold label {@code gold} were predicted as {@code predicted}. */
    public int count(String gold, String predicted) {
        return (int) matrix.confusion(new Label(predicted), new Label(gold));
    }

    /** The share of examples predicted exactly right. */
    public double accuracy() {
        double right = 0;
        for (Label l : order) {
            right += matrix.tp(l);
        }
        return right / n;
    }

    /** Rows are gold labels, columns predicted labels. */
    public Table table() {
        Table t = Table.create("confusion (rows gold, columns predicted)", StringColumn.create("gold", labels()));
        for (Label p : order) {
            IntColumn c = IntColumn.create(p.getLabel());
            for (Label g : order) {
                c.append(count(g.getLabel(), p.getLabel()));
            }
            t.addColumns(c);
        }
        return t;
    }

    /** The counts as a heat map, rows gold and columns predicted; the diagonal is what was right. */
    public HeatMap heatMap(String title) {
        int k = order.size();
        double[][] m = new double[k][k];
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < k; j++) {
                m[i][j] = count(order.get(i).getLabel(), order.get(j).getLabel());
            }
        }
        return new HeatMap(title, m, labels(), labels(), "gold", "predicted", ColorScale.sequentialFor(m));
    }

    /** The underlying Tribuo matrix (precision, recall and friends per label). */
    public LabelConfusionMatrix tribuo() {
        return matrix;
    }

    private static int compareLabels(String a, String b) {
        boolean ia = a.matches("-?\\d{1,9}");
        boolean ib = b.matches("-?\\d{1,9}");
        if (ia && ib) {
            return Integer.compare(Integer.parseInt(a), Integer.parseInt(b));
        }
        return ia != ib ? (ia ? -1 : 1) : a.compareTo(b);
    }
}
