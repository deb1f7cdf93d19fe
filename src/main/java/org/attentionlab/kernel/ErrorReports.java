package org.attentionlab.kernel;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import jdk.jshell.DeclarationSnippet;
import jdk.jshell.Diag;
import jdk.jshell.EvalException;
import jdk.jshell.JShellException;
import jdk.jshell.Snippet;

/**
 * Turns JShell's diagnostics and exceptions into what a notebook reader needs: the message, the
 * cell's line (not the snippet's), the line's text with a caret, and the user's own stack frames.
 *
 * <p>JShell numbers stack frames by snippet ({@code #12:3} is line 3 of snippet 12, counted from its
 * first non-blank character); {@link Origin} maps that back to "cell [5], line 7".
 */
final class ErrorReports {
    /** At most this many library frames are shown before the user's own frames. */
    private static final int MAX_LIBRARY_FRAMES = 6;

    private final String cell;
    private final String label;

    /** A snippet's first line: in which cell (label) and on which of its lines. */
    record Origin(String label, int line) {
    }

    ErrorReports(String cell, String label) {
        this.cell = cell;
        this.label = label;
    }

    Origin origin(int offset) {
        return new Origin(label, lineOf(cell, offset));
    }

    /** 1-based line of {@code offset} in {@code text}. */
    static int lineOf(String text, int offset) {
        int line = 1;
        for (int i = 0; i < Math.min(offset, text.length()); i++) {
            if (text.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }

    private String lineText(int line) {
        String[] lines = cell.split("\n", -1);
        return line - 1 < lines.length ? lines[line - 1] : "";
    }

    CellException compilationError(String source, int start, List<Diag> diags) {
        List<String> lines = new ArrayList<>();
        String first = null;
        for (Diag d : diags) {
            long pos = d.getStartPosition() >= 0 ? d.getStartPosition() : d.getPosition();
            int offset = start + (int) Math.max(0, Math.min(pos, source.length()));
            int line = lineOf(cell, offset);
            int column = offset - (cell.lastIndexOf('\n', Math.max(0, offset - 1)) + 1);
            if (offset > 0 && offset <= cell.length() && cell.charAt(offset - 1) == '\n') {
                column = 0;
            }
            String message = JShellSession.diagText(d);
            String where = label + ", line " + line;
            if (first == null) {
                first = where + ": " + firstLine(message);
            }
            lines.add("Compile error in " + where + ":");
            String text = lineText(line);
            lines.add("    " + text);
            lines.add("    " + " ".repeat(Math.max(0, Math.min(column, text.length()))) + "^");
            for (String m : message.split("\n")) {
                lines.add(m);
            }
            String hint = limitHint(d.getCode());
            if (hint != null) {
                lines.add(hint);
            }
        }
        if (first == null) {
            int line = lineOf(cell, start);
            first = label + ", line " + line + ": the code was rejected";
            lines.add(first);
        }
        return new CellException.CompilationError(first, lines);
    }

    /** What to do about one of the JVM's size limits, named by javac's diagnostic code; null for other errors. */
    static String limitHint(String code) {
        if (code == null || !code.startsWith("compiler.err.limit.")) {
            return null;
        }
        if (code.startsWith("compiler.err.limit.code")) {
            return "(the JVM allows at most 64 KB of bytecode in one method, and a cell's statements compile into one:"
                    + " split the code into several methods, or load large data from a file)";
        }
        if (code.equals("compiler.err.limit.string")) {
            return "(the JVM allows string constants up to 64 KB: read long text from a file)";
        }
        return "(the code exceeds a JVM class-file limit: split it into smaller classes or methods)";
    }

    CellException unresolved(DeclarationSnippet s, List<String> missing) {
        String message = describe(s) + " cannot be used until " + String.join(", ", missing) + " is declared";
        return new CellException.RuntimeError(message, List.of(message));
    }

    /** "method f", "class Foo", "variable x": how a declaration is named in messages. */
    static String describe(Snippet s) {
        String name = s instanceof DeclarationSnippet d ? d.name() : abbreviate(s.source().strip());
        switch (s.kind()) {
            case METHOD:
                return "method " + name;
            case TYPE_DECL:
                return "class " + name;
            case VAR:
                return "variable " + name;
            default:
                return name;
        }
    }

    CellException runtimeError(JShellException ex, Map<String, Origin> origins) {
        List<String> lines = new ArrayList<>();
        String className = ex instanceof EvalException ee ? ee.getExceptionClassName() : ex.getClass().getName();
        String headline = ex.getMessage() == null ? className : className + ": " + ex.getMessage();
        lines.add(headline);
        String where = appendFrames(ex.getStackTrace(), origins, lines);
        Throwable cause = ex.getCause();
        int depth = 0;
        while (cause != null && depth++ < 5) {
            String name = cause instanceof EvalException ce ? ce.getExceptionClassName() : cause.getClass().getName();
            lines.add("Caused by: " + (cause.getMessage() == null ? name : name + ": " + cause.getMessage()));
            appendFrames(cause.getStackTrace(), origins, lines);
            cause = cause.getCause();
        }
        String message = where == null ? headline : headline + " (" + where + ")";
        return new CellException.RuntimeError(message, lines);
    }

    /** Adds readable frames; returns the innermost user frame's place ("cell [3], line 4") or null. */
    private static String appendFrames(StackTraceElement[] frames, Map<String, Origin> origins, List<String> lines) {
        String innermost = null;
        int library = 0;
        boolean sawUser = false;
        for (StackTraceElement f : frames) {
            String file = f.getFileName();
            if (file != null && file.startsWith("#")) {
                sawUser = true;
                Origin o = origins.get(file.substring(1));
                String place = o == null ? "snippet " + file : o.label() + ", line " + (o.line() + f.getLineNumber() - 1);
                if (innermost == null) {
                    innermost = place;
                }
                String method = f.getMethodName();
                boolean wrapper = method == null || method.isEmpty() || method.startsWith("do_it$");
                lines.add("    at " + (wrapper ? place : method + " (" + place + ")"));
            } else if (!sawUser && library < MAX_LIBRARY_FRAMES && !isPlumbing(f)) {
                lines.add("    at " + f);
                library++;
            } else if (!sawUser && library == MAX_LIBRARY_FRAMES) {
                lines.add("    ...");
                library++;
            }
        }
        return innermost;
    }

    private static boolean isPlumbing(StackTraceElement f) {
        String c = f.getClassName();
        return c.startsWith("jdk.internal.reflect.") || c.startsWith("java.lang.reflect.")
                || c.startsWith("jdk.jshell.") || c.startsWith("org.attentionlab.kernel.");
    }

    /** The first line of a snippet, at most 60 characters: a message names code, it does not repeat it. */
    static String abbreviate(String source) {
        String first = firstLine(source);
        return first.length() > 60 ? first.substring(0, 57) + "..." : first.length() < source.length() ? first + " ..." : first;
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
