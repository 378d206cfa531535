package dev.chorm.hibernate.jdbc;

import com.clickhouse.data.Tuple;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Map parameters of statements other than INSERT, sent as a tuple of the keys and the values.
 *
 * <p>Why: the driver writes a {@code java.util.Map} into the SQL as {@code {'a':1}}, which ClickHouse
 * accepts only as data of an INSERT's VALUES; anywhere else it reads {@code {} as the start of a
 * query-parameter placeholder ({@code {name:Type}}) and fails with a syntax error. A tuple of two
 * arrays, {@code (['a'],[1])}, is valid everywhere, and {@code CAST(... AS Map(K, V))} turns it back
 * into the map: the translator writes that CAST around the Map columns of an entity update.
 */
final class MapParameters {

    private MapParameters() {
    }

    static PreparedStatement wrap(PreparedStatement statement) {
        return (PreparedStatement) Proxy.newProxyInstance(MapParameters.class.getClassLoader(),
                new Class<?>[]{PreparedStatement.class}, (proxy, method, args) -> {
                    Object own = ProxyIdentity.answer(proxy, method, args);
                    if (own != ProxyIdentity.NOT_ANSWERED) {
                        return own;
                    }
                    if (method.getName().equals("setObject") && args != null && args.length >= 2 && args[1] instanceof Map<?, ?>) {
                        args = args.clone();
                        args[1] = asTuple(args[1]);
                    }
                    return invoke(statement, method, args);
                });
    }

    /** A map as {@code (keys, values)}, nested maps too; other values as they are. */
    static Object asTuple(Object value) {
        if (value instanceof Map<?, ?> map) {
            List<Object> keys = new ArrayList<>(map.size());
            List<Object> values = new ArrayList<>(map.size());
            map.forEach((key, element) -> {
                keys.add(asTuple(key));
                values.add(asTuple(element));
            });
            return new Tuple(keys, values);
        }
        if (value instanceof Collection<?> elements && elements.stream().anyMatch(e -> e instanceof Map || e instanceof Collection)) {
            List<Object> converted = new ArrayList<>(elements.size());
            elements.forEach(element -> converted.add(asTuple(element)));
            return converted;
        }
        return value;
    }

    private static Object invoke(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
