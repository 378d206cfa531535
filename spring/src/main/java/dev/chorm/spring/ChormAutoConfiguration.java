package dev.chorm.spring;

import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import javax.sql.DataSource;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What every ClickHouse DataSource of a Spring application gets from chorm, whoever built it:
 * the driver properties chorm needs (on Hikari pools), a health indicator named
 * {@code clickhouse}, and Micrometer metrics of its statements. The dialect, transactions without errors and batching come from
 * chorm-hibernate itself, for Spring-supplied DataSources as for any other.
 */
@AutoConfiguration(after = DataSourceAutoConfiguration.class)
@ConditionalOnClass(DataSource.class)
@EnableConfigurationProperties(ChormProperties.class)
public class ChormAutoConfiguration {

    /** Before a pool opens its first connection: {@code jdbc_ignore_unsupported_values=true} for ClickHouse URLs. */
    @Bean
    static BeanPostProcessor chormDataSourceDriverDefaults() {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessBeforeInitialization(Object bean, String beanName) {
                if (bean instanceof DataSource dataSource) {
                    ClickHouseDataSources.applyDriverDefaults(dataSource);
                }
                return bean;
            }
        };
    }

    /**
     * Statement timings and row counts of ClickHouse DataSources in Micrometer
     * (see {@link ClickHouseStatementMetrics} for what is measured). Off with {@code chorm.metrics.enabled=false}.
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(MeterRegistry.class)
    @ConditionalOnBooleanProperty(name = "chorm.metrics.enabled", matchIfMissing = true)
    static class MetricsConfiguration {

        @Bean
        static BeanPostProcessor chormDataSourceMetrics(ObjectProvider<MeterRegistry> registry, ListableBeanFactory beanFactory) {
            return new BeanPostProcessor() {
                @Override
                public Object postProcessAfterInitialization(Object bean, String beanName) {
                    if (bean instanceof DataSource dataSource && !ClickHouseStatementMetrics.isWrapped(bean)
                            && ClickHouseDataSources.isClickHouseWithoutConnecting(dataSource)
                            && beanFactory.getBeanNamesForType(MeterRegistry.class, false, false).length > 0) {
                        return ClickHouseStatementMetrics.wrap(dataSource, beanName, registry);
                    }
                    return bean;
                }
            };
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(HealthIndicator.class)
    @ConditionalOnBean(DataSource.class)
    @ConditionalOnEnabledHealthIndicator("clickhouse")
    static class HealthConfiguration {

        /**
         * One indicator for one ClickHouse DataSource, a composite keyed by bean name for several.
         * Every DataSource bean counts, also those that are not default candidates (the ClickHouse
         * one of {@link EnableClickHouseJpa}).
         */
        @Bean
        @ConditionalOnMissingBean(name = "clickhouseHealthContributor")
        HealthContributor clickhouseHealthContributor(ListableBeanFactory beanFactory) {
            Map<String, HealthContributor> indicators = new LinkedHashMap<>();
            beanFactory.getBeansOfType(DataSource.class).forEach((name, dataSource) -> {
                if (ClickHouseDataSources.isClickHouse(dataSource)) {
                    indicators.put(name, new ClickHouseHealthIndicator(dataSource));
                }
            });
            if (indicators.isEmpty()) {
                return (HealthIndicator) () -> Health.unknown().withDetail("reason", "no ClickHouse DataSource").build();
            }
            if (indicators.size() == 1) {
                return indicators.values().iterator().next();
            }
            return CompositeHealthContributor.fromMap(indicators);
        }
    }
}
