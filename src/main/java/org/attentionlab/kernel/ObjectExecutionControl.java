package org.attentionlab.kernel;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import jdk.jshell.execution.DirectExecutionControl;
import jdk.jshell.spi.ExecutionControl;
import jdk.jshell.spi.ExecutionControlProvider;
import jdk.jshell.spi.ExecutionEnv;

/**
 * Runs JShell snippets in this JVM and keeps each snippet's value as a real object.
 *
 * <p>JShell hands values back to its caller as strings ({@code valueString}), which would leave the
 * kernel nothing to draw a chart or a table from. Here {@link #invoke(Method)} stores the object
 * under a fresh key and returns the key; {@link #take(String)} hands the object to the renderer.
 *
 * <p>Each snippet runs on a worker thread so that {@link #stop()} can end a runaway cell (a training
 * loop) with {@code Thread.stop}: that works on Java 17, the Java this project pins; from Java 20
 * on {@code Thread.stop} throws, and the cell then runs to its end (the caller is told so).
 */
final class ObjectExecutionControl extends DirectExecutionControl {
    /** Prefix of the keys returned in place of values: never a valid {@code valueString} output. */
    static final String KEY_PREFIX = "\u0000obj:";

    private final Map<String, Object> values = new ConcurrentHashMap<>();
    /** Names of the classes loaded last, newest at the end (a batch of declarations looks its class up here). */
    private final java.util.ArrayDeque<String> loaded = new java.util.ArrayDeque<>();
    private final AtomicLong keys = new AtomicLong();
    private final Object lock = new Object();
    private final ThreadGroup group = new ThreadGroup("attention-lab-cells");
    private Thread running;
    private volatile boolean stopped;
    private volatile boolean stopUnsupported;
    /** A cell is being evaluated (compiling or running); a stop then must not be lost. */
    private volatile boolean cellActive;
    /** A stop arrived while the cell was between snippets or compiling: honour it at the next start. */
    private volatile boolean stopPending;

    /** Where cells' classes live; the context class loader of the threads cells run in. */
    private final SnippetLoader loader;

    ObjectExecutionControl(SnippetLoader loader) {
        super(loader);
        this.loader = loader;
    }

    /** The provider JShell's builder takes ({@code executionEngine(provider, params)}). */
    static final class Provider implements ExecutionControlProvider {
        private final SnippetLoader loader;
        private ObjectExecutionControl last;

        Provider(SnippetLoader loader) {
            this.loader = loader;
        }

        @Override
        public String name() {
            return "attention-lab-objects";
        }

        @Override
        public ExecutionControl generate(ExecutionEnv env, Map<String, String> parameters) {
            last = new ObjectExecutionControl(loader);
            return last;
        }

        ObjectExecutionControl control() {
            return last;
        }
    }

    /** Loads a cell's classes with their {@code System.exit} calls redirected ({@link ExitCallRewriter}). */
    @Override
    public void load(ClassBytecodes[] classes)
            throws ClassInstallException, NotImplementedException, EngineTerminationException {
        ClassBytecodes[] rewritten = new ClassBytecodes[classes.length];
        for (int i = 0; i < classes.length; i++) {
            rewritten[i] = new ClassBytecodes(classes[i].name(), ExitCallRewriter.rewrite(classes[i].bytecodes()));
        }
        super.load(rewritten);
        synchronized (loaded) {
            for (ClassBytecodes c : classes) {
                loaded.addLast(c.name());
                if (loaded.size() > 256) {
                    loaded.removeFirst();
                }
            }
        }
    }

    /** The binary name of the newest loaded class whose name ends with {@code suffix}, or null. */
    String loadedClassEndingWith(String suffix) {
        synchronized (loaded) {
            for (java.util.Iterator<String> it = loaded.descendingIterator(); it.hasNext(); ) {
                String n = it.next();
                if (n.endsWith(suffix)) {
                    return n;
                }
            }
        }
        return null;
    }

    /**
     * A class as cells see it (the kernel's class path and the jars a notebook added), or null:
     * looked up through the loader of a class JShell loaded (its delegate's {@code findClass} knows
     * only snippet classes).
     */
    Class<?> classNamed(String name) {
        String any;
        synchronized (loaded) {
            any = loaded.peekLast();
        }
        try {
            ClassLoader cells = any == null ? Thread.currentThread().getContextClassLoader() : findClass(any).getClassLoader();
            return Class.forName(name, false, cells);
        } catch (ClassNotFoundException | RuntimeException | LinkageError e) {
            return null;
        }
    }

    /** Returns and forgets the object stored under {@code key}; null for non-keys and null values. */
    Object take(String key) {
        if (key == null || !key.startsWith(KEY_PREFIX)) {
            return null;
        }
        return values.remove(key);
    }

    /** Drops values nobody took (e.g. those of declarations), so old cell results can be collected. */
    void forgetValues() {
        values.clear();
    }

    /** Marks the start and end of a cell, so that a stop between its snippets is not lost. */
    void cellActive(boolean active) {
        synchronized (lock) {
            cellActive = active;
            stopPending = false;
        }
    }

    /** True once after a snippet was ended by {@link #stop()}; reading it clears it. */
    boolean consumeStopped() {
        boolean s = stopped;
        stopped = false;
        return s;
    }

    /** True if the last stop request could not stop the running thread (Java 20 and later). */
    boolean stopUnsupported() {
        return stopUnsupported;
    }

    @Override
    protected String invoke(Method doitMethod) throws Exception {
        Object[] result = new Object[1];
        Throwable[] failure = new Throwable[1];
        Thread worker = new Thread(group, () -> {
            try {
                result[0] = doitMethod.invoke(null);
            } catch (InvocationTargetException e) {
                failure[0] = e;
            } catch (Throwable t) { // ThreadDeath from stop(), or a reflection failure
                failure[0] = t;
            }
        }, "cell");
        // Libraries that look classes up through the context loader (ServiceLoader, many
        // frameworks) must see the notebook's jars, as code in a cell does.
        worker.setContextClassLoader(loader.cellLoader());
        synchronized (lock) {
            if (stopPending) {
                stopPending = false;
                stopped = true;
                throw new ExecutionControl.StoppedException();
            }
            running = worker;
        }
        try {
            worker.start();
            worker.join();
        } finally {
            synchronized (lock) {
                running = null;
            }
        }
        Throwable f = failure[0];
        if (isStop(f)) {
            stopped = true;
            throw new ExecutionControl.StoppedException();
        }
        if (f instanceof Exception) {
            throw (Exception) f; // InvocationTargetException: JShell turns it into an EvalException
        }
        if (f instanceof Error) {
            throw new InvocationTargetException(f);
        }
        Object value = result[0];
        if (value == null) {
            return "";
        }
        String key = KEY_PREFIX + keys.incrementAndGet();
        values.put(key, value);
        return key;
    }

    private static boolean isStop(Throwable f) {
        if (f instanceof ThreadDeath) {
            return true;
        }
        return f instanceof InvocationTargetException && f.getCause() instanceof ThreadDeath;
    }

    @Override
    @SuppressWarnings({"deprecation", "removal"})
    public void stop() {
        synchronized (lock) {
            if (running == null) {
                stopPending = cellActive;
                return;
            }
            try {
                running.stop();
            } catch (UnsupportedOperationException e) {
                stopUnsupported = true;
                running.interrupt(); // the best Java 20+ allows: a cell that checks interrupts ends
            }
        }
    }
}
