package dev.chorm.examples;

import dev.chorm.migrations.Migrations;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.util.Map;

/**
 * The example's migrations, shipped in its resources ({@code db/chorm}), written by {@code chorm
 * makemigrations} from the entities in {@code dev.chorm.examples.model} and reviewed like code.
 * Read from the class path, whether that is a directory (IDE, tests) or the jar ({@code bin/demo}).
 */
final class ShippedMigrations {

    static final String DIRECTORY = "db/chorm";

    private ShippedMigrations() {
    }

    static Migrations load() {
        URL url = ShippedMigrations.class.getClassLoader().getResource(DIRECTORY);
        if (url == null) {
            throw new IllegalStateException("the example's migrations (" + DIRECTORY + ") are not on the class path");
        }
        try {
            URI uri = url.toURI();
            if (uri.getScheme().equals("jar")) {
                FileSystem jar;
                try {
                    jar = FileSystems.newFileSystem(uri, Map.of());
                } catch (FileSystemAlreadyExistsException e) {
                    jar = FileSystems.getFileSystem(uri);
                }
                return Migrations.in(jar.getPath(DIRECTORY));
            }
            return Migrations.in(Path.of(uri));
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot read " + url, e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open " + url, e);
        }
    }
}
