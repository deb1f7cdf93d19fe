package org.attentionlab.lesson;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.attentionlab.data.EncodedPair;
import org.attentionlab.decode.BeamSearch;
import org.attentionlab.decode.LengthCap;
import org.attentionlab.decode.LengthStrategy;
import org.attentionlab.nn.Init;
import org.attentionlab.nn.Transformer;
import org.attentionlab.nn.TransformerConfig;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;

class SearchAuditTest {
    private static final int BOS = 1;
    private static final int END = 2;

    @Test
    void auditsEachRuleReusingRunsAlreadyDecoded() {
        TransformerConfig c = TransformerConfig.builder().dModel(16).heads(4).dFf(32).layers(1).vocab(16).maxLen(40)
                .dropout(0).build();
        Transformer m = new Transformer(c, new Init(5, DataType.DOUBLE));
        m.generator().bias().value().putScalar(END, 2.5); // an untrained model that ends its outputs now and then
        List<EncodedPair> pairs = List.of(new EncodedPair(new int[] {5, 6, 7}, new int[] {3, 4}),
                new EncodedPair(new int[] {8, 9}, new int[] {3, 4, 5, 6}),
                new EncodedPair(new int[] {10, 11, 12, 13}, new int[] {7}));
        LengthCap cap = new LengthCap(1.0, 8);
        LengthStrategy greedy = LengthStrategy.endToken(cap, BOS, END);
        Map<String, LengthRun> runs = new LinkedHashMap<>();
        runs.put(greedy.name(), LengthRun.decode("m", greedy, m, pairs));
        LengthRun bound = LengthRun.decode("m", LengthRun.beam(3, 0.6, cap, BOS, END), m, pairs);
        runs.put(bound.strategy(), bound);

        SearchAudit audit = new SearchAudit(pairs, greedy.name(), 3, cap, BOS, END);
        SearchAudit.Row b = audit.add(m, runs, 0.6, BeamSearch.Stopping.BOUND);
        SearchAudit.Row f = audit.add(m, runs, 0.6, BeamSearch.Stopping.FIRST_BEAM_FINISHED);
        assertSame(bound, b.run(), "the bound rule's run is the one already decoded");
        assertEquals("beam 3, alpha 0.6, stop at 3 finished", f.run().strategy());
        assertEquals(2, runs.size(), "the runs given are not changed");
        assertEquals("m", f.model());
        assertSame(f, audit.get("m", 0.6, BeamSearch.Stopping.FIRST_BEAM_FINISHED));
        assertThrows(IllegalArgumentException.class, () -> audit.get("m", 1.0, BeamSearch.Stopping.BOUND));

        BeamSearch search = new BeamSearch(3, 0.6, BOS, END);
        OutputScores.Audit expected = OutputScores.audit(m, pairs, f.run().outputs(), runs.get(greedy.name()).outputs(),
                search);
        assertEquals(expected, f.audit());
        double[] sBound = OutputScores.scores(m, pairs, b.run().outputs(), search);
        double[] sFirst = OutputScores.scores(m, pairs, f.run().outputs(), search);
        for (int i = 0; i < pairs.size(); i++) {
            assertTrue(sBound[i] >= sFirst[i] - OutputScores.TOLERANCE, "the bound finds no worse an output, " + i);
        }
        assertEquals(b.run().report().sequenceAccuracy(), b.sequenceAccuracy(), 0);
        ResultTable t = audit.table("audit");
        assertEquals(2, t.rowCount());
        assertEquals("bound", t.get(0, "stopping"));
        assertEquals("stop at 3 finished", t.get(1, "stopping"));
        assertThrows(IllegalArgumentException.class,
                () -> new SearchAudit(pairs, "no such run", 3, cap, BOS, END).add(m, runs, 0.6, BeamSearch.Stopping.BOUND));
    }
}
