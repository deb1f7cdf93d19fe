package org.attentionlab.kernel;

import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;

/**
 * The class loader of the jars and directories a notebook adds ({@code %jars}, {@code %classpath},
 * {@code %maven}): child-first, so that for every class those jars hold, the notebook's copy wins
 * over the kernel's.
 *
 * <p>Why: the kernel's JVM carries its own libraries (gson, Guava, XChart, Tablesaw, ND4J, ...).
 * With the usual parent-first delegation a notebook that adds another version of one of them
 * silently gets the kernel's, and a library that is on both class paths is loaded from the
 * kernel's, where a reflective {@code Class.forName} cannot see the notebook's other jars. Here all
 * of a notebook's jars share this one loader, so they see one another, and they see the kernel's
 * libraries for whatever they do not bring themselves.
 *
 * <p>Three kinds of classes always come from the kernel: the JDK's (nobody may redefine them); the
 * kernel's API that cells and the kernel hand objects through ({@code org.attentionlab},
 * jjava's {@code org.dflib.jjava}); and slf4j's API, so that every library logs through the
 * kernel's one binding, which sends logs where {@link KernelLogging} says.
 */
final class NotebookClassLoader extends URLClassLoader {
    /** Packages shared with the kernel: a notebook's copy of them is never used. */
    static final List<String> KERNEL_FIRST = List.of("org.attentionlab.", "org.dflib.jjava.", "org.slf4j.");

    static {
        ClassLoader.registerAsParallelCapable();
    }

    private final ClassLoader platform = ClassLoader.getPlatformClassLoader();

    /** @param kernel the kernel's loader (the application class loader) */
    NotebookClassLoader(ClassLoader kernel) {
        super("notebook", new URL[0], kernel);
    }

    /** Adds a jar or a directory of classes; its classes win over the kernel's from now on. */
    void add(Path entry) {
        try {
            addURL(entry.toUri().toURL());
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException("not a usable class path entry: " + entry, e);
        }
    }

    /** Whether a class of this name is always taken from the kernel. */
    static boolean kernelFirst(String className) {
        for (String prefix : KERNEL_FIRST) {
            if (className.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        synchronized (getClassLoadingLock(name)) {
            Class<?> c = findLoadedClass(name);
            if (c == null) {
                c = jdkClass(name);
            }
            if (c == null && !kernelFirst(name)) {
                c = ownClass(name);
            }
            if (c == null) {
                try {
                    c = getParent().loadClass(name);
                } catch (ClassNotFoundException e) {
                    c = ownClass(name); // kernel-first, but not in the kernel: the notebook's is all there is
                    if (c == null) {
                        throw e;
                    }
                }
            }
            if (resolve) {
                resolveClass(c);
            }
            return c;
        }
    }

    private Class<?> jdkClass(String name) {
        try {
            return platform.loadClass(name);
        } catch (ClassNotFoundException e) {
            return null;
        }
    }

    private Class<?> ownClass(String name) {
        try {
            return findClass(name);
        } catch (ClassNotFoundException e) {
            return null;
        }
    }

    @Override
    public URL getResource(String name) {
        URL own = findResource(name);
        return own != null ? own : getParent().getResource(name);
    }

    /** The notebook's resources first, then the kernel's (so a service loader finds both). */
    @Override
    public Enumeration<URL> getResources(String name) throws IOException {
        List<URL> all = new ArrayList<>(Collections.list(findResources(name)));
        all.addAll(Collections.list(getParent().getResources(name)));
        return Collections.enumeration(all);
    }
}
