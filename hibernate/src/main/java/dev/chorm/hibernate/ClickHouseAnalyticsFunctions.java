package dev.chorm.hibernate;

import org.hibernate.boot.model.FunctionContributions;

/** ClickHouse's own analytics functions in HQL, and the clause markers of {@link ClickHouseQueryClauses}. */
final class ClickHouseAnalyticsFunctions {

    private ClickHouseAnalyticsFunctions() {
    }

    static void register(FunctionContributions contributions) {
        ClickHouseQueryClauses.register(contributions.getFunctionRegistry(), contributions.getTypeConfiguration());
    }
}
