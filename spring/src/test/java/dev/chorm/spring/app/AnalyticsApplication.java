package dev.chorm.spring.app;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The small application the starter's tests run: page visits on ClickHouse, behind Spring Data JPA. */
@SpringBootApplication
public class AnalyticsApplication {
}
