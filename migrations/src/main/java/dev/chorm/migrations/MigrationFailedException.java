package dev.chorm.migrations;

/** A migration step failed: names the migration, the step (number and text) and the server's error. */
public final class MigrationFailedException extends RuntimeException {

    private final int version;
    private final int step;

    public MigrationFailedException(Migration migration, MigrationScript.Step step, boolean reverse, Throwable cause) {
        super("migration " + migration.id() + (reverse ? " (reverse)" : "") + " failed at step " + step.number() + " of "
                + (reverse ? migration.reverseSteps().orElseThrow().size() : migration.steps().size()) + ":\n    "
                + step.display().replace("\n", "\n    ") + "\n" + cause.getMessage()
                + (reverse ? "" : "\nSteps before it are recorded as done: fix the cause (or the step) and run migrate again to resume."),
                cause);
        this.version = migration.version();
        this.step = step.number();
    }

    public int version() {
        return version;
    }

    /** The 1-based number of the step that failed. */
    public int step() {
        return step;
    }
}
