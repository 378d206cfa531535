package dev.chorm.spring.analytics;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/** docs/queries.md's analytics question as a Spring Data repository: visits kept in versions. */
@SpringBootApplication
public class AnalyticsQuestionApplication {
}
