package dev.chorm.hibernate.type;

import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Java classes stored as a named ClickHouse {@code Tuple}: records (their components) and plain
 * classes with a no-argument constructor (their non-static, non-transient fields, in declaration
 * order, superclass fields first).
 */
public final class TupleClasses {

    /** One element of the tuple: its name, its generic Java type, and how to read it. */
    public record Component(String name, Type type, java.util.function.Function<Object, Object> reader) {
    }

    private TupleClasses() {
    }

    /** {@link #isTuple} per class: asked for every value that is read or written through a composite column. */
    private static final ClassValue<Boolean> TUPLES = new ClassValue<>() {
        @Override
        protected Boolean computeValue(Class<?> type) {
            return decideIsTuple(type);
        }
    };

    /** Whether values of {@code type} are stored as a tuple. */
    public static boolean isTuple(Class<?> type) {
        return TUPLES.get(type);
    }

    private static boolean decideIsTuple(Class<?> type) {
        if (type.isRecord()) {
            return true;
        }
        if (type.isPrimitive() || type.isArray() || type.isEnum() || type.isInterface() || Modifier.isAbstract(type.getModifiers())
                || Map.class.isAssignableFrom(type) || Collection.class.isAssignableFrom(type)) {
            return false;
        }
        String name = type.getName();
        if (name.startsWith("java.") || name.startsWith("javax.") || name.startsWith("jakarta.") || name.startsWith("org.hibernate.")) {
            return false;
        }
        try {
            type.getDeclaredConstructor();
            return !components(type).isEmpty();
        } catch (NoSuchMethodException e) {
            return false;
        }
    }

    /** The tuple's elements, in order. */
    public static List<Component> components(Class<?> type) {
        List<Component> components = new ArrayList<>();
        if (type.isRecord()) {
            for (RecordComponent component : type.getRecordComponents()) {
                var accessor = component.getAccessor();
                accessor.setAccessible(true);
                components.add(new Component(component.getName(), component.getGenericType(), value -> invoke(accessor, value)));
            }
            return components;
        }
        List<Class<?>> hierarchy = new ArrayList<>();
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            hierarchy.add(0, c);
        }
        for (Class<?> c : hierarchy) {
            for (Field field : c.getDeclaredFields()) {
                int modifiers = field.getModifiers();
                if (Modifier.isStatic(modifiers) || Modifier.isTransient(modifiers) || field.isSynthetic()) {
                    continue;
                }
                field.setAccessible(true);
                components.add(new Component(field.getName(), field.getGenericType(), value -> get(field, value)));
            }
        }
        return components;
    }

    /** A value of {@code type} with these elements (already of the components' Java types). */
    public static Object create(Class<?> type, Object[] elements) {
        try {
            if (type.isRecord()) {
                Class<?>[] types = java.util.Arrays.stream(type.getRecordComponents()).map(RecordComponent::getType)
                        .toArray(Class<?>[]::new);
                Constructor<?> constructor = type.getDeclaredConstructor(types);
                constructor.setAccessible(true);
                return constructor.newInstance(elements);
            }
            Constructor<?> constructor = type.getDeclaredConstructor();
            constructor.setAccessible(true);
            Object value = constructor.newInstance();
            List<Field> fields = new ArrayList<>();
            List<Class<?>> hierarchy = new ArrayList<>();
            for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
                hierarchy.add(0, c);
            }
            for (Class<?> c : hierarchy) {
                for (Field field : c.getDeclaredFields()) {
                    int modifiers = field.getModifiers();
                    if (!Modifier.isStatic(modifiers) && !Modifier.isTransient(modifiers) && !field.isSynthetic()) {
                        fields.add(field);
                    }
                }
            }
            for (int i = 0; i < fields.size() && i < elements.length; i++) {
                fields.get(i).setAccessible(true);
                if (elements[i] != null || !fields.get(i).getType().isPrimitive()) {
                    fields.get(i).set(value, elements[i]);
                }
            }
            return value;
        } catch (ReflectiveOperationException e) {
            throw new IllegalArgumentException("cannot create a " + type.getName() + " from a tuple", e);
        }
    }

    private static Object invoke(java.lang.reflect.Method accessor, Object value) {
        try {
            return accessor.invoke(value);
        } catch (ReflectiveOperationException e) {
            throw new IllegalArgumentException("cannot read " + accessor, e);
        }
    }

    private static Object get(Field field, Object value) {
        try {
            return field.get(value);
        } catch (IllegalAccessException e) {
            throw new IllegalArgumentException("cannot read " + field, e);
        }
    }
}
