package dev.chorm.cli;

import dev.chorm.hibernate.ClusterProperties;
import dev.chorm.migrations.EntityModel;
import dev.chorm.migrations.Migrations;
import dev.chorm.migrations.SchemaState;

import java.io.File;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/** The options the migration commands share: the directory, the database, the entity model. */
final class MigrationSettings {

    static final String DEFAULT_DIRECTORY = "migrations";

    /** Hibernate's start-up banner is noise on a command line; kept referenced so the level sticks. */
    private static final java.util.logging.Logger HIBERNATE_LOG = java.util.logging.Logger.getLogger("org.hibernate");

    static {
        HIBERNATE_LOG.setLevel(java.util.logging.Level.WARNING);
    }

    private MigrationSettings() {
    }

    static Map<String, Boolean> directory() {
        return Map.of("dir", true);
    }

    /**
     * {@code --cluster NAME}: the migrations are a cluster's. makemigrations writes every statement
     * about a table {@code ON CLUSTER NAME} and puts every entity without its own cluster on it (as
     * {@code chorm.cluster} does in the application); migrate and showmigrations keep the history
     * {@code ON CLUSTER}, one table for all servers.
     */
    static Map<String, Boolean> cluster() {
        return Map.of("cluster", true);
    }

    static Map<String, Boolean> database() {
        return Map.of("url", true, "user", true, "password", true);
    }

    static Map<String, Boolean> model() {
        return Map.of("packages", true, "classes", true, "classpath", true);
    }

    @SafeVarargs
    static Map<String, Boolean> merge(Map<String, Boolean>... maps) {
        Map<String, Boolean> all = new LinkedHashMap<>();
        for (Map<String, Boolean> map : maps) {
            all.putAll(map);
        }
        return all;
    }

    static Migrations migrations(Options options) {
        return Migrations.in(Path.of(options.get("dir", DEFAULT_DIRECTORY))).onCluster(cluster(options));
    }

    /** The {@code --cluster}, or null; a blank one is a mistake, not "no cluster". */
    static String cluster(Options options) {
        if (!options.has("cluster")) {
            return null;
        }
        String cluster = options.get("cluster", "").strip();
        if (cluster.isEmpty()) {
            throw new UsageException("--cluster takes the cluster's name (a remote_servers entry), got an empty one");
        }
        return cluster;
    }

    /** The migration directory, which must exist: a mistyped --dir must not look like "nothing to do". */
    static Migrations existingMigrations(Options options) {
        Migrations migrations = migrations(options);
        if (!java.nio.file.Files.isDirectory(migrations.directory())) {
            throw new UsageException("no migration directory " + migrations.directory().toAbsolutePath()
                    + " (--dir; makemigrations creates it)");
        }
        return migrations;
    }

    /** A connection to {@code --url}; its database is the one migrated. */
    static Connection connect(Options options) throws SQLException {
        if (!options.has("url")) {
            throw new UsageException("--url is required, e.g. --url jdbc:clickhouse://localhost:8123/analytics");
        }
        Properties properties = new Properties();
        properties.setProperty("user", options.get("user", "default"));
        properties.setProperty("password", options.get("password", ""));
        return DriverManager.getConnection(options.get("url", null), properties);
    }

    /** The class loader of {@code --classpath} (directories and jars, separated by the platform's path separator). */
    static ClassLoader classLoader(Options options) {
        ClassLoader parent = MigrationSettings.class.getClassLoader();
        if (!options.has("classpath")) {
            return parent;
        }
        List<URL> urls = new ArrayList<>();
        for (String entry : options.get("classpath", "").split(File.pathSeparator)) {
            if (entry.isBlank()) {
                continue;
            }
            try {
                urls.add(Path.of(entry).toUri().toURL());
            } catch (MalformedURLException e) {
                throw new UsageException("--classpath entry '" + entry + "' is not a path");
            }
        }
        return new URLClassLoader(urls.toArray(URL[]::new), parent);
    }

    /** The entity model of {@code --packages} (scanned) and {@code --classes} (named). */
    static SchemaState model(Options options, ClassLoader loader) {
        if (!options.has("packages") && !options.has("classes")) {
            throw new UsageException("say where the entities are: --packages com.example.model[,...] or --classes com.example.Event[,...]"
                    + " (with --classpath DIR_OR_JAR[:...] when they are not on chorm's class path)");
        }
        List<Class<?>> entities = new ArrayList<>();
        if (options.has("packages")) {
            List<String> packages = list(options.get("packages", ""));
            List<Class<?>> found = EntityModel.scan(loader, packages);
            if (found.isEmpty()) {
                throw new UsageException("no @Entity class in packages " + packages + " of the class path");
            }
            entities.addAll(found);
        }
        for (String name : list(options.get("classes", ""))) {
            try {
                entities.add(Class.forName(name, false, loader));
            } catch (ClassNotFoundException e) {
                throw new UsageException("entity class " + name + " is not on the class path (--classpath)");
            }
        }
        String cluster = cluster(options);
        return EntityModel.of(entities, loader, cluster == null ? Map.of() : Map.of(ClusterProperties.CLUSTER, cluster));
    }

    static List<String> list(String commaSeparated) {
        return Arrays.stream(commaSeparated.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    /** Runs a command body, turning failures into a message and exit code 1 (usage errors pass through). */
    static int guarded(String command, java.io.PrintStream err, Body body) {
        try {
            return body.run();
        } catch (UsageException e) {
            throw e;
        } catch (Exception e) {
            err.println("chorm " + command + ": " + e.getMessage());
            return 1;
        }
    }

    @FunctionalInterface
    interface Body {
        int run() throws Exception;
    }
}
