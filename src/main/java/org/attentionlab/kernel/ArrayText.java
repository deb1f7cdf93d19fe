package org.attentionlab.kernel;

import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * An INDArray as short, shape-labelled text: {@code FLOAT [2, 3]} on the first line, then the values
 * (summarised with "..." past {@link #MAX_ELEMENTS}), so printing a 512x512 weight is readable.
 */
final class ArrayText {
    static final long MAX_ELEMENTS = 200;
    static final int PRECISION = 4;

    private ArrayText() {
    }

    static String of(INDArray a) {
        if (a == null) {
            return "null";
        }
        String header = a.dataType() + " " + Arrays.toString(a.shape());
        if (a.isEmpty()) {
            return header + " (empty)";
        }
        String values = a.toString(MAX_ELEMENTS, false, PRECISION);
        return header + "\n" + values;
    }

    /** A one-line label, for tables and record fields: {@code FLOAT [512, 512]}. */
    static String label(INDArray a) {
        return a.dataType() + " " + Arrays.toString(a.shape());
    }
}
