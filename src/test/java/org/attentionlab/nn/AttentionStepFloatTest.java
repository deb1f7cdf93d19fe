package org.attentionlab.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class AttentionStepFloatTest {
    /** The softmax's float exponential stays within about one float ulp of Math.exp over its range. */
    @Test
    void expNonPositiveMatchesMathExp() {
        SplittableRandom rng = new SplittableRandom(3);
        double worst = 0;
        for (int i = 0; i < 200_000; i++) {
            float x = (float) (-87 * rng.nextDouble());
            double exact = Math.exp(x);
            worst = Math.max(worst, Math.abs(AttentionStepFloat.expNonPositive(x) - exact) / exact);
        }
        assertTrue(worst < 2.5e-7, "worst relative error " + worst);
        assertEquals(1f, AttentionStepFloat.expNonPositive(0f));
        assertEquals(0f, AttentionStepFloat.expNonPositive(-1e9f));
        assertEquals(0f, AttentionStepFloat.expNonPositive(Float.NEGATIVE_INFINITY));
        assertTrue(Float.isNaN(AttentionStepFloat.expNonPositive(Float.NaN)));
    }
}
