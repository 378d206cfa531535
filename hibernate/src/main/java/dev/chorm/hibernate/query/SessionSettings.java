package dev.chorm.hibernate.query;

import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * Puts an EntityManager's default settings on each query it runs. Hibernate hands every
 * statement to this inspector after the dialect has rendered the query's own settings, so a
 * setting the query names wins, while the factory's defaults (chorm's SQL-semantics settings and
 * {@code chorm.settings}) give way to the session's.
 * Statements that are not queries (inserts, mutations) are left alone.
 */
final class SessionSettings implements UnaryOperator<String> {

    private static final Pattern QUERY = Pattern.compile("(?is)^\\s*(?:/\\*.*?\\*/\\s*)*\\(*\\s*(?:select|with)\\b.*");

    private final Settings settings;
    private final Settings factoryDefaults;

    SessionSettings(Settings settings, Settings factoryDefaults) {
        this.settings = settings;
        this.factoryDefaults = factoryDefaults;
    }

    @Override
    public String apply(String sql) {
        if (settings.isEmpty() || !QUERY.matcher(sql).matches()) {
            return sql;
        }
        // The statement's clause lists the factory's defaults first, in their order, then the query's own
        // settings (a query setting replacing a default moves to the end): the session overrides
        // the former and gives way to the latter.
        Settings merged = settings;
        List<String> defaults = List.copyOf(factoryDefaults.asMap().keySet());
        int lastDefault = -1;
        boolean ownSettings = false;
        for (Map.Entry<String, String> own : Settings.parse(Settings.trailingClause(sql)).asMap().entrySet()) {
            int position = defaults.indexOf(own.getKey());
            ownSettings = ownSettings || position <= lastDefault
                    || !own.getValue().equals(factoryDefaults.asMap().get(own.getKey()));
            lastDefault = Math.max(lastDefault, position);
            if (ownSettings || !settings.asMap().containsKey(own.getKey())) {
                merged = merged.andRendered(own.getKey(), own.getValue());
            }
        }
        return Settings.withoutClause(sql) + " settings " + merged;
    }
}
