package dev.chorm.hibernate.type;

import org.hibernate.HibernateException;
import org.hibernate.boot.registry.StandardServiceRegistryBuilder;
import org.hibernate.cfg.MappingSettings;
import org.hibernate.service.spi.ServiceContributor;
import org.hibernate.type.descriptor.WrapperOptions;
import org.hibernate.type.descriptor.java.JavaType;
import org.hibernate.type.format.FormatMapper;

/**
 * JSON attributes without a JSON library: when neither Jackson nor JSON-B is on the class path and
 * no {@code hibernate.type.json_format_mapper} is configured, Hibernate gets chorm's small format
 * mapper for {@code Map}, {@code List}, arrays and scalars (other classes fail with a message saying
 * what to add). With Jackson or JSON-B present nothing changes. Registered through
 * {@code META-INF/services}.
 */
public final class JsonFormatDefaults implements ServiceContributor {

    @Override
    public void contribute(StandardServiceRegistryBuilder builder) {
        if (builder.getSettings().get(MappingSettings.JSON_FORMAT_MAPPER) == null && !present("com.fasterxml.jackson.databind.ObjectMapper")
                && !present("tools.jackson.databind.ObjectMapper") && !present("jakarta.json.bind.JsonbBuilder")) {
            builder.applySetting(MappingSettings.JSON_FORMAT_MAPPER, new MapsAndLists());
        }
    }

    private static boolean present(String className) {
        try {
            Class.forName(className, false, JsonFormatDefaults.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /** JSON text for maps, lists, arrays and scalars ({@link JsonText}). */
    static final class MapsAndLists implements FormatMapper {

        @Override
        public <T> T fromString(CharSequence text, JavaType<T> javaType, WrapperOptions options) {
            Class<T> type = javaType.getJavaTypeClass();
            if (type == String.class) {
                return type.cast(text.toString());
            }
            check(type);
            Object value = JsonText.parse(text.toString());
            return value == null || type.isInstance(value) || type == Object.class ? type.cast(value) : javaType.wrap(value, options);
        }

        @Override
        public <T> String toString(T value, JavaType<T> javaType, WrapperOptions options) {
            if (value instanceof String text) {
                return text;
            }
            check(javaType.getJavaTypeClass());
            return JsonText.write(value);
        }

        private static void check(Class<?> type) {
            if (!JsonText.handles(type)) {
                throw new HibernateException("A JSON column of " + type.getName() + " needs Jackson or JSON-B on the class path;"
                        + " without them, map it as a Map, a List or an @Embeddable");
            }
        }
    }
}
