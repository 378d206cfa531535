package dev.chorm.bench;

import dev.chorm.engine.EmbeddedClickHouse;
import jakarta.persistence.EntityManagerFactory;
import org.hibernate.SessionFactory;
import org.hibernate.StatelessSession;
import org.hibernate.jpa.HibernatePersistenceConfiguration;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

public final class Profile {
    public static void main(String[] args) throws Exception {
        int rows = Integer.parseInt(args[0]);
        try (EmbeddedClickHouse server = EmbeddedClickHouse.start()) {
            EntityManagerFactory factory = new HibernatePersistenceConfiguration("bench")
                    .jdbcUrl(server.jdbcUrl()).jdbcCredentials(server.user(), server.password())
                    .property("jakarta.persistence.schema-generation.database.action", "create")
                    .managedClass(Event.class).createEntityManagerFactory();
            SessionFactory sf = factory.unwrap(SessionFactory.class);
            for (int round = 0; round < 3; round++) {
                long start = System.nanoTime();
                try (StatelessSession s = sf.openStatelessSession()) {
                    s.beginTransaction();
                    for (int i = 0; i < rows; i++) {
                        s.insert(new Event(round * 10_000_000L + i, i % 1000, Instant.ofEpochMilli(1_763_000_000_000L + i), LocalDate.of(2026, 1, 1 + i % 28),
                                "c" + i % 50, "d" + i % 5, i % 3000, i * 0.5, List.of("a", "b" + i % 10), Map.of("k", "v" + i % 7)));
                    }
                    s.getTransaction().commit();
                }
                System.out.printf("%d rows: %.3f s%n", rows, (System.nanoTime() - start) / 1e9);
            }
        }
    }
}
