package org.attentionlab.nn;

import org.nd4j.linalg.api.ndarray.INDArray;

/** Small shape utilities shared by the layers. */
final class Arrays2 {
    private Arrays2() {
    }

    /** x [..., last] as a c-contiguous [rows, last] matrix; a view when x already is contiguous. */
    static INDArray rows(INDArray x, long last) {
        INDArray c = Flat.isCContiguous(x) ? x : x.dup('c');
        return c.reshape('c', c.length() / last, last);
    }

    /** The shape with its last entry replaced. */
    static long[] withLast(long[] shape, long last) {
        long[] s = shape.clone();
        s[s.length - 1] = last;
        return s;
    }
}
