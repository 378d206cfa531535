package dev.chorm.hibernate;

import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Field;
import java.lang.reflect.Method;

/** Finds the field or getter behind a mapped property, to read its annotations. */
final class Members {

    /** The member of a property, with its declared type. */
    record Member(AnnotatedElement element, Class<?> type) {
    }

    private Members() {
    }

    /** The field named {@code property}, else its getter, searched up the class hierarchy; null if none. */
    static Member find(Class<?> type, String property) {
        String suffix = Character.toUpperCase(property.charAt(0)) + property.substring(1);
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            for (Field field : c.getDeclaredFields()) {
                if (field.getName().equals(property)) {
                    return new Member(field, field.getType());
                }
            }
            for (Method method : c.getDeclaredMethods()) {
                if (method.getParameterCount() == 0
                        && (method.getName().equals("get" + suffix) || method.getName().equals("is" + suffix))) {
                    return new Member(method, method.getReturnType());
                }
            }
        }
        return null;
    }
}
