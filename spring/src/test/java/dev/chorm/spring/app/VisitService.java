package dev.chorm.spring.app;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.util.List;
import java.util.stream.Collectors;

@Service
public class VisitService {

    private final PageVisitRepository visits;

    public VisitService(PageVisitRepository visits) {
        this.visits = visits;
    }

    @Transactional
    public void record(List<PageVisit> batch) {
        visits.saveAll(batch);
    }

    /** Saves, then fails: Spring rolls back, ClickHouse keeps the rows (and chorm says so in a warning). */
    @Transactional
    public void recordThenFail(List<PageVisit> batch) {
        visits.saveAll(batch);
        visits.flush();
        throw new IllegalStateException("failed after writing");
    }

    /** Stream results need an open connection: a read-only transaction around the stream. */
    @Transactional(readOnly = true)
    public String pathsInVisitOrder() {
        try (var stream = visits.streamAllByVisitTime()) {
            return stream.map(PageVisit::getPath).collect(Collectors.joining(","));
        }
    }
}
