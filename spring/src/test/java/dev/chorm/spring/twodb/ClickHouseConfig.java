package dev.chorm.spring.twodb;

import dev.chorm.spring.EnableClickHouseJpa;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableClickHouseJpa(basePackages = "dev.chorm.spring.twodb.events")
class ClickHouseConfig {
}
