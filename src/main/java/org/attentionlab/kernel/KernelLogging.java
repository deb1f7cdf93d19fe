package org.attentionlab.kernel;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.logging.Handler;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import java.util.logging.StreamHandler;

/**
 * Sends library logging (java.util.logging, slf4j) to the kernel's own stderr, which Jupyter shows
 * in its server's console or log, and not into whichever cell happens to run, unless asked.
 *
 * <p>Why: while a cell runs, jjava swaps {@code System.err} for a stream that publishes to that
 * cell. slf4j-simple prints to {@code System.err} as it is at each call, and java.util.logging's
 * default {@code ConsoleHandler} to the {@code System.err} of the moment it was made, often inside
 * a cell; so a library's INFO lines showed up as stderr in cells. IJava shows none.
 *
 * <p>How: {@link #stream()} decides at every write: the process's stderr by default, the current
 * {@code System.err} (the running cell's) when cells are asked for. java.util.logging's root
 * handlers are replaced by one handler on that stream, unless a configuration is given
 * ({@code -Djava.util.logging.config.file} or {@code .class}); slf4j-simple is told to keep the
 * output stream it starts with ({@code org.slf4j.simpleLogger.cacheOutputStream}) and is started
 * while {@code System.err} is that stream. A library that makes its own {@code ConsoleHandler}
 * inside a cell still prints there.
 *
 * <p>To show logs in cells: the line magic {@code %logs cells} ({@code %logs kernel} switches back),
 * or start the kernel with {@code -Dattentionlab.logs=cells} (e.g. in {@code ATTENTION_LAB_KERNEL_OPTS}).
 */
final class KernelLogging {
    /** System property choosing where logs go at start: {@code kernel} (default) or {@code cells}. */
    static final String PROPERTY = "attentionlab.logs";
    private static final String SLF4J_CACHE = "org.slf4j.simpleLogger.cacheOutputStream";
    private static final String SLF4J_LEVEL = "org.slf4j.simpleLogger.defaultLogLevel";

    private static volatile KernelLogging installed;

    private final PrintStream kernelErr;
    private final PrintStream stream;
    private volatile boolean inCells;

    KernelLogging(PrintStream kernelErr, boolean inCells) {
        this.kernelErr = kernelErr;
        this.inCells = inCells;
        this.stream = new PrintStream(new OutputStream() {
            @Override
            public void write(int b) {
                target().write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                target().write(b, off, len);
            }

            @Override
            public void flush() {
                target().flush();
            }
        }, true, StandardCharsets.UTF_8);
    }

    /**
     * Routes logging of this JVM through a new router on the current {@code System.err}; call it at
     * kernel start, before anything logs. Later calls return the first router.
     */
    static synchronized KernelLogging install() {
        if (installed != null) {
            return installed;
        }
        KernelLogging logging = new KernelLogging(System.err, "cells".equalsIgnoreCase(System.getProperty(PROPERTY)));
        // ND4J logs its backend banner at INFO on every start: warnings only, unless asked for more.
        if (System.getProperty(SLF4J_LEVEL) == null) {
            System.setProperty(SLF4J_LEVEL, "warn");
        }
        if (System.getProperty("java.util.logging.config.file") == null
                && System.getProperty("java.util.logging.config.class") == null) {
            Logger root = LogManager.getLogManager().getLogger("");
            for (Handler h : root.getHandlers()) {
                root.removeHandler(h);
            }
            root.addHandler(logging.julHandler());
        }
        if (System.getProperty(SLF4J_CACHE) == null) {
            System.setProperty(SLF4J_CACHE, "true");
        }
        PrintStream err = System.err;
        System.setErr(logging.stream);
        try {
            org.slf4j.LoggerFactory.getILoggerFactory(); // slf4j-simple keeps the System.err it starts with
        } finally {
            System.setErr(err);
        }
        installed = logging;
        return logging;
    }

    /** The installed router, or null (in-process tests run without one). */
    static KernelLogging installed() {
        return installed;
    }

    /** The stream logging writes to: the kernel's stderr, or the running cell's. */
    PrintStream stream() {
        return stream;
    }

    void showInCells(boolean cells) {
        this.inCells = cells;
    }

    boolean inCells() {
        return inCells;
    }

    private PrintStream target() {
        PrintStream now = System.err;
        return inCells && now != stream ? now : kernelErr;
    }

    /** A java.util.logging handler that writes every record to {@link #stream()} at once. */
    Handler julHandler() {
        return new StreamHandler(stream, new SimpleFormatter()) {
            @Override
            public synchronized void publish(LogRecord record) {
                super.publish(record);
                flush();
            }

            @Override
            public synchronized void close() {
                flush(); // never close the kernel's stderr
            }
        };
    }
}
