package dev.chorm.spring.twodb;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.persistence.autoconfigure.EntityScan;
import org.springframework.data.jpa.repository.config.EnableJpaRepositories;

/** PostgreSQL (spring.datasource.*) for the shop, ClickHouse for the events: see {@link ClickHouseConfig}. */
@SpringBootApplication
@EntityScan("dev.chorm.spring.twodb.shop")
@EnableJpaRepositories("dev.chorm.spring.twodb.shop")
public class TwoDatabasesApplication {
}
