package org.attentionlab.kernel;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import jdk.jshell.JShell;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.spi.ExecutionControl;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Opcodes;

/**
 * Evaluates a run of declarations planned by {@link DeclarationBatches} so that later cells see its
 * members by their simple names, as if each had been its own snippet.
 *
 * <p>The run goes to JShell as one class snippet {@code $DeclsN} of static members. JShell nests it
 * in a package-private wrapper class, and an import snippet naming it ({@code import static
 * REPL.$JShell$2.$DeclsN.*}) is rejected: JShell checks imports outside package {@code REPL},
 * where the wrapper is inaccessible. So the kernel writes a public, empty subclass
 * {@code REPL.CellDeclarationsK} of it (a few bytes of class file, made with ASM) into a directory
 * on JShell's class path, loads it beside JShell's own classes, and imports that: a static import
 * on demand brings in inherited static members too.
 *
 * <p>JShell recompiles the class when a declaration it depends on changes, into a new wrapper;
 * {@link #refresh} then points a new subclass and a new import at the new class.
 */
final class BatchedDeclarations {
    private final JShell shell;
    private final ObjectExecutionControl control;
    private final Map<String, ErrorReports.Origin> origins;
    private final Function<String, List<SnippetEvent>> eval;
    private final Consumer<List<String>> addToClasspath;
    private final Set<String> names = new HashSet<>();
    /** Batches by the id of their class snippet. */
    private final Map<String, Imported> batches = new HashMap<>();
    private Path directory;
    private int count;
    private int subclasses;

    /** A batch's class name, the binary name of its current JShell class, and the import snippet that shows it. */
    private static final class Imported {
        final String className;
        String binaryName;
        Snippet importSnippet;

        Imported(String className, String binaryName, Snippet importSnippet) {
            this.className = className;
            this.binaryName = binaryName;
            this.importSnippet = importSnippet;
        }
    }

    /**
     * @param eval           evaluates one snippet and returns JShell's events (the session's counted eval)
     * @param addToClasspath adds a directory to JShell's class path
     */
    BatchedDeclarations(JShell shell, ObjectExecutionControl control, Map<String, ErrorReports.Origin> origins,
            Function<String, List<SnippetEvent>> eval, Consumer<List<String>> addToClasspath) {
        this.shell = shell;
        this.control = control;
        this.origins = origins;
        this.eval = eval;
        this.addToClasspath = addToClasspath;
    }

    /** Names declared by batches so far. */
    Set<String> names() {
        return names;
    }

    /**
     * Evaluates a batch; false if JShell did not take it whole (a compile error, a missing name):
     * nothing of it is left behind then, and the caller evaluates its snippets one by one.
     */
    boolean eval(DeclarationBatches.Batch b, int offset, ErrorReports reports) {
        String name = "$Decls" + (++count);
        SnippetEvent declared = own(eval.apply("class " + name + " { " + b.members() + "\n}"));
        if (declared == null) {
            return false;
        }
        Snippet cls = declared.snippet();
        String binary = declared.status() == Snippet.Status.VALID ? control.loadedClassEndingWith("$" + name) : null;
        Snippet imported = binary == null ? null : importMembers(name, binary);
        if (imported == null) {
            dropQuietly(cls);
            return false;
        }
        origins.put(cls.id(), reports.origin(offset + b.start()));
        names.addAll(b.names());
        batches.put(cls.id(), new Imported(name, binary, imported));
        return true;
    }

    /** Writes and loads a public subclass of {@code binary} and imports its static members; the import snippet, or null. */
    private Snippet importMembers(String simpleName, String binary) {
        String subclass = "REPL.CellDeclarations" + (++subclasses);
        try {
            byte[] bytes = subclassOf(subclass, binary, simpleName);
            Path dir = directory();
            Path file = dir.resolve(subclass.replace('.', '/') + ".class");
            Files.createDirectories(file.getParent());
            Files.write(file, bytes);
            file.toFile().deleteOnExit();
            control.load(new ExecutionControl.ClassBytecodes[] {new ExecutionControl.ClassBytecodes(subclass, bytes)});
        } catch (IOException | ExecutionControl.ExecutionControlException | RuntimeException e) {
            return null;
        }
        SnippetEvent imported = own(eval.apply("import static " + subclass + ".*;"));
        if (imported == null || imported.status() != Snippet.Status.VALID) {
            if (imported != null) {
                dropQuietly(imported.snippet());
            }
            return null;
        }
        return imported.snippet();
    }

    /**
     * {@code public class <subclass> extends <binary> {}}: no constructor (it is never instantiated),
     * and an InnerClasses entry so javac reads the superclass as the nested class it is.
     */
    static byte[] subclassOf(String subclass, String binary, String simpleName) {
        String sup = binary.replace('.', '/');
        ClassWriter w = new ClassWriter(0);
        w.visit(Opcodes.V11, Opcodes.ACC_PUBLIC | Opcodes.ACC_SUPER, subclass.replace('.', '/'), null, sup, null);
        w.visitInnerClass(sup, sup.substring(0, sup.length() - simpleName.length() - 1), simpleName,
                Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC);
        w.visitEnd();
        return w.toByteArray();
    }

    private Path directory() throws IOException {
        if (directory == null) {
            directory = Files.createTempDirectory("attention-lab-declarations");
            directory.toFile().deleteOnExit();
            Files.createDirectories(directory.resolve("REPL")).toFile().deleteOnExit();
            addToClasspath.accept(List.of(directory.toString()));
        }
        return directory;
    }

    /** Re-imports batches that JShell recompiled into another wrapper class (see the class comment). */
    void refresh(List<SnippetEvent> events) {
        for (SnippetEvent e : events) {
            Imported b = e.causeSnippet() == null ? null : batches.get(e.snippet().id());
            if (b == null || e.status() != Snippet.Status.VALID) {
                continue;
            }
            String binary = control.loadedClassEndingWith("$" + b.className);
            if (binary == null || binary.equals(b.binaryName)) {
                continue;
            }
            dropQuietly(b.importSnippet);
            Snippet imported = importMembers(b.className, binary);
            if (imported != null) {
                b.binaryName = binary;
                b.importSnippet = imported;
            }
        }
    }

    private static SnippetEvent own(List<SnippetEvent> events) {
        for (SnippetEvent e : events) {
            if (e.causeSnippet() == null) {
                return e;
            }
        }
        return null;
    }

    private void dropQuietly(Snippet s) {
        try {
            if (shell.status(s).isActive()) {
                shell.drop(s);
            }
        } catch (IllegalArgumentException e) {
            // not a snippet of this shell's any more: nothing to drop
        }
    }
}
