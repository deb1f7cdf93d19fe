package org.attentionlab.kernel;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * A cell's {@code System.out} and {@code System.err} that keep the order of what was written to
 * them: before one stream takes text, the other sends what it holds.
 *
 * <p>jjava gives each stream its own buffer, sent at a line end or a flush, so
 * {@code out.print("a"); err.print("b"); out.print("c")} reached the notebook as "ac" and then "b".
 * Here every write is passed on at once (the iopub channel merges consecutive writes into few
 * messages, see {@code kernel.wire.StreamBuffer}), after the other stream's pending text.
 */
final class OrderedStreams {
    private OrderedStreams() {
    }

    /** A stream that writes to {@code target} after flushing {@code other}. */
    static PrintStream ahead(PrintStream target, PrintStream other) {
        return new PrintStream(new OutputStream() {
            @Override
            public void write(int b) {
                other.flush();
                target.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                other.flush();
                target.write(b, off, len);
            }

            @Override
            public void flush() {
                target.flush();
            }
        }, true, StandardCharsets.UTF_8);
    }
}
