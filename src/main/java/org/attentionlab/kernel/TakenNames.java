package org.attentionlab.kernel;

import java.lang.reflect.Field;
import java.lang.reflect.Member;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Function;
import jdk.jshell.ImportSnippet;
import jdk.jshell.JShell;
import jdk.jshell.Snippet;

/**
 * The simple names a cell's code can already see as variables, methods or types: a declaration
 * with such a name must go to JShell on its own ({@link DeclarationBatches}), because only JShell's
 * own single imports shadow an earlier name the way a notebook expects.
 */
final class TakenNames {
    /** In the set when some import's members could not be listed: then every name counts as taken. */
    static final String EVERYTHING = "*";

    private TakenNames() {
    }

    /**
     * Names of active declarations, of earlier batches ({@code batched}), and of members brought in
     * by static imports (listed by reflection through {@code classes}, which looks a class up as
     * cells see it).
     */
    static Set<String> of(JShell shell, Function<String, Class<?>> classes, Set<String> batched) {
        Set<String> names = new HashSet<>(batched);
        shell.variables().forEach(v -> names.add(v.name()));
        shell.methods().forEach(m -> names.add(m.name()));
        shell.types().forEach(t -> names.add(t.name()));
        shell.imports().filter(i -> shell.status(i).isActive() && i.isStatic()).forEach(i -> addImported(i, classes, names));
        return names;
    }

    private static void addImported(ImportSnippet i, Function<String, Class<?>> classes, Set<String> names) {
        if (i.subKind() == Snippet.SubKind.SINGLE_STATIC_IMPORT_SUBKIND) {
            names.add(i.name());
            return;
        }
        String owner = i.fullname().endsWith(".*") ? i.fullname().substring(0, i.fullname().length() - 2) : i.fullname();
        if (owner.startsWith("REPL.")) {
            return; // an earlier batch: its names are in 'batched'
        }
        Class<?> c = lookUp(owner, classes);
        if (c == null) {
            names.add(EVERYTHING);
            return;
        }
        for (Field f : c.getFields()) {
            addIfStatic(f, names);
        }
        for (Method m : c.getMethods()) {
            addIfStatic(m, names);
        }
        for (Class<?> k : c.getClasses()) {
            if (Modifier.isStatic(k.getModifiers())) {
                names.add(k.getSimpleName());
            }
        }
    }

    private static void addIfStatic(Member m, Set<String> names) {
        if (Modifier.isStatic(m.getModifiers())) {
            names.add(m.getName());
        }
    }

    /** {@code a.b.C.D} may name a nested class {@code a.b.C$D}: tries each split from the right. */
    private static Class<?> lookUp(String canonical, Function<String, Class<?>> classes) {
        String name = canonical;
        while (true) {
            Class<?> c = classes.apply(name);
            if (c != null) {
                return c;
            }
            int dot = name.lastIndexOf('.');
            if (dot < 0) {
                return null;
            }
            name = name.substring(0, dot) + "$" + name.substring(dot + 1);
        }
    }
}
