package dev.chorm.migrations;

import dev.chorm.test.TestDatabase;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** Test helper: query rows as text. */
final class Sql {

    private Sql() {
    }

    /** Each row as its values joined by {@code |}. */
    static List<String> rows(TestDatabase db, String query) {
        try (Connection c = db.openConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(query)) {
            ResultSetMetaData meta = rs.getMetaData();
            List<String> rows = new ArrayList<>();
            while (rs.next()) {
                List<String> values = new ArrayList<>();
                for (int i = 1; i <= meta.getColumnCount(); i++) {
                    values.add(String.valueOf(rs.getString(i)));
                }
                rows.add(String.join("|", values));
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException(query + ": " + e.getMessage(), e);
        }
    }

    static String one(TestDatabase db, String query) {
        List<String> rows = rows(db, query);
        if (rows.size() != 1) {
            throw new IllegalStateException(query + " gave " + rows);
        }
        return rows.get(0);
    }
}
