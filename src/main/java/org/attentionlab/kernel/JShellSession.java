package org.attentionlab.kernel;

import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import jdk.jshell.Diag;
import jdk.jshell.ImportSnippet;
import jdk.jshell.JShell;
import jdk.jshell.JShellException;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.SourceCodeAnalysis;
import jdk.jshell.SourceCodeAnalysis.Completeness;
import jdk.jshell.SourceCodeAnalysis.CompletionInfo;
import jdk.jshell.UnresolvedReferenceException;
import javax.tools.StandardJavaFileManager;

/**
 * One JShell, executing in this JVM, that evaluates a cell's Java code snippet by snippet and
 * returns the last expression's value as an object.
 *
 * <p>{@code JShell.eval} runs only the first snippet of its input, so code is split with
 * {@link SourceCodeAnalysis#analyzeCompletion}. Class path entries go through
 * {@link JShell#addToClasspath} only: a {@code --class-path} compiler option would silently defeat
 * later additions ({@code %jars}).
 *
 * <p>The notebook's jars come first, for the compiler ({@link CompilerClassPath}) and at run time
 * ({@link SnippetLoader}, {@link NotebookClassLoader}); the kernel's default imports give way to the
 * notebook's own ({@link DefaultImportGuard}).
 */
final class JShellSession implements AutoCloseable {
    private final JShell shell;
    private final ObjectExecutionControl control;
    private final SourceCodeAnalysis analysis;
    /** Where each snippet came from, so a stack frame {@code #12:3} can name the cell and its line. */
    private final Map<String, ErrorReports.Origin> origins = new ConcurrentHashMap<>();
    private final Set<String> classPath = new LinkedHashSet<>();
    /** The entries the notebook added (not the kernel's own); shared with the compiler and the loader. */
    private final Set<String> notebookEntries = ConcurrentHashMap.newKeySet();
    private final ClassPaths.Index kernelClassPath;
    /** JShell's file manager, as the compiler sees the class path (set while the builder runs). */
    private StandardJavaFileManager files;
    private final DefaultImportGuard imports;

    /** @param kernelClassPath the kernel's class path entries, for the compiler (the JVM already has them) */
    JShellSession(List<String> kernelClassPath) {
        this.kernelClassPath = ClassPaths.Index.of(kernelClassPath);
        ObjectExecutionControl.Provider provider = new ObjectExecutionControl.Provider(
                new SnippetLoader(JShellSession.class.getClassLoader(), notebookEntries, this.kernelClassPath::holds));
        PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
        this.shell = JShell.builder()
                .executionEngine(provider, Map.of())
                .fileManager(fm -> {
                    files = fm;
                    return CompilerClassPath.notebookFirst(fm, notebookEntries);
                })
                .in(new ByteArrayInputStream(new byte[0]))
                .out(quiet)
                .err(quiet)
                .build();
        this.analysis = shell.sourceCodeAnalysis();
        shell.eval("1"); // starts the execution engine, so the control exists
        this.control = provider.control();
        shell.drop(shell.snippets().reduce((a, b) -> b).orElseThrow());
        this.imports = new DefaultImportGuard(shell, pkg -> CompilerClassPath.classesIn(files, pkg));
        classPath.addAll(kernelClassPath);
        if (!kernelClassPath.isEmpty()) {
            shell.addToClasspath(String.join(File.pathSeparator, kernelClassPath));
        }
    }

    /**
     * Adds a notebook's entries (jars or directories) to the compiler's and the loader's class
     * path, ahead of the kernel's; repeats, and the kernel's own jars named again (the same file, or
     * a jar of the same name and size), are ignored.
     */
    void addToClasspath(List<String> entries) {
        List<String> fresh = new ArrayList<>();
        for (String e : entries) {
            if (classPath.add(e) && !kernelClassPath.holds(Path.of(e))) {
                notebookEntries.add(e);
                fresh.add(e);
            }
        }
        if (!fresh.isEmpty()) {
            shell.addToClasspath(String.join(File.pathSeparator, fresh));
        }
    }

    List<String> classPath() {
        return List.copyOf(classPath);
    }

    /**
     * Evaluates the kernel's default imports quietly, skipping those the compiler rejects (a package
     * that is not on the class path), so the list can name optional packages.
     */
    void importDefaults(List<String> defaults) {
        imports.importDefaults(defaults);
    }

    /**
     * Evaluates {@code code} and returns the value of its last snippet if that is an expression,
     * else null.
     *
     * @param cell   the whole cell's text, for line numbers in errors
     * @param offset where {@code code} starts in {@code cell}
     * @param label  how errors name the cell, e.g. {@code "cell [3]"}
     * @throws CellException on a compile error, an exception in the code, or an interrupt
     */
    Object eval(String code, String cell, int offset, String label) {
        ErrorReports reports = new ErrorReports(cell, label);
        control.consumeStopped();
        control.cellActive(true);
        Object last = null;
        String remaining = code;
        try {
            while (!remaining.isBlank()) {
                int start = offset + code.length() - remaining.length();
                CompletionInfo info = analysis.analyzeCompletion(remaining);
                String source = info.source();
                if (source == null || info.completeness() == Completeness.DEFINITELY_INCOMPLETE) {
                    source = remaining; // let the compiler say what is missing
                    remaining = "";
                } else {
                    remaining = info.remaining();
                }
                last = evalSnippet(source, start, reports);
            }
        } finally {
            control.cellActive(false);
            control.forgetValues();
        }
        return last;
    }

    private Object evalSnippet(String source, int start, ErrorReports reports) {
        return evalSnippet(source, start, reports, true);
    }

    private Object evalSnippet(String source, int start, ErrorReports reports, boolean mayRetry) {
        Object value = null;
        for (SnippetEvent e : shell.eval(source)) {
            if (e.causeSnippet() != null) {
                continue; // an update of a dependent snippet, not this one
            }
            Snippet s = e.snippet();
            origins.put(s.id(), reports.origin(start + leadingWhitespace(source)));
            if (e.status() == Snippet.Status.REJECTED) {
                List<Diag> diags = shell.diagnostics(s).filter(Diag::isError).collect(Collectors.toList());
                shell.drop(s);
                if (mayRetry && imports.dropBehindAmbiguity(diags)) {
                    return evalSnippet(source, start, reports, false); // a default import was in the way
                }
                throw withImportNote(reports.compilationError(source, start, diags), diags);
            }
            if (s instanceof ImportSnippet imp && e.status() == Snippet.Status.VALID) {
                imports.notebookImported(imp);
            }
            if (control.consumeStopped()) {
                throw new CellException.Interrupted("Interrupted: the cell was stopped at the kernel's request"
                        + (control.stopUnsupported() ? " (this Java cannot stop threads; it ran to its end)" : ""));
            }
            JShellException ex = e.exception();
            if (ex instanceof UnresolvedReferenceException u) {
                throw reports.unresolved(u.getSnippet(), unresolvedNames(u.getSnippet()));
            }
            if (ex != null) {
                throw reports.runtimeError(ex, origins);
            }
            if (e.status() == Snippet.Status.RECOVERABLE_DEFINED || e.status() == Snippet.Status.RECOVERABLE_NOT_DEFINED) {
                System.err.println("note: " + ErrorReports.describe(s) + " is declared, but cannot be used until "
                        + String.join(", ", unresolvedNames(s)) + " is declared");
            }
            Object v = control.take(e.value());
            value = isExpression(s) ? v : null;
        }
        return value;
    }

    private static final Pattern MISSING_SYMBOL = Pattern.compile("symbol:\\s+(?:class|variable)\\s+([\\w$]+)");

    /** A compile error about a name whose default import was dropped gets a note saying so. */
    private CellException withImportNote(CellException error, List<Diag> diags) {
        List<String> notes = new ArrayList<>();
        for (Diag d : diags) {
            Matcher m = MISSING_SYMBOL.matcher(diagText(d));
            String note = d.getCode().startsWith("compiler.err.cant.resolve") && m.find()
                    ? imports.droppedNote(m.group(1)) : null;
            if (note != null && !notes.contains(note)) {
                notes.add(note);
            }
        }
        if (notes.isEmpty()) {
            return error;
        }
        List<String> lines = new ArrayList<>(error.lines());
        lines.addAll(notes);
        return new CellException.CompilationError(error.getMessage(), lines);
    }

    private List<String> unresolvedNames(Snippet s) {
        if (s instanceof jdk.jshell.DeclarationSnippet d) {
            return shell.unresolvedDependencies(d).collect(Collectors.toList());
        }
        return List.of();
    }

    private static boolean isExpression(Snippet s) {
        return s.kind() == Snippet.Kind.EXPRESSION
                || s.subKind() == Snippet.SubKind.TEMP_VAR_EXPRESSION_SUBKIND;
    }

    private static int leadingWhitespace(String s) {
        int i = 0;
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
        return i;
    }

    /** IJava's answer to is_complete: "complete", "invalid", or an indent meaning "incomplete". */
    String isComplete(String code) {
        String remaining = code;
        while (!remaining.isBlank()) {
            CompletionInfo info = analysis.analyzeCompletion(remaining);
            switch (info.completeness()) {
                case DEFINITELY_INCOMPLETE:
                case CONSIDERED_INCOMPLETE:
                    return "    ";
                case UNKNOWN:
                    return "invalid";
                default:
                    remaining = info.remaining();
            }
        }
        return "complete";
    }

    /** Completions at {@code cursor}: the replacement texts and where they start. */
    Completions complete(String code, int cursor) {
        int[] anchor = new int[1];
        List<String> matches = analysis.completionSuggestions(code, cursor, anchor).stream()
                .map(SourceCodeAnalysis.Suggestion::continuation)
                .distinct()
                .collect(Collectors.toList());
        return new Completions(matches, matches.isEmpty() ? cursor : anchor[0], cursor);
    }

    record Completions(List<String> matches, int start, int end) {
    }

    /** Signatures (and Javadoc when asked and available) of what the cursor is on; empty if none. */
    List<String> documentation(String code, int cursor, boolean javadoc) {
        List<SourceCodeAnalysis.Documentation> docs = analysis.documentation(code, cursor, javadoc);
        if (docs.isEmpty() && cursor > 0 && Character.isJavaIdentifierPart(code.charAt(cursor - 1))) {
            // Shift-Tab right after a method name: ask as if the call's parenthesis were typed.
            String asCall = code.substring(0, cursor) + "(" + code.substring(cursor);
            docs = analysis.documentation(asCall, cursor + 1, javadoc);
        }
        List<String> out = new ArrayList<>();
        for (SourceCodeAnalysis.Documentation d : docs) {
            out.add(d.javadoc() == null || d.javadoc().isBlank() ? d.signature() : d.signature() + "\n" + d.javadoc());
        }
        if (out.isEmpty() && cursor > 0) {
            String type = analysis.analyzeType(code, cursor);
            if (type != null && !type.isBlank()) {
                out.add(type);
            }
        }
        return out;
    }

    /** Ends the running snippet, if any (see {@link ObjectExecutionControl#stop()}). */
    void stop() {
        control.stop();
    }

    @Override
    public void close() {
        shell.close();
    }

    static String diagText(Diag d) {
        return d.getMessage(Locale.ROOT);
    }
}
