package dev.chorm.migrations;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.io.ByteArrayOutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Test helper: runs inspectdb's writer on a state, compiles the sources and gives the entity model they declare. */
final class InspectedEntities {

    private InspectedEntities() {
    }

    static SchemaState modelOf(SchemaState live, Path sources, String packageName) throws Exception {
        List<String> arguments = new ArrayList<>(List.of("-d", sources.toString(), "-classpath", System.getProperty("java.class.path")));
        for (var table : live.tables().values()) {
            EntitySourceWriter.Source source = EntitySourceWriter.write(table, packageName);
            if (!source.unsupported().isEmpty()) {
                throw new AssertionError("table " + table.name() + " is not expressible: " + source.unsupported());
            }
            Path file = sources.resolve(packageName.replace('.', '/')).resolve(source.className() + ".java");
            Files.createDirectories(file.getParent());
            Files.writeString(file, source.text());
            arguments.add(file.toString());
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        ByteArrayOutputStream errors = new ByteArrayOutputStream();
        if (javac.run(null, null, errors, arguments.toArray(String[]::new)) != 0) {
            throw new AssertionError("inspectdb's sources do not compile:\n" + errors);
        }
        URLClassLoader loader = new URLClassLoader(new URL[] {sources.toUri().toURL()}, InspectedEntities.class.getClassLoader());
        return EntityModel.of(EntityModel.scan(loader, List.of(packageName)), loader);
    }
}
