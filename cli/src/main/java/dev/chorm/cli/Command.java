package dev.chorm.cli;

import java.io.PrintStream;
import java.util.Map;

/** One {@code chorm} sub-command. */
interface Command {

    /** Option names (without {@code --}) mapped to whether they take a value. */
    Map<String, Boolean> options();

    String usage();

    int run(Options options, PrintStream out, PrintStream err);
}
