package dev.chorm.examples;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OptionsTest {

    @Test
    void withoutOptionsTheDemoIngestsAMillionRowsOnTheEmbeddedEngine() {
        Demo.Options options = Demo.Options.parse();
        assertThat(options.url()).isNull();
        assertThat(options.rows()).isEqualTo(1_000_000);
        assertThat(options.seed()).isEqualTo(42);
        assertThat(options.report()).isEqualTo(Path.of("chorm-report.html"));
    }

    @Test
    void rowCountsMayBeWrittenWithSeparators() {
        assertThat(Demo.Options.parse("--rows", "1_000_000").rows()).isEqualTo(1_000_000);
        assertThat(Demo.Options.parse("--rows", "250,000").rows()).isEqualTo(250_000);
    }

    @Test
    void anUnknownOptionIsNamedWithTheUsage() {
        assertThatThrownBy(() -> Demo.Options.parse("--row", "5"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown option --row")
                .hasMessageContaining(Demo.USAGE);
    }

    @Test
    void anOptionWithoutItsValueIsNamed() {
        assertThatThrownBy(() -> Demo.Options.parse("--url"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--url needs a value");
    }

    @Test
    void aRowCountBelowOneIsRefusedWithTheValue() {
        assertThatThrownBy(() -> Demo.Options.parse("--rows", "0"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--rows must be at least 1, not 0");
        assertThatThrownBy(() -> Demo.Options.parse("--rows", "many"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--rows").hasMessageContaining("many");
    }

    @Test
    void webOptionsBecomeSpringBootProperties() {
        assertThat(DashboardWebApplication.springArguments(java.util.List.of("--port", "9090", "--rows", "50,000",
                "--url", "jdbc:clickhouse://db:8123/analytics")))
                .containsExactly("--server.port=9090", "--demo.rows=50000", "--spring.datasource.url=jdbc:clickhouse://db:8123/analytics");
        assertThatThrownBy(() -> DashboardWebApplication.springArguments(java.util.List.of("--report", "x.html")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not --report");
    }
}
