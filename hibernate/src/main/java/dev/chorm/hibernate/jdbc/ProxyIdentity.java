package dev.chorm.hibernate.jdbc;

import java.lang.reflect.Method;

/**
 * What every chorm JDBC proxy answers itself rather than pass to the driver's object: a proxy is
 * its own wrapper ({@code unwrap}/{@code isWrapperFor} of an interface it implements) and is equal
 * only to itself, so pools and Hibernate that compare or unwrap it see one object.
 */
final class ProxyIdentity {

    /** Returned by {@link #answer} for methods the proxy's handler must deal with. */
    static final Object NOT_ANSWERED = new Object();

    private ProxyIdentity() {
    }

    static Object answer(Object proxy, Method method, Object[] args) {
        int arity = method.getParameterCount();
        switch (method.getName()) {
            case "unwrap" -> {
                if (arity == 1 && ((Class<?>) args[0]).isInstance(proxy)) {
                    return proxy;
                }
            }
            case "isWrapperFor" -> {
                if (arity == 1 && ((Class<?>) args[0]).isInstance(proxy)) {
                    return true;
                }
            }
            case "equals" -> {
                if (arity == 1) {
                    return proxy == args[0];
                }
            }
            case "hashCode" -> {
                if (arity == 0) {
                    return System.identityHashCode(proxy);
                }
            }
            default -> {
            }
        }
        return NOT_ANSWERED;
    }
}
