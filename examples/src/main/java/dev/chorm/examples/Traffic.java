package dev.chorm.examples;

import dev.chorm.examples.model.Event;
import dev.chorm.examples.model.PageView;
import dev.chorm.examples.model.VisitSession;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Generates eight weeks of web traffic, visitor by visitor and visit by visit, from a fixed seed:
 * the same seed gives the same visits (only the Snowflake ids differ). Visitors arrive at a growing
 * rate, come back less and less often (so retention decays), load pages whose time depends on
 * their country and device, and some of them sign up and later buy.
 */
final class Traffic {

    /** A Monday: weeks of the retention table start here. */
    static final Instant START = Instant.parse("2026-09-07T00:00:00Z");
    static final int DAYS = 56;
    /** The first day after the window. */
    static final java.time.LocalDate END = java.time.LocalDate.ofInstant(START, java.time.ZoneOffset.UTC).plusDays(DAYS);

    private static final String[] COUNTRIES = {"US", "DE", "IN", "GB", "FR", "BR", "JP", "CA", "NL", "ES"};
    private static final int[] COUNTRY_WEIGHTS = {30, 14, 12, 9, 8, 8, 6, 6, 4, 3};
    private static final int[] COUNTRY_LATENCY_MS = {210, 170, 460, 180, 190, 420, 280, 220, 160, 200};
    private static final String[] DEVICES = {"desktop", "mobile", "tablet"};
    private static final int[] DEVICE_WEIGHTS = {55, 38, 7};
    private static final String[] BROWSERS = {"Chrome", "Safari", "Firefox", "Edge"};
    private static final int[] BROWSER_WEIGHTS = {62, 22, 9, 7};
    private static final String[] REFERRERS = {"google", "direct", "github", "newsletter", "twitter"};
    private static final int[] REFERRER_WEIGHTS = {45, 25, 12, 10, 8};
    private static final String[] LANDING_PAGES = {"/", "/blog/clickhouse-for-java", "/docs", "/pricing", "/blog/migrations"};
    private static final int[] LANDING_WEIGHTS = {40, 22, 18, 12, 8};
    private static final String[] PAGES = {"/", "/pricing", "/docs", "/docs/getting-started", "/docs/queries", "/blog",
            "/blog/clickhouse-for-java", "/blog/migrations", "/about", "/signup"};
    private static final int[] PAGE_WEIGHTS = {14, 16, 18, 12, 10, 8, 8, 5, 4, 5};
    private static final String[] PLANS = {"team", "pro", "enterprise"};
    private static final int[] PLAN_WEIGHTS = {60, 32, 8};
    private static final int[] PLAN_PRICES = {49, 199, 990};
    private static final String[] BUTTONS = {"cta", "nav", "copy-code", "search", "footer"};
    private static final String[] SCREENS = {"1920x1080", "1440x900", "390x844", "412x915", "820x1180"};

    /** One visit with everything it wrote: the session's two versions, its page views and events. */
    record Visit(VisitSession started, List<PageView> pageViews, List<Event> events, VisitSession ended) {
        int rows() {
            return pageViews.size() + events.size();
        }
    }

    private final Random random;
    private long nextVisitor = 100_000;
    private long nextSession = 1;
    private final List<Visit> pending = new ArrayList<>();

    Traffic(long seed) {
        this.random = new Random(seed);
    }

    /** The next visit, in visitor order (not time order: ClickHouse does not mind). */
    Visit next() {
        while (pending.isEmpty()) {
            generateVisitor();
        }
        return pending.remove(0);
    }

    private void generateVisitor() {
        long visitor = nextVisitor++;
        String country = pick(COUNTRIES, COUNTRY_WEIGHTS);
        int latency = COUNTRY_LATENCY_MS[indexOf(COUNTRIES, country)];
        String device = pick(DEVICES, DEVICE_WEIGHTS);
        String browser = device.equals("desktop") ? pick(BROWSERS, BROWSER_WEIGHTS)
                : random.nextInt(100) < 55 ? "Safari" : "Chrome";
        double loyalty = 0.25 + random.nextDouble() * 0.55;
        // more visitors arrive later in the window: the site is growing
        double day = DAYS * Math.sqrt(random.nextDouble());
        boolean signedUp = false;
        // the last visit starts over an hour before the window ends, so no page view falls after it
        while (day < DAYS - 0.05) {
            Instant at = START.plusSeconds((long) (day * 86_400));
            Visit visit = visit(visitor, at, country, latency, device, browser, signedUp);
            signedUp |= visit.events().stream().anyMatch(e -> e.getName().equals("signup"));
            pending.add(visit);
            if (random.nextDouble() > loyalty) {
                break;
            }
            day += 1 + exponential(6);
        }
    }

    private Visit visit(long visitor, Instant start, String country, int latency, String device, String browser,
                        boolean signedUp) {
        long session = nextSession++;
        String referrer = pick(REFERRERS, REFERRER_WEIGHTS);
        String landing = pick(LANDING_PAGES, LANDING_WEIGHTS);
        int pages = 1 + Math.min(19, (int) exponential(3));
        List<PageView> views = new ArrayList<>(pages);
        List<Event> events = new ArrayList<>();
        Map<String, String> screen = Map.of("screen", SCREENS[device.equals("desktop") ? random.nextInt(2)
                : device.equals("mobile") ? 2 + random.nextInt(2) : 4]);
        events.add(new Event(start, visitor, session, "landing", landing, country, device,
                Map.of("referrer", referrer)));
        Instant at = start;
        boolean converted = false;
        boolean willSignUp = !signedUp && random.nextDouble() < (referrer.equals("newsletter") ? 0.2 : 0.09);
        for (int i = 0; i < pages; i++) {
            String page = i == 0 ? landing : pick(PAGES, PAGE_WEIGHTS);
            if (willSignUp && i == pages - 1) {
                page = "/signup";
            }
            double factor = device.equals("mobile") ? 1.35 : device.equals("tablet") ? 1.2 : 1.0;
            int loadMs = (int) Math.min(30_000, latency * factor * Math.exp(random.nextGaussian() * 0.45)
                    + (page.startsWith("/docs") ? 60 : 0));
            List<String> tags = page.equals("/pricing")
                    ? List.of(random.nextBoolean() ? "exp:pricing-a" : "exp:pricing-b")
                    : referrer.equals("newsletter") ? List.of("utm:newsletter") : List.of();
            Map<String, String> properties = referrer.equals("direct") ? screen
                    : Map.of("screen", screen.get("screen"), "utm_source", referrer);
            views.add(new PageView(at, visitor, session, page, i == 0 ? referrer : "internal", country, device, browser,
                    loadMs, tags, properties));
            if (random.nextDouble() < 0.25) {
                events.add(new Event(at.plusMillis(500 + random.nextInt(20_000)), visitor, session, "click", page,
                        country, device, Map.of("button", BUTTONS[random.nextInt(BUTTONS.length)])));
            }
            if (page.equals("/signup") && willSignUp) {
                at = at.plusSeconds(20 + random.nextInt(60));
                events.add(new Event(at, visitor, session, "signup", page, country, device, Map.of("plan", "free")));
                signedUp = true;
            }
            at = at.plusSeconds(5 + random.nextInt(120));
        }
        // a purchase comes after the signup (this visit's or an earlier one): the funnel's order holds
        if (signedUp && random.nextDouble() < 0.3) {
            int plan = indexOf(PLANS, pick(PLANS, PLAN_WEIGHTS));
            events.add(new Event(at, visitor, session, "purchase", "/checkout", country, device,
                    Map.of("plan", PLANS[plan], "amount", Integer.toString(PLAN_PRICES[plan]))));
            converted = true;
        }
        Instant end = at;
        VisitSession started = new VisitSession(session, visitor, start, start, landing, country, device, 1, 1, false, 1);
        VisitSession ended = new VisitSession(session, visitor, start, end, landing, country, device, views.size(),
                events.size(), converted, 1 + views.size() + events.size());
        return new Visit(started, views, events, ended);
    }

    /** The session row of a visit cut short after {@code views} page views and {@code events} events. */
    static VisitSession cut(Visit visit, int views, int events) {
        List<Event> kept = visit.events().subList(0, events);
        Instant end = views > 0 ? visit.pageViews().get(views - 1).getAt() : visit.started().getStartedAt();
        VisitSession s = visit.started();
        return new VisitSession(s.getId(), s.getVisitorId(), s.getStartedAt(), end, s.getLandingPage(), s.getCountry(),
                s.getDevice(), views, events, kept.stream().anyMatch(e -> e.getName().equals("purchase")),
                1 + views + events);
    }

    private double exponential(double mean) {
        return -mean * Math.log(1 - random.nextDouble());
    }

    private String pick(String[] values, int[] weights) {
        int total = 0;
        for (int w : weights) {
            total += w;
        }
        int r = random.nextInt(total);
        for (int i = 0; i < values.length; i++) {
            r -= weights[i];
            if (r < 0) {
                return values[i];
            }
        }
        throw new AssertionError();
    }

    private static int indexOf(String[] values, String value) {
        for (int i = 0; i < values.length; i++) {
            if (values[i].equals(value)) {
                return i;
            }
        }
        throw new IllegalArgumentException(value);
    }
}
