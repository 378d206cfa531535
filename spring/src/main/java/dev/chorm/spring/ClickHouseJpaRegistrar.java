package dev.chorm.spring;

import com.zaxxer.hikari.HikariDataSource;
import org.hibernate.boot.model.naming.CamelCaseToUnderscoresNamingStrategy;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.hibernate.SpringImplicitNamingStrategy;
import org.springframework.boot.jdbc.DataSourceBuilder;
import org.springframework.context.EnvironmentAware;
import org.springframework.context.annotation.ImportBeanDefinitionRegistrar;
import org.springframework.core.annotation.MergedAnnotation;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotationMetadata;
import org.springframework.orm.jpa.JpaTransactionManager;
import org.springframework.orm.jpa.LocalContainerEntityManagerFactoryBean;
import org.springframework.orm.jpa.vendor.HibernateJpaVendorAdapter;

import jakarta.persistence.EntityManagerFactory;
import javax.sql.DataSource;
import java.util.HashMap;
import java.util.Map;

/** Registers the beans {@link EnableClickHouseJpa} promises, none of them a default candidate. */
class ClickHouseJpaRegistrar implements ImportBeanDefinitionRegistrar, EnvironmentAware, BeanFactoryAware {

    private static final String EMBEDDED_DATABASE = "clickhouseEmbeddedDatabase";

    private Environment environment;
    private BeanFactory beanFactory;

    @Override
    public void setEnvironment(Environment environment) {
        this.environment = environment;
    }

    @Override
    public void setBeanFactory(BeanFactory beanFactory) {
        this.beanFactory = beanFactory;
    }

    @Override
    public void registerBeanDefinitions(AnnotationMetadata metadata, BeanDefinitionRegistry registry) {
        MergedAnnotation<EnableClickHouseJpa> annotation = metadata.getAnnotations().get(EnableClickHouseJpa.class);
        String prefix = annotation.getString("prefix");
        String[] packages = annotation.getStringArray("basePackages");
        if (packages.length == 0) {
            throw new IllegalStateException("@EnableClickHouseJpa on " + metadata.getClassName()
                    + " names no basePackages: say which packages hold the ClickHouse entities");
        }
        Binder binder = Binder.get(environment);
        ChormProperties.ClickHouse settings = binder.bind(prefix, ChormProperties.ClickHouse.class)
                .orElseGet(ChormProperties.ClickHouse::new);
        boolean embedded = settings.getUrl() == null || settings.getUrl().isBlank();
        ChormProperties.Embedded embeddedSettings = binder.bind("chorm.embedded", ChormProperties.Embedded.class)
                .orElseGet(ChormProperties.Embedded::new);

        if (embedded) {
            register(registry, EMBEDDED_DATABASE, EmbeddedClickHouseDatabase.class,
                    () -> ChormEmbeddedAutoConfiguration.startDatabase(embeddedSettings));
        }
        register(registry, EnableClickHouseJpa.DATA_SOURCE, HikariDataSource.class, () -> {
            String url = embedded ? beanFactory.getBean(EMBEDDED_DATABASE, EmbeddedClickHouseDatabase.class).getJdbcUrl() : settings.getUrl();
            String user = embedded ? beanFactory.getBean(EMBEDDED_DATABASE, EmbeddedClickHouseDatabase.class).getUsername() : settings.getUsername();
            String password = embedded ? beanFactory.getBean(EMBEDDED_DATABASE, EmbeddedClickHouseDatabase.class).getPassword() : settings.getPassword();
            HikariDataSource dataSource = DataSourceBuilder.create().type(HikariDataSource.class)
                    .url(url).username(user).password(password).build();
            binder.bind(prefix + ".hikari", Bindable.ofInstance(dataSource));
            if (dataSource.getPoolName() == null) {
                dataSource.setPoolName("clickhouse");
            }
            ClickHouseDataSources.applyDriverDefaults(dataSource);
            return dataSource;
        });
        register(registry, EnableClickHouseJpa.ENTITY_MANAGER_FACTORY, LocalContainerEntityManagerFactoryBean.class, () -> {
            LocalContainerEntityManagerFactoryBean factory = new LocalContainerEntityManagerFactoryBean();
            factory.setPersistenceUnitName("clickhouse");
            factory.setDataSource(beanFactory.getBean(EnableClickHouseJpa.DATA_SOURCE, DataSource.class));
            factory.setPackagesToScan(packages);
            factory.setJpaVendorAdapter(new HibernateJpaVendorAdapter());
            Map<String, Object> properties = new HashMap<>();
            // the names Spring Boot gives the primary unit's tables and columns
            properties.put("hibernate.physical_naming_strategy", CamelCaseToUnderscoresNamingStrategy.class.getName());
            properties.put("hibernate.implicit_naming_strategy", SpringImplicitNamingStrategy.class.getName());
            String ddlAuto = settings.getDdlAuto() != null ? settings.getDdlAuto()
                    : embedded && embeddedSettings.getDataDirectory() == null ? "create" : "none";
            if (!"none".equals(ddlAuto)) {
                properties.put("hibernate.hbm2ddl.auto", ddlAuto);
            }
            properties.putAll(settings.getProperties());
            factory.setJpaPropertyMap(properties);
            return factory;
        });
        register(registry, EnableClickHouseJpa.TRANSACTION_MANAGER, JpaTransactionManager.class, () ->
                new JpaTransactionManager(beanFactory.getBean(EnableClickHouseJpa.ENTITY_MANAGER_FACTORY, EntityManagerFactory.class)));
    }

    private static <T> void register(BeanDefinitionRegistry registry, String name, Class<T> type, java.util.function.Supplier<T> supplier) {
        RootBeanDefinition definition = new RootBeanDefinition(type, supplier);
        definition.setDefaultCandidate(false);
        registry.registerBeanDefinition(name, definition);
    }
}
