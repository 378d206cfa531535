package dev.chorm.examples;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The dashboard as one self-contained HTML file: inline SVG charts drawn here (no script, no CDN,
 * no web font), so it opens offline in any browser and can be mailed as it is.
 */
final class HtmlReport {

    private static final String ACCENT = "#f5a623";
    private static final String BLUE = "#3b6fd8";
    private static final String GREY = "#8a94a6";

    private HtmlReport() {
    }

    static Path write(Path file, Dashboard.Answers answers, Ingest.Result ingest, Demo.Options options) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(file, html(answers, ingest, options), StandardCharsets.UTF_8);
        return file;
    }

    static String html(Dashboard.Answers a, Ingest.Result ingest, Demo.Options options) {
        long visitors = a.retention().cohorts().values().stream().mapToLong(c -> c[0]).sum();
        StringBuilder h = new StringBuilder();
        h.append("""
                <!DOCTYPE html>
                <html lang="en"><head><meta charset="utf-8">
                <meta name="viewport" content="width=device-width, initial-scale=1">
                <title>chorm demo: web analytics on ClickHouse</title>
                <style>
                body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;background:#f4f6fa;color:#1d2433}
                header{background:#1d2433;color:#fff;padding:28px 40px}
                header h1{margin:0 0 6px;font-size:26px}header p{margin:0;color:#c3cad8}
                main{max-width:1180px;margin:0 auto;padding:24px 24px 48px;display:grid;grid-template-columns:1fr 1fr;gap:20px}
                .kpis{grid-column:1/-1;display:grid;grid-template-columns:repeat(5,1fr);gap:20px}
                .kpi,.card{background:#fff;border-radius:10px;box-shadow:0 1px 3px rgba(0,0,0,.08);padding:18px 20px}
                .kpi b{display:block;font-size:26px;margin-top:4px}.kpi span{color:#5b6478;font-size:13px}
                .card h2{font-size:16px;margin:0 0 4px}.card p{margin:0 0 10px;color:#5b6478;font-size:13px}
                .wide{grid-column:1/-1}svg{width:100%;height:auto;display:block}
                svg text{font-family:inherit;font-size:12px;fill:#3a4356}
                footer{grid-column:1/-1;color:#5b6478;font-size:12px}
                </style></head><body>
                """);
        h.append("<header><h1>Web analytics on ClickHouse, through Hibernate</h1><p>")
                .append(Double.isNaN(ingest.seconds())
                        ? String.format(Locale.ROOT, "%,d page views and events; every number below is an HQL query.", ingest.rows())
                        : String.format(Locale.ROOT, "%,d page views and events (seed %d), ingested with chorm at %,.0f rows/s;"
                                + " every number below is an HQL query.", ingest.rows(), options.seed(), ingest.rowsPerSecond()))
                .append("</p></header><main>\n");
        long purchases = a.funnel().purchased();
        h.append("<section class=\"kpis\">")
                .append(kpi("page views", ingest.pageViews()))
                .append(kpi("events", ingest.events()))
                .append(kpi("visitors", visitors))
                .append(kpi("visits", a.sessionVersions().getOrDefault("latest", 0L)))
                .append(kpi("buyers", purchases))
                .append("</section>\n");
        h.append(card("wide", "Unique visitors per day",
                "uniq(visitorId) per day from page_views; bars: page views per day from the SummingMergeTree rollup",
                dailyChart(a.days())));
        h.append(card("", "Top pages", "views per page, count(p)", barChart(a.topPages().stream()
                .map(p -> new Bar(p.page(), p.views(), String.format(Locale.ROOT, "%,d", p.views()))).toList(), BLUE)));
        h.append(card("", "p95 load time by country", "quantileExact(0.95, loadMs) per country, ms; the tick is the median",
                loadChart(a.loadByCountry())));
        h.append(card("", "Funnel", "visitors who landed, then signed up, then bought (minIf / countIf)", funnelChart(a.funnel())));
        h.append(card("", "Visitors by device", "uniq(visitorId) over sessions read with final(s)", barChart(
                a.devices().entrySet().stream().map(e -> new Bar(e.getKey(), e.getValue(),
                        String.format(Locale.ROOT, "%,d", e.getValue()))).toList(), ACCENT)));
        h.append(card("wide", "Campaigns", "page views by utm_source (a key of the properties Map) and by tag"
                + " (an element of the tags Array, arrayJoin)", barChart(a.campaigns().stream()
                .map(c -> new Bar(c.kind() + "=" + c.value(), c.views(), String.format(Locale.ROOT, "%,d views, %,d visitors",
                        c.views(), c.visitors()))).toList(), "#2e9e8f", 1100)));
        h.append(card("wide", "Retention by weekly cohort",
                "share of each first-visit week's visitors who came back N weeks later", retentionChart(a.retention())));
        h.append("<footer>Generated by <code>bin/demo</code> (chorm-examples): entities in dev.chorm.examples.model,"
                + " tables made by chorm migrations, charts drawn as inline SVG.</footer>\n");
        h.append("</main></body></html>\n");
        return h.toString();
    }

    record Bar(String label, double value, String text) {
    }

    private static String kpi(String label, long value) {
        return "<div class=\"kpi\"><span>" + esc(label) + "</span><b>" + String.format(Locale.ROOT, "%,d", value) + "</b></div>";
    }

    private static String card(String css, String title, String note, String svg) {
        return "<section class=\"card " + css + "\"><h2>" + esc(title) + "</h2><p>" + esc(note) + "</p>" + svg + "</section>\n";
    }

    /** Horizontal bars, largest first as given. */
    static String barChart(List<Bar> bars, String color) {
        return barChart(bars, color, 540);
    }

    /** Horizontal bars in a view box {@code width} wide (a wide card needs a wide box, or its text grows). */
    static String barChart(List<Bar> bars, String color, int width) {
        int row = 28;
        int left = 190;
        int height = Math.max(row, bars.size() * row) + 10;
        double max = bars.stream().mapToDouble(Bar::value).max().orElse(1);
        // room right of the longest bar for its text, at about 7 units per character
        int textRoom = 14 + 7 * bars.stream().mapToInt(b -> b.text().length()).max().orElse(0);
        StringBuilder s = svg(width, height);
        for (int i = 0; i < bars.size(); i++) {
            Bar b = bars.get(i);
            double w = max == 0 ? 0 : (width - left - textRoom) * b.value() / max;
            int y = 5 + i * row;
            s.append(text(left - 8, y + 17, "end", b.label()));
            s.append(String.format(Locale.ROOT, "<rect class=\"bar\" x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"%d\" rx=\"3\" fill=\"%s\" data-value=\"%s\"/>",
                    left, y + 4, w, row - 8, color, num(b.value())));
            s.append(text(left + w + 6, y + 17, "start", b.text()));
        }
        return s.append("</svg>").toString();
    }

    private static String loadChart(List<Dashboard.CountryLoad> loads) {
        int width = 540;
        int row = 28;
        int left = 60;
        int height = loads.size() * row + 10;
        double max = loads.stream().mapToDouble(Dashboard.CountryLoad::p95LoadMs).max().orElse(1);
        StringBuilder s = svg(width, height);
        for (int i = 0; i < loads.size(); i++) {
            Dashboard.CountryLoad c = loads.get(i);
            double scale = (width - left - 80) / max;
            int y = 5 + i * row;
            // green to red by p95
            double t = max == 0 ? 0 : c.p95LoadMs() / max;
            String color = String.format(Locale.ROOT, "hsl(%.0f,70%%,50%%)", 120 - 120 * t);
            s.append(text(left - 8, y + 17, "end", c.country()));
            s.append(String.format(Locale.ROOT, "<rect class=\"bar\" x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"%d\" rx=\"3\" fill=\"%s\" data-value=\"%s\"/>",
                    left, y + 4, c.p95LoadMs() * scale, row - 8, color, num(c.p95LoadMs())));
            s.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%d\" y2=\"%d\" stroke=\"#1d2433\" stroke-width=\"2\"/>",
                    left + c.medianLoadMs() * scale, left + c.medianLoadMs() * scale, y + 2, y + row - 2));
            s.append(text(left + c.p95LoadMs() * scale + 6, y + 17, "start", String.format(Locale.ROOT, "%,.0f ms", c.p95LoadMs())));
        }
        return s.append("</svg>").toString();
    }

    private static String funnelChart(Dashboard.Funnel f) {
        long[] values = {f.landed(), f.signedUp(), f.purchased()};
        String[] labels = {"landing", "signup", "purchase"};
        int width = 540;
        int height = 230;
        StringBuilder s = svg(width, height);
        double max = Math.max(1, values[0]);
        int step = 180;
        for (int i = 0; i < 3; i++) {
            // sqrt keeps the small steps visible while the order of sizes stays true
            double barHeight = 160 * Math.sqrt(values[i] / max);
            double x = 20 + i * step;
            double y = 190 - barHeight;
            s.append(String.format(Locale.ROOT, "<rect class=\"bar\" x=\"%.1f\" y=\"%.1f\" width=\"120\" height=\"%.1f\" rx=\"4\" fill=\"%s\" data-value=\"%d\"/>",
                    x, y, barHeight, i == 2 ? ACCENT : BLUE, values[i]));
            s.append(text(x + 60, 210, "middle", labels[i]));
            s.append(text(x + 60, y - 6, "middle", String.format(Locale.ROOT, "%,d", values[i])));
            if (i > 0) {
                s.append(text(x - 30, 120, "middle", Demo.percent(values[i], values[i - 1]) + " →"));
            }
        }
        s.append("<text x=\"20\" y=\"226\" style=\"font-size:10px;fill:" + GREY + "\">bar height: square root of visitors</text>");
        return s.append("</svg>").toString();
    }

    private static String dailyChart(List<Dashboard.Day> days) {
        int width = 1100;
        int height = 260;
        int left = 60;
        int bottom = 220;
        StringBuilder s = svg(width, height);
        if (days.isEmpty()) {
            return s.append("</svg>").toString();
        }
        double maxViews = days.stream().mapToLong(Dashboard.Day::views).max().orElse(1);
        double maxVisitors = days.stream().mapToLong(Dashboard.Day::visitors).max().orElse(1);
        double slot = (double) (width - left - 20) / days.size();
        for (int g = 0; g <= 4; g++) {
            double y = bottom - (bottom - 20) * g / 4.0;
            s.append(String.format(Locale.ROOT, "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#e3e7ef\"/>", left, width - 20, y, y));
            s.append(text(left - 6, y + 4, "end", String.format(Locale.ROOT, "%,.0f", maxVisitors * g / 4)));
        }
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < days.size(); i++) {
            Dashboard.Day d = days.get(i);
            double x = left + i * slot;
            double barHeight = (bottom - 20) * d.views() / maxViews;
            s.append(String.format(Locale.ROOT, "<rect class=\"bar\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"#cdd8f0\" data-value=\"%d\"><title>%s: %,d views</title></rect>",
                    x + 1, bottom - barHeight, Math.max(1, slot - 2), barHeight, d.views(), d.day(), d.views()));
            double y = bottom - (bottom - 20) * d.visitors() / maxVisitors;
            line.append(i == 0 ? "M" : "L").append(String.format(Locale.ROOT, "%.1f,%.1f", x + slot / 2, y));
            if (d.day().getDayOfWeek() == java.time.DayOfWeek.MONDAY) {
                s.append(text(x + slot / 2, bottom + 16, "middle", d.day().toString().substring(5)));
            }
        }
        s.append("<path class=\"line\" d=\"").append(line).append("\" fill=\"none\" stroke=\"").append(ACCENT)
                .append("\" stroke-width=\"2.5\" stroke-linejoin=\"round\"/>");
        s.append(text(left, 12, "start", "unique visitors (line), page views (bars, to their own scale)"));
        return s.append("</svg>").toString();
    }

    private static String retentionChart(Dashboard.Retention r) {
        int cell = 105;
        int left = 190;
        int top = 30;
        Map<LocalDate, long[]> cohorts = r.cohorts();
        int width = left + r.weeks() * cell + 20;
        int height = top + cohorts.size() * 34 + 10;
        StringBuilder s = svg(width, height);
        for (int w = 0; w < r.weeks(); w++) {
            s.append(text(left + w * cell + cell / 2.0, top - 10, "middle", w == 0 ? "week 0" : "+" + w));
        }
        LocalDate end = Traffic.END;
        int row = 0;
        for (Map.Entry<LocalDate, long[]> e : cohorts.entrySet()) {
            long[] counts = e.getValue();
            double y = top + row * 34;
            s.append(text(left - 10, y + 21, "end", e.getKey() + "  (" + String.format(Locale.ROOT, "%,d", counts[0]) + ")"));
            for (int w = 0; w < r.weeks(); w++) {
                if (!e.getKey().plusWeeks(w).isBefore(end)) {
                    continue;
                }
                double share = counts[0] == 0 ? 0 : (double) counts[w] / counts[0];
                // week 0 is 100% by definition: the scale is set by the returning weeks
                double shade = w == 0 ? 1 : Math.min(1, share / 0.3);
                String color = String.format(Locale.ROOT, "rgba(59,111,216,%.2f)", 0.08 + 0.92 * shade);
                s.append(String.format(Locale.ROOT, "<rect class=\"cell\" x=\"%.1f\" y=\"%.1f\" width=\"%d\" height=\"30\" rx=\"3\" fill=\"%s\" data-value=\"%d\"/>",
                        left + w * cell + 1.0, y, cell - 2, color, counts[w]));
                s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" style=\"fill:%s\">%s</text>",
                        left + w * cell + cell / 2.0, y + 20, shade > 0.5 ? "#fff" : "#1d2433", Demo.percent(counts[w], counts[0])));
            }
            row++;
        }
        return s.append("</svg>").toString();
    }

    private static StringBuilder svg(int width, int height) {
        return new StringBuilder(String.format(Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" role=\"img\">", width, height));
    }

    private static String text(double x, double y, String anchor, String content) {
        return String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\">%s</text>", x, y, anchor, esc(content));
    }

    private static String num(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : String.format(Locale.ROOT, "%.2f", v);
    }

    static String esc(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
