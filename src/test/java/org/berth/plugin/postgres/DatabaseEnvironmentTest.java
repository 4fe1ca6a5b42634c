package org.berth.plugin.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.berth.config.PostgresServer;
import org.berth.store.DatabaseCredentials;
import org.junit.jupiter.api.Test;

/** The variables an app gets, and URLs that stay correct whatever they hold. */
class DatabaseEnvironmentTest {
    static final DatabaseCredentials CREDENTIALS = new DatabaseCredentials("shop", "main", "berth_shop_1", "berth_shop_1",
            "Abc-_09xyz", Instant.EPOCH);

    static PostgresServer server(String host) {
        return new PostgresServer("main", host, 5433, "postgres", "admin", "postgres", Duration.ofSeconds(5));
    }

    @Test
    void everyNameKeterAndTodaysFrameworksRead() {
        Map<String, String> variables = DatabaseEnvironment.variables(server("db.example.org"), CREDENTIALS);
        assertThat(variables).containsOnly(
                Map.entry("PGHOST", "db.example.org"),
                Map.entry("PGPORT", "5433"),
                Map.entry("PGUSER", "berth_shop_1"),
                Map.entry("PGPASSWORD", "Abc-_09xyz"),
                Map.entry("PGPASS", "Abc-_09xyz"),
                Map.entry("PGDATABASE", "berth_shop_1"),
                Map.entry("DATABASE_URL", "postgresql://berth_shop_1:Abc-_09xyz@db.example.org:5433/berth_shop_1"),
                Map.entry("JDBC_DATABASE_URL", "jdbc:postgresql://db.example.org:5433/berth_shop_1?user=berth_shop_1"
                        + "&password=Abc-_09xyz"),
                Map.entry("JDBC_DATABASE_USERNAME", "berth_shop_1"),
                Map.entry("JDBC_DATABASE_PASSWORD", "Abc-_09xyz"));
    }

    @Test
    void ipv6HostsGoInBracketsInUrlsOnly() {
        Map<String, String> variables = DatabaseEnvironment.variables(server("::1"), CREDENTIALS);
        assertThat(variables.get("PGHOST")).isEqualTo("::1");
        assertThat(variables.get("DATABASE_URL")).contains("@[::1]:5433/");
        assertThat(variables.get("JDBC_DATABASE_URL")).startsWith("jdbc:postgresql://[::1]:5433/");
    }

    @Test
    void reservedCharactersArePercentEncoded() {
        DatabaseCredentials odd = new DatabaseCredentials("x", "main", "us er@x", "d/b?", "p:w@/ #%+é", Instant.EPOCH);
        assertThat(DatabaseEnvironment.databaseUrl(server("h"), odd, true))
                .isEqualTo("postgresql://us%20er%40x:p%3Aw%40%2F%20%23%25%2B%C3%A9@h:5433/d%2Fb%3F");
        assertThat(java.net.URI.create(DatabaseEnvironment.databaseUrl(server("h"), odd, true)).getUserInfo())
                .isEqualTo("us er@x:p:w@/ #%+é");
        assertThat(DatabaseEnvironment.jdbcUrl(server("h"), odd, false)).endsWith("?user=us%20er%40x&password=********");
    }

    @Test
    void aGeneratedPasswordIsLongRandomAndUrlSafe() {
        String one = PasswordGenerator.generate();
        assertThat(one).matches("[A-Za-z0-9_-]{43}");
        assertThat(DatabaseEnvironment.encode(one)).isEqualTo(one);
        assertThat(PasswordGenerator.generate()).isNotEqualTo(one);
    }
}
