package org.attentionlab.kernel;

import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

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
 *
 * <p>And a class found in a jar that is a copy of one of the kernel's (a jar of the same name and
 * size, see {@link ClassPaths.Index}) is taken from the kernel: a notebook written the IJava way
 * names the toolkit's jars ({@code %jars ../target/attention-lab.jar ../target/lib/*.jar}), whose
 * manifests reach more of them, and a second copy of ND4J or XChart would break native loading
 * and the kernel's renderers for nothing.
 */
final class NotebookClassLoader extends URLClassLoader {
    /** Packages shared with the kernel: a notebook's copy of them is never used. */
    static final List<String> KERNEL_FIRST = List.of("org.attentionlab.", "org.dflib.jjava.", "org.slf4j.");

    static {
        ClassLoader.registerAsParallelCapable();
    }

    private final ClassLoader platform = ClassLoader.getPlatformClassLoader();
    private final Predicate<Path> kernelHolds;
    /** Jar or directory URL prefix to whether it is a copy of a kernel jar. */
    private final Map<String, Boolean> kernelCopies = new ConcurrentHashMap<>();

    /**
     * @param kernel      the kernel's loader (the application class loader)
     * @param kernelHolds whether a jar is (a copy of) one of the kernel's own
     */
    NotebookClassLoader(ClassLoader kernel, Predicate<Path> kernelHolds) {
        super("notebook", new URL[0], kernel);
        this.kernelHolds = kernelHolds;
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

    /** Finds a class in the notebook's jars, unless the jar it is in is a copy of the kernel's. */
    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
        if (findResource(name.replace('.', '/').concat(".class")) == null) {
            throw new ClassNotFoundException(name);
        }
        return super.findClass(name);
    }

    @Override
    public URL findResource(String name) {
        URL u = super.findResource(name);
        return u == null || kernelCopy(u) ? null : u;
    }

    @Override
    public Enumeration<URL> findResources(String name) throws IOException {
        List<URL> own = new ArrayList<>();
        for (URL u : Collections.list(super.findResources(name))) {
            if (!kernelCopy(u)) {
                own.add(u);
            }
        }
        return Collections.enumeration(own);
    }

    /** Whether a resource URL ({@code jar:file:/x.jar!/a/B.class} or {@code file:/dir/a/B.class}) is in a kernel jar's copy. */
    private boolean kernelCopy(URL resource) {
        String u = resource.toString();
        int bang = u.indexOf("!/");
        if (!u.startsWith("jar:file:") || bang < 0) {
            return false; // a directory of classes: never a copy of a kernel jar
        }
        String jar = u.substring("jar:".length(), bang);
        return kernelCopies.computeIfAbsent(jar, j -> {
            try {
                return kernelHolds.test(Path.of(URI.create(j)));
            } catch (IllegalArgumentException e) {
                return false;
            }
        });
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
