package org.attentionlab.kernel;

import java.lang.reflect.Member;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import jdk.jshell.Diag;
import jdk.jshell.ImportSnippet;
import jdk.jshell.JShell;
import jdk.jshell.Snippet;

/**
 * Keeps the kernel's convenience imports from ever changing what a notebook's own import means.
 *
 * <p>Why: every cell starts with the toolkit's packages, ND4J's basics, XChart and Tablesaw
 * imported ({@link DefaultImports}). IJava had none of these, and notebooks written for it import
 * their own packages whole ({@code import org.tribuo.*;}). Two on-demand imports that both name
 * {@code Example} (or {@code Trainer}, {@code Table}, ...) make every use of it ambiguous; and a
 * single-type default ({@code import org.nd4j...DataType;}) silently beats a notebook's on-demand
 * import of another {@code DataType}, since Java lets a single-type import win.
 *
 * <p>The rule: a notebook's import always wins. When a cell's import names a class (by its simple
 * name) that a convenience import also names, for another class, that convenience import is dropped
 * from the JShell state before the cell's next snippet compiles. The simple names an on-demand
 * import brings are read from the compiler's own class path ({@link #classesIn}), so the check sees
 * exactly what the compiler would. A whole package import is dropped rather than narrowed to the
 * names that do not clash: a single-type import of the rest would beat the notebook's later
 * on-demand imports, the very shadowing this avoids; a dropped package's classes stay one explicit
 * import away. The {@code java.*} imports stay (JShell and IJava start with them too), as does every
 * convenience that clashes with nothing.
 *
 * <p>Static imports (the notebook helpers {@code display}, {@code render}, ...) are handled when
 * they clash: if the compiler reports a reference as ambiguous, the conveniences that provide that
 * name are dropped and the snippet compiled again. That is also the safety net for any clash the
 * listing missed (an on-demand import of a nested type's members, say). Each drop is logged to the
 * kernel's log.
 */
final class DefaultImportGuard {
    private static final Logger LOG = Logger.getLogger(DefaultImportGuard.class.getName());
    private static final Pattern AMBIGUOUS = Pattern.compile("reference to ([\\w$]+) is ambiguous");

    /** One import as JShell parsed it: {@code org.clash.*}, {@code org.nd4j...DataType}, static or not. */
    record Import(String fullName, boolean isStatic) {
        static Import of(ImportSnippet s) {
            return new Import(s.fullname(), s.isStatic());
        }

        boolean onDemand() {
            return fullName.endsWith(".*");
        }

        /** The package or type named: {@code org.clash} for {@code org.clash.*} and for {@code org.clash.Table}. */
        String container() {
            String n = onDemand() ? fullName.substring(0, fullName.length() - 2) : fullName;
            return onDemand() ? n : n.substring(0, Math.max(0, n.lastIndexOf('.')));
        }

        String simpleName() {
            return fullName.substring(fullName.lastIndexOf('.') + 1);
        }

        @Override
        public String toString() {
            return "import " + (isStatic ? "static " : "") + fullName;
        }
    }

    private final JShell shell;
    /** Top-level class names in a package, as the compiler sees its class path. */
    private final Function<String, Set<String>> classesIn;
    private final Map<String, Set<String>> classCache = new HashMap<>();
    /** Convenience imports still in force, with their snippets. */
    private final Map<Import, Snippet> conveniences = new LinkedHashMap<>();
    /** Dropped conveniences and why, so an unresolved name can say where its import went. */
    private final Map<Import, String> dropped = new LinkedHashMap<>();

    DefaultImportGuard(JShell shell, Function<String, Set<String>> classesIn) {
        this.shell = shell;
        this.classesIn = classesIn;
    }

    /**
     * Evaluates the kernel's default imports; those the compiler rejects (a library left off the
     * class path) are skipped, and all but the {@code java.*} ones are remembered as droppable.
     */
    void importDefaults(List<String> imports) {
        for (String source : imports) {
            for (var e : shell.eval(source)) {
                if (e.status() == Snippet.Status.REJECTED) {
                    shell.drop(e.snippet());
                } else if (e.snippet() instanceof ImportSnippet s && !s.fullname().startsWith("java.")) {
                    conveniences.put(Import.of(s), s);
                }
            }
        }
    }

    /** Called after a notebook's import was evaluated: drops the conveniences it clashes with. */
    void notebookImported(ImportSnippet s) {
        Import user = Import.of(s);
        conveniences.values().removeIf(d -> !shell.status(d).isActive()); // overwritten by the notebook's own
        if (user.isStatic()) {
            return; // members are only checked when the compiler finds a reference ambiguous
        }
        // Not cached: a later %jars may add classes to the notebook's package.
        Set<String> names = user.onDemand() ? classesIn.apply(user.container()) : Set.of(user.simpleName());
        List<Import> clashing = new ArrayList<>();
        for (Import d : conveniences.keySet()) {
            if (d.isStatic() || d.container().equals(user.container())) {
                continue;
            }
            if (d.onDemand() && user.onDemand()) {
                if (!intersection(classes(d.container()), names).isEmpty()) {
                    clashing.add(d);
                }
            } else if (!d.onDemand() && user.onDemand() && names.contains(d.simpleName())) {
                clashing.add(d);
            }
            // A notebook's single-type import beats an on-demand default by Java's own rules, and
            // replaces a single-type default of the same name in JShell.
        }
        for (Import d : clashing) {
            Set<String> shared = d.onDemand() ? intersection(classes(d.container()), names) : Set.of(d.simpleName());
            drop(d, user + " also names " + String.join(", ", shared));
        }
    }

    /**
     * After a snippet was rejected: if the compiler found a reference ambiguous and a convenience
     * provides that name, drops it and returns true (the caller compiles the snippet again).
     */
    boolean dropBehindAmbiguity(Collection<Diag> diags) {
        boolean any = false;
        for (Diag d : diags) {
            if (!"compiler.err.ref.ambiguous".equals(d.getCode())) {
                continue;
            }
            Matcher m = AMBIGUOUS.matcher(d.getMessage(Locale.ROOT));
            if (!m.find()) {
                continue;
            }
            for (Import c : providing(m.group(1))) {
                drop(c, "a reference to " + m.group(1) + " was ambiguous");
                any = true;
            }
        }
        return any;
    }

    /**
     * Why {@code simpleName} may be unknown: a line naming the dropped convenience that provided
     * it, or null.
     */
    String droppedNote(String simpleName) {
        for (Map.Entry<Import, String> e : dropped.entrySet()) {
            Import d = e.getKey();
            boolean provides = d.onDemand() ? classes(d.container()).contains(simpleName)
                    : d.simpleName().equals(simpleName);
            if (provides && !d.isStatic()) {
                return "note: the kernel's default " + e.getKey() + " was dropped because " + e.getValue()
                        + "; add import " + d.container() + "." + simpleName + "; to use it";
            }
        }
        return null;
    }

    private List<Import> providing(String name) {
        List<Import> out = new ArrayList<>();
        for (Import c : conveniences.keySet()) {
            boolean provides;
            if (c.isStatic()) {
                provides = c.onDemand() ? staticMembers(c.container()).contains(name) : c.simpleName().equals(name);
            } else {
                provides = c.onDemand() ? classes(c.container()).contains(name) : c.simpleName().equals(name);
            }
            if (provides) {
                out.add(c);
            }
        }
        return out;
    }

    private void drop(Import d, String why) {
        Snippet s = conveniences.remove(d);
        if (s != null && shell.status(s).isActive()) {
            shell.drop(s);
            dropped.put(d, why);
            LOG.info("dropped the kernel's default " + d + ": " + why);
        }
    }

    /** The classes of a convenience's package: the kernel's own, so they never change. */
    private Set<String> classes(String pkg) {
        return classCache.computeIfAbsent(pkg, classesIn);
    }

    /** Public static methods and fields of a kernel class (the notebook helpers), by name. */
    private static Set<String> staticMembers(String className) {
        try {
            Class<?> c = Class.forName(className, false, DefaultImportGuard.class.getClassLoader());
            Set<String> names = new HashSet<>();
            Stream.concat(Stream.of(c.getMethods()), Stream.of(c.getFields()))
                    .filter(m -> Modifier.isStatic(m.getModifiers()))
                    .map(Member::getName)
                    .forEach(names::add);
            return names;
        } catch (ClassNotFoundException | LinkageError e) {
            return Set.of();
        }
    }

    private static Set<String> intersection(Set<String> a, Set<String> b) {
        Set<String> out = new java.util.TreeSet<>(a);
        out.retainAll(b);
        return out;
    }
}
