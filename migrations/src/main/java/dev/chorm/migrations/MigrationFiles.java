package dev.chorm.migrations;

import java.util.regex.Pattern;

/** How a migration directory names its files. */
final class MigrationFiles {

    static final Pattern FORWARD = Pattern.compile("V(\\d+)__([A-Za-z0-9_]+)\\.sql");
    static final Pattern NAME = Pattern.compile("[A-Za-z0-9_]+");

    private MigrationFiles() {
    }

    static String baseName(int version, String name) {
        return "V" + String.format("%04d", version) + "__" + name;
    }

    static String forward(int version, String name) {
        return baseName(version, name) + ".sql";
    }

    static String reverse(int version, String name) {
        return "U" + String.format("%04d", version) + "__" + name + ".sql";
    }

    static String state(int version, String name) {
        return baseName(version, name) + ".json";
    }
}
