package dev.chorm.migrations;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * One migration as found on disk: {@code V0003__add_price.sql}, with its optional reverse
 * {@code U0003__add_price.sql} and state snapshot {@code V0003__add_price.json}.
 *
 * @param version      the version number (0003 is 3)
 * @param name         the name after {@code __}
 * @param file         the forward SQL file
 * @param script       its text
 * @param checksum     SHA-256 of the forward text, line endings normalised: editing it after it is
 *                     applied is refused
 * @param steps        its steps
 * @param reverseSteps the reverse file's steps, or empty when the migration is irreversible
 * @param state        the schema state it leads to, when a snapshot was written
 */
public record Migration(int version, String name, Path file, String script, String checksum, List<MigrationScript.Step> steps,
                        Optional<List<MigrationScript.Step>> reverseSteps, Optional<SchemaState> state) {

    public Migration {
        steps = List.copyOf(steps);
    }

    /** {@code V0003__add_price}. */
    public String id() {
        return MigrationFiles.baseName(version, name);
    }

    public boolean reversible() {
        return reverseSteps.isPresent();
    }
}
