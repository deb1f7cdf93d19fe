package org.attentionlab.kernel;

import java.io.File;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import jdk.jshell.execution.LoaderDelegate;
import jdk.jshell.spi.ExecutionControl.ClassBytecodes;
import jdk.jshell.spi.ExecutionControl.ClassInstallException;

/**
 * Where JShell's in-process execution puts the classes it compiles from cells: a loader whose
 * parent is the notebook's {@link NotebookClassLoader}, so a cell sees the notebook's jars first
 * and the kernel's classes after them.
 *
 * <p>JShell's own {@code DefaultLoaderDelegate} puts cells and added jars in one parent-first
 * loader over the kernel's class path, which is what let the kernel's libraries win. JShell also
 * hands every class path addition to the loader delegate, including the kernel's own class path
 * that the session gives the compiler at start-up; only the entries the session registered as the
 * notebook's are added to the notebook's loader, the rest are already the kernel's.
 */
final class SnippetLoader implements LoaderDelegate {
    private final NotebookClassLoader notebook;
    private final CellClassLoader cells;
    private final Set<String> notebookEntries;
    private final Map<String, Class<?>> loaded = new ConcurrentHashMap<>();

    /**
     * @param notebookEntries the class path entries that are the notebook's (shared with the session)
     * @param kernelHolds     whether a jar is (a copy of) one of the kernel's own
     */
    SnippetLoader(ClassLoader kernel, Set<String> notebookEntries, java.util.function.Predicate<Path> kernelHolds) {
        this.notebook = new NotebookClassLoader(kernel, kernelHolds);
        this.cells = new CellClassLoader(notebook);
        this.notebookEntries = notebookEntries;
    }

    /** The loader cells run in: what a cell's thread gets as its context class loader. */
    ClassLoader cellLoader() {
        return cells;
    }

    @Override
    public void load(ClassBytecodes[] classes) throws ClassInstallException {
        boolean[] installed = new boolean[classes.length];
        try {
            for (ClassBytecodes c : classes) {
                cells.declare(c.name(), c.bytecodes());
            }
            for (int i = 0; i < classes.length; i++) {
                Class<?> k = cells.loadClass(classes[i].name());
                loaded.put(classes[i].name(), k);
                installed[i] = true;
                k.getDeclaredMethods(); // links it now, so a missing dependency fails here, not mid-cell
            }
        } catch (Throwable t) {
            throw new ClassInstallException("load: " + t.getMessage(), installed);
        }
    }

    @Override
    public void classesRedefined(ClassBytecodes[] classes) {
        for (ClassBytecodes c : classes) {
            cells.declare(c.name(), c.bytecodes());
        }
    }

    @Override
    public void addToClasspath(String path) {
        for (String entry : path.split(File.pathSeparator)) {
            if (notebookEntries.contains(entry)) {
                notebook.add(Path.of(entry));
            }
        }
    }

    @Override
    public Class<?> findClass(String name) throws ClassNotFoundException {
        Class<?> k = loaded.get(name);
        if (k == null) {
            throw new ClassNotFoundException(name + " not found");
        }
        return k;
    }

    /** Defines the classes JShell compiled (wrappers named {@code REPL.$JShell$N}), from their bytes. */
    private static final class CellClassLoader extends ClassLoader {
        static {
            ClassLoader.registerAsParallelCapable();
        }

        private final Map<String, byte[]> declared = new ConcurrentHashMap<>();

        CellClassLoader(ClassLoader parent) {
            super("jshell-cells", parent);
        }

        void declare(String name, byte[] bytes) {
            declared.put(name, bytes);
        }

        /** A cell's class is defined here without asking the parents, which cannot have it. */
        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (!declared.containsKey(name)) {
                return super.loadClass(name, resolve);
            }
            synchronized (getClassLoadingLock(name)) {
                Class<?> c = findLoadedClass(name);
                if (c == null) {
                    c = findClass(name);
                }
                if (resolve) {
                    resolveClass(c);
                }
                return c;
            }
        }

        @Override
        protected Class<?> findClass(String name) throws ClassNotFoundException {
            byte[] bytes = declared.get(name);
            if (bytes == null) {
                throw new ClassNotFoundException(name);
            }
            return defineClass(name, bytes, 0, bytes.length);
        }
    }
}
