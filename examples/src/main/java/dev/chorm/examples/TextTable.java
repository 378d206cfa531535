package dev.chorm.examples;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/** An aligned text table: text columns to the left, numbers to the right, two spaces between. */
final class TextTable {

    private final String title;
    private final List<String> header;
    private final List<List<String>> rows = new ArrayList<>();

    TextTable(String title, String... header) {
        this.title = title;
        this.header = List.of(header);
    }

    TextTable row(Object... cells) {
        List<String> row = new ArrayList<>();
        for (Object cell : cells) {
            row.add(format(cell));
        }
        rows.add(row);
        return this;
    }

    static String format(Object cell) {
        if (cell instanceof Long || cell instanceof Integer) {
            return String.format("%,d", ((Number) cell).longValue());
        }
        if (cell instanceof Double d) {
            return String.format("%,.0f", d);
        }
        return String.valueOf(cell);
    }

    void print(PrintStream out) {
        int[] widths = new int[header.size()];
        boolean[] numeric = new boolean[header.size()];
        for (int c = 0; c < widths.length; c++) {
            widths[c] = header.get(c).length();
            numeric[c] = !rows.isEmpty();
            for (List<String> row : rows) {
                widths[c] = Math.max(widths[c], row.get(c).length());
                numeric[c] &= row.get(c).matches("-?[0-9,.%]+");
            }
        }
        out.println();
        out.println(title);
        out.println("  " + line(header, widths, numeric));
        StringBuilder rule = new StringBuilder("  ");
        for (int c = 0; c < widths.length; c++) {
            rule.append(c == 0 ? "" : "  ").append("-".repeat(widths[c]));
        }
        out.println(rule);
        for (List<String> row : rows) {
            out.println("  " + line(row, widths, numeric));
        }
    }

    private static String line(List<String> cells, int[] widths, boolean[] numeric) {
        StringBuilder line = new StringBuilder();
        for (int c = 0; c < widths.length; c++) {
            String cell = cells.get(c);
            String pad = " ".repeat(widths[c] - cell.length());
            line.append(c == 0 ? "" : "  ").append(numeric[c] ? pad + cell : cell + pad);
        }
        return line.toString().stripTrailing();
    }
}
