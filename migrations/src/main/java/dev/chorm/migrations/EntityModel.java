package dev.chorm.migrations;

import dev.chorm.hibernate.ClickHouseDialect;
import dev.chorm.hibernate.EntityTables;
import jakarta.persistence.Entity;
import org.hibernate.boot.MetadataSources;
import org.hibernate.boot.registry.BootstrapServiceRegistry;
import org.hibernate.boot.registry.BootstrapServiceRegistryBuilder;
import org.hibernate.boot.registry.StandardServiceRegistry;
import org.hibernate.boot.registry.StandardServiceRegistryBuilder;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * The entity model as a {@link SchemaState}: Hibernate metadata built offline (no connection) with
 * chorm's dialect, turned into tables by {@link EntityTables}, exactly what schema export would create.
 */
public final class EntityModel {

    private EntityModel() {
    }

    /** The tables of these entity classes. */
    public static SchemaState of(Collection<Class<?>> entities, ClassLoader classLoader) {
        return of(entities, classLoader, Map.of());
    }

    /**
     * The tables of these entity classes, with Hibernate settings that shape names, as the
     * application uses them: a Spring Boot application names columns with
     * {@code hibernate.physical_naming_strategy =
     * org.hibernate.boot.model.naming.CamelCaseToUnderscoresNamingStrategy}.
     */
    public static SchemaState of(Collection<Class<?>> entities, ClassLoader classLoader, Map<String, ?> settings) {
        BootstrapServiceRegistry bootstrap = new BootstrapServiceRegistryBuilder().applyClassLoader(classLoader).build();
        StandardServiceRegistryBuilder builder = new StandardServiceRegistryBuilder(bootstrap);
        settings.forEach(builder::applySetting);
        StandardServiceRegistry registry = builder
                .applySetting("hibernate.dialect", ClickHouseDialect.class.getName())
                .applySetting("hibernate.boot.allow_jdbc_metadata_access", "false")
                .build();
        try {
            MetadataSources sources = new MetadataSources(registry);
            entities.stream().sorted(Comparator.comparing(Class::getName)).forEach(sources::addAnnotatedClass);
            return SchemaState.of(EntityTables.of(sources.buildMetadata()));
        } finally {
            StandardServiceRegistryBuilder.destroy(registry);
        }
    }

    /** The tables of these entity classes, loaded by this class's loader. */
    public static SchemaState of(Class<?>... entities) {
        return of(List.of(entities), EntityModel.class.getClassLoader());
    }

    /**
     * The {@link Entity} classes in these packages (and their sub-packages), found in directories and
     * jars of {@code classLoader}, sorted by name.
     */
    public static List<Class<?>> scan(ClassLoader classLoader, Collection<String> packages) {
        TreeSet<String> classNames = new TreeSet<>();
        for (String pkg : packages) {
            String path = pkg.replace('.', '/');
            try {
                Enumeration<URL> roots = classLoader.getResources(path);
                while (roots.hasMoreElements()) {
                    URL root = roots.nextElement();
                    if (root.getProtocol().equals("file")) {
                        Path dir = Path.of(root.toURI());
                        try (Stream<Path> files = Files.walk(dir)) {
                            files.filter(f -> f.toString().endsWith(".class")).forEach(f -> classNames.add(pkg + "."
                                    + dir.relativize(f).toString().replace(File.separatorChar, '.').replaceAll("\\.class$", "")));
                        }
                    } else if (root.getProtocol().equals("jar")) {
                        try (JarFile jar = ((JarURLConnection) root.openConnection()).getJarFile()) {
                            Enumeration<JarEntry> entries = jar.entries();
                            while (entries.hasMoreElements()) {
                                String name = entries.nextElement().getName();
                                if (name.startsWith(path + "/") && name.endsWith(".class")) {
                                    classNames.add(name.replace('/', '.').replaceAll("\\.class$", ""));
                                }
                            }
                        }
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot scan package " + pkg, e);
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException("cannot scan package " + pkg + ": " + e.getMessage(), e);
            }
        }
        List<Class<?>> entities = new ArrayList<>();
        for (String name : classNames) {
            if (name.endsWith("module-info") || name.endsWith("package-info")) {
                continue;
            }
            try {
                Class<?> type = Class.forName(name, false, classLoader);
                if (type.isAnnotationPresent(Entity.class)) {
                    entities.add(type);
                }
            } catch (ClassNotFoundException | LinkageError e) {
                // a class that cannot load cannot be an entity of this model; skip it
            }
        }
        return entities;
    }
}
