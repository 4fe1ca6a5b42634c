package org.berth.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NotificationSettingsReaderTest {
    @TempDir
    Path temp;

    @Test
    void readsWebhooksWithDefaultsAndNeverShowsTheSecret() throws Exception {
        BerthConfig config = load("""
                notifications:
                  webhooks:
                    - {url: "https://chat.example.org/hooks/b", events: [deploy-failed, crash-loop], secret: s3cret}
                    - url: http://127.0.0.1:9000/events
                """);
        NotificationSettings settings = config.notifications();
        assertThat(settings.timeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(settings.retries()).isEqualTo(3);
        assertThat(settings.webhooks()).hasSize(2);
        assertThat(settings.webhooks().get(0).wants("deploy-failed")).isTrue();
        assertThat(settings.webhooks().get(0).wants("deploy-started")).isFalse();
        assertThat(settings.webhooks().get(1).wants("rollback")).isTrue();
        assertThat(settings.toString()).doesNotContain("s3cret");
        assertThat(load("root: data\n").notifications()).isEqualTo(NotificationSettings.NONE);
    }

    @Test
    void badValuesAreNamedWithFileLineAndKey() {
        assertThatThrownBy(() -> load("""
                notifications:
                  webhooks:
                    - {url: "ftp://example.org/x", events: [deployed]}
                  timeout: soon
                  retries: 20
                """)).isInstanceOf(ConfigException.class).message()
                .contains("berth.yaml:3: key 'notifications.webhooks[0].url': expected an http:// or https:// URL")
                .contains("berth.yaml:3: key 'notifications.webhooks[0].events': expected event types among deploy-started")
                .contains("found 'deployed'")
                .contains("berth.yaml:4: key 'notifications.timeout': expected a duration with a unit")
                .contains("berth.yaml:5: key 'notifications.retries': expected a whole number from 0 to 10");
    }

    private BerthConfig load(String yaml) throws Exception {
        Path file = temp.resolve("berth.yaml");
        Files.writeString(file, yaml);
        return new ConfigLoader(temp).load(file);
    }
}
