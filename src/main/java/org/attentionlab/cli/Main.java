package org.attentionlab.cli;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.attentionlab.nn.NativeMemory;

/**
 * The {@code attention-lab} command line: one sub-command a task.
 *
 * <p>Every failure a user can cause (an unknown option, a missing file, a bad value) surfaces as a
 * {@link UsageException} and exit code 2 with a one-line message, never as a stack trace.
 */
public final class Main {
    private static final Map<String, Command> COMMANDS = new LinkedHashMap<>();

    static {
        register(new TrainCommand());
        register(new DecodeCommand());
        register(new EvalCommand());
        register(new SpeechCommand());
        register(new BleuCommand());
        register(new AverageCommand());
        register(new SummarizeCommand());
        register(new ForwardCommand());
        register(new KernelCommand());
        register(new ReportsCommand());
        register(new NotebooksCommand());
        register(new BenchCommand());
        register(new GalleryCommand());
    }

    private static final String LOG_LEVEL = "org.slf4j.simpleLogger.defaultLogLevel";

    private Main() {
    }

    static void register(Command c) {
        COMMANDS.put(c.name(), c);
    }

    public static void main(String[] args) {
        // ND4J logs its backend details at INFO on every start; a command line shows only warnings,
        // unless the user asks for more with -Dorg.slf4j.simpleLogger.defaultLogLevel=info.
        if (System.getProperty(LOG_LEVEL) == null) {
            System.setProperty(LOG_LEVEL, "warn");
        }
        NativeMemory.skipPhysicalMemoryCheck();
        System.exit(run(args, System.out, System.err));
    }

    /** Runs a command line and returns its exit code: 0 success, 1 failure, 2 usage error. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0 || args[0].equals("-h") || args[0].equals("--help") || args[0].equals("help")) {
            usage(args.length == 0 ? err : out);
            return args.length == 0 ? 2 : 0;
        }
        Command command = COMMANDS.get(args[0]);
        if (command == null) {
            err.println("attention-lab: unknown command '" + args[0] + "'");
            usage(err);
            return 2;
        }
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        try {
            Options options = Options.parse(rest);
            if (options.flag("help")) {
                out.println(command.usage());
                return 0;
            }
            return command.run(options, out, err);
        } catch (UsageException e) {
            err.println("attention-lab " + command.name() + ": " + oneLine(e));
            err.println(command.usage());
            return 2;
        } catch (IllegalArgumentException | IllegalStateException | java.io.IOException | java.io.UncheckedIOException e) {
            err.println("attention-lab " + command.name() + ": " + oneLine(e));
            return 1;
        }
    }

    /**
     * The message of a failure as one line: a value the user gave may hold line breaks (an
     * {@code --input} with a newline), which are shown escaped, as {@code \n}, so that the error
     * stays the one line that scripts and people read.
     */
    static String oneLine(Exception e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        StringBuilder b = new StringBuilder(m.length());
        for (int i = 0; i < m.length(); i++) {
            char c = m.charAt(i);
            switch (c) {
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\u0085', '\u2028', '\u2029', '\u000B', '\u000C' -> b.append(String.format("\\u%04X", (int) c));
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    private static void usage(PrintStream s) {
        s.println("usage: attention-lab <command> [options]   (attention-lab <command> --help for details)");
        s.println();
        s.println("commands:");
        for (Command c : COMMANDS.values()) {
            s.printf("  %-10s %s%n", c.name(), c.summary());
        }
    }
}
