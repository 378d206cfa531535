package dev.chorm.migrations;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.stream.Stream;

/** Reads a migration directory: every {@code V<version>__<name>.sql} with its reverse and snapshot, by version. */
public final class MigrationLoader {

    private MigrationLoader() {
    }

    /**
     * The migrations in {@code directory}, ordered by version; none when it does not exist.
     *
     * @throws IllegalArgumentException naming the file for two files of one version, a V file whose name
     *                                  does not follow the pattern, or a file that does not parse
     */
    public static List<Migration> load(Path directory) {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        TreeMap<Integer, Migration> byVersion = new TreeMap<>();
        List<Path> files;
        try (Stream<Path> listing = Files.list(directory)) {
            files = listing.sorted(Comparator.comparing(Path::toString)).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list migration directory " + directory, e);
        }
        for (Path file : files) {
            String fileName = file.getFileName().toString();
            if (!fileName.startsWith("V") || !fileName.endsWith(".sql")) {
                continue;
            }
            Matcher m = MigrationFiles.FORWARD.matcher(fileName);
            if (!m.matches()) {
                throw new IllegalArgumentException("migration file " + file + " is not named V<version>__<name>.sql"
                        + " (name: letters, digits, _)");
            }
            int version = Integer.parseInt(m.group(1));
            String name = m.group(2);
            Migration migration = read(directory, file, version, name);
            Migration other = byVersion.put(version, migration);
            if (other != null) {
                throw new IllegalArgumentException("two migrations have version " + version + ": " + other.file().getFileName()
                        + " and " + fileName);
            }
        }
        return List.copyOf(byVersion.values());
    }

    /** The state the last migration with a snapshot leads to; {@link SchemaState#EMPTY} without migrations. */
    public static SchemaState latestState(List<Migration> migrations) {
        for (int i = migrations.size() - 1; i >= 0; i--) {
            Optional<SchemaState> state = migrations.get(i).state();
            if (state.isPresent()) {
                return state.get();
            }
        }
        return SchemaState.EMPTY;
    }

    private static Migration read(Path directory, Path file, int version, String name) {
        String script = readText(file);
        List<MigrationScript.Step> steps;
        try {
            steps = MigrationScript.parse(script);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("migration " + file + ": " + e.getMessage(), e);
        }
        Path reverseFile = directory.resolve(MigrationFiles.reverse(version, name));
        Optional<List<MigrationScript.Step>> reverse = Optional.empty();
        if (Files.exists(reverseFile)) {
            try {
                reverse = Optional.of(MigrationScript.parse(readText(reverseFile)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("migration " + reverseFile + ": " + e.getMessage(), e);
            }
        }
        Path stateFile = directory.resolve(MigrationFiles.state(version, name));
        Optional<SchemaState> state = Optional.empty();
        if (Files.exists(stateFile)) {
            try {
                state = Optional.of(StateCodec.read(readText(stateFile)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("migration state " + stateFile + ": " + e.getMessage(), e);
            }
        }
        return new Migration(version, name, file, script, MigrationScript.checksum(script), steps, reverse, state);
    }

    private static String readText(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
