package dev.chorm.spring;

import dev.chorm.migrations.Migrations;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.hibernate.autoconfigure.HibernatePropertiesCustomizer;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jpa.autoconfigure.EntityManagerFactoryDependsOnPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.core.io.support.ResourcePatternResolver;

import javax.sql.DataSource;
import java.util.Set;

/**
 * Applies chorm's migrations at startup ({@code chorm.migrations.*}), before JPA: the
 * {@code EntityManagerFactory} depends on {@link ChormMigrationsInitializer}.
 */
@AutoConfiguration(after = {ChormEmbeddedAutoConfiguration.class, DataSourceAutoConfiguration.class})
@ConditionalOnClass(Migrations.class)
@ConditionalOnBean(DataSource.class)
@ConditionalOnBooleanProperty(name = "chorm.migrations.enabled", matchIfMissing = true)
@EnableConfigurationProperties(ChormProperties.class)
public class ChormMigrationsAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    ChormMigrationsInitializer chormMigrationsInitializer(DataSource dataSource, ChormProperties properties,
                                                          ResourcePatternResolver resources) {
        return new ChormMigrationsInitializer(dataSource, properties.getMigrations().getLocation(), resources);
    }

    @Bean
    static EntityManagerFactoryDependsOnPostProcessor chormMigrationsBeforeJpa() {
        return new EntityManagerFactoryDependsOnPostProcessor(ChormMigrationsInitializer.class);
    }

    /**
     * When migrations made the schema, Hibernate must not drop and re-create it: {@code create},
     * {@code create-drop} and {@code drop} become {@code none}; {@code validate} and {@code update}
     * stay (validate after migrate is a good check).
     */
    @Bean
    @ConditionalOnClass(HibernatePropertiesCustomizer.class)
    HibernatePropertiesCustomizer chormMigrationsOwnTheSchema(ObjectProvider<ChormMigrationsInitializer> migrations) {
        return settings -> {
            ChormMigrationsInitializer initializer = migrations.getIfAvailable();
            Object action = settings.get("hibernate.hbm2ddl.auto");
            if (initializer != null && initializer.foundMigrations() && action != null
                    && Set.of("create", "create-drop", "drop", "create-only").contains(action.toString())) {
                settings.put("hibernate.hbm2ddl.auto", "none");
            }
        };
    }
}
