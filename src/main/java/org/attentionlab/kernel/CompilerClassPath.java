package org.attentionlab.kernel;

import java.io.File;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.StandardLocation;

/**
 * Puts the notebook's jars ahead of the kernel's on the class path JShell's compiler searches, so
 * that a cell compiles against the same classes it runs with (see {@link NotebookClassLoader}).
 *
 * <p>JShell's compiler starts from the JVM's class path and appends each
 * {@link jdk.jshell.JShell#addToClasspath addition}, handing the whole path to its file manager as a
 * {@code -classpath} option; javac takes the first class of a name it finds on that path. JShell
 * lets a kernel wrap the file manager ({@code JShell.Builder.fileManager}): this wrapper forwards
 * every call and reorders that one option's value, notebook entries first, in the order they were
 * added.
 */
final class CompilerClassPath {
    private CompilerClassPath() {
    }

    /** A file manager that behaves as {@code fm}, with {@code notebookEntries} first on the class path. */
    static StandardJavaFileManager notebookFirst(StandardJavaFileManager fm, Set<String> notebookEntries) {
        return (StandardJavaFileManager) Proxy.newProxyInstance(CompilerClassPath.class.getClassLoader(),
                new Class<?>[] {StandardJavaFileManager.class}, (proxy, method, args) -> {
                    Object[] actual = args;
                    if (method.getName().equals("handleOption") && args != null && args.length == 2
                            && isClassPathOption((String) args[0])) {
                        @SuppressWarnings("unchecked")
                        Iterator<String> rest = (Iterator<String>) args[1];
                        if (rest.hasNext()) {
                            actual = new Object[] {args[0], List.of(reorder(rest.next(), notebookEntries)).iterator()};
                        }
                    }
                    try {
                        return method.invoke(fm, actual);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    /**
     * The simple names of the top-level classes in package {@code pkg} that the compiler can see
     * through {@code fm} (its class path, then the JDK's): what {@code import pkg.*;} brings.
     */
    static Set<String> classesIn(StandardJavaFileManager fm, String pkg) {
        Set<String> out = new TreeSet<>();
        for (StandardLocation where : List.of(StandardLocation.CLASS_PATH, StandardLocation.PLATFORM_CLASS_PATH)) {
            try {
                for (JavaFileObject f : fm.list(where, pkg, EnumSet.of(JavaFileObject.Kind.CLASS), false)) {
                    String binary = fm.inferBinaryName(where, f);
                    String simple = binary == null ? "" : binary.substring(binary.lastIndexOf('.') + 1);
                    if (!simple.isEmpty() && !simple.contains("$") && !simple.endsWith("-info")) {
                        out.add(simple);
                    }
                }
            } catch (IOException | RuntimeException e) {
                // a location this file manager cannot list: what it could list still counts
            }
        }
        return out;
    }

    static boolean isClassPathOption(String option) {
        return option.equals("-classpath") || option.equals("-cp") || option.equals("--class-path");
    }

    /** {@code classPath} with the entries in {@code first} moved ahead of the others, each group in its order. */
    static String reorder(String classPath, Set<String> first) {
        List<String> front = new ArrayList<>();
        List<String> back = new ArrayList<>();
        for (String e : classPath.split(File.pathSeparator)) {
            if (!e.isEmpty()) {
                (first.contains(e) ? front : back).add(e);
            }
        }
        front.addAll(back);
        return String.join(File.pathSeparator, front);
    }
}
