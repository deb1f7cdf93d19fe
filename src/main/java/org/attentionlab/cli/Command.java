package org.attentionlab.cli;

import java.io.IOException;
import java.io.PrintStream;

/** One sub-command of the command line. */
interface Command {
    String name();

    /** One line for the command list. */
    String summary();

    /** The full usage text printed with --help and after a usage error. */
    String usage();

    /** Runs the command; returns the process exit code. */
    int run(Options options, PrintStream out, PrintStream err) throws IOException;
}
