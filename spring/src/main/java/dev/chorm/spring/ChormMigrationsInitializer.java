package dev.chorm.spring;

import dev.chorm.migrations.MigrateOptions;
import dev.chorm.migrations.MigrationExecutor;
import dev.chorm.migrations.Migrations;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.ResourcePatternResolver;

import javax.sql.DataSource;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Comparator;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * Applies the pending migrations of {@code chorm.migrations.location} when the application starts,
 * before the JPA {@code EntityManagerFactory} (which then finds its tables). A failed migration
 * stops the application, with the step that failed; the next start resumes there.
 */
public class ChormMigrationsInitializer implements InitializingBean {

    private static final Logger LOG = Logger.getLogger(ChormMigrationsInitializer.class.getName());

    private final DataSource dataSource;
    private final String location;
    private final ResourcePatternResolver resources;
    private boolean found;

    public ChormMigrationsInitializer(DataSource dataSource, String location, ResourcePatternResolver resources) {
        this.dataSource = dataSource;
        this.location = location;
        this.resources = resources;
    }

    /** Whether the location held migrations (then they, not Hibernate, own the schema). */
    public boolean foundMigrations() {
        return found;
    }

    @Override
    public void afterPropertiesSet() throws IOException, SQLException {
        Resource[] files;
        try {
            files = resources.getResources(location.replaceAll("/+$", "") + "/*");
        } catch (FileNotFoundException e) {
            LOG.fine(() -> "no chorm migrations: " + location + " does not exist");
            return;
        }
        Path directory = Files.createTempDirectory("chorm-migrations");
        try {
            for (Resource file : files) {
                String name = file.getFilename();
                if (name != null && file.isReadable() && name.matches("[VU]\\d+__.*")) {
                    try (InputStream in = file.getInputStream()) {
                        Files.copy(in, directory.resolve(name), StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }
            Migrations migrations = Migrations.in(directory);
            found = !migrations.load().isEmpty();
            if (!found) {
                LOG.fine(() -> "no chorm migrations at " + location);
                return;
            }
            try (Connection connection = dataSource.getConnection()) {
                MigrationExecutor.Result result = migrations.migrate(connection, MigrateOptions.defaults(), LOG::info);
                LOG.info(() -> "chorm migrations at " + location + ": " + (result.applied().isEmpty() ? "up to date"
                        : "applied " + String.join(", ", result.applied())));
            }
        } finally {
            deleteRecursively(directory);
        }
    }

    private static void deleteRecursively(Path directory) {
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
