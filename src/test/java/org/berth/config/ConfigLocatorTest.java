package org.berth.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLocatorTest {
    @TempDir
    Path dir;

    private Path touch(String name) throws IOException {
        Path file = dir.resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, "roots: {}\n");
        return file;
    }

    private static void assumeNoSystemConfig() {
        for (String candidate : ConfigLocator.SEARCH_PATH) {
            if (candidate.startsWith("/")) {
                assumeTrue(!Files.exists(Path.of(candidate)), candidate + " exists on this machine");
            }
        }
    }

    @Test
    void theOptionWinsOverTheVariableAndTheSearchPath() throws Exception {
        Path option = touch("option.yaml");
        touch("variable.yaml");
        touch("berth.yaml");
        ConfigLocator locator = new ConfigLocator(Map.of("BERTH_CONFIG", "variable.yaml"), dir);
        assertThat(locator.locate(Optional.of(Path.of("option.yaml")))).isEqualTo(option);
        assertThat(locator.locate(Optional.of(option))).isEqualTo(option);
    }

    @Test
    void theVariableWinsOverTheSearchPath() throws Exception {
        Path variable = touch("conf/variable.yaml");
        touch("berth.yaml");
        touch(".alkane.conf");
        ConfigLocator locator = new ConfigLocator(Map.of("BERTH_CONFIG", "conf/variable.yaml"), dir);
        assertThat(locator.locate(Optional.empty())).isEqualTo(variable);
        ConfigLocator absolute = new ConfigLocator(Map.of("BERTH_CONFIG", variable.toString()), dir.resolve("x"));
        assertThat(absolute.locate(Optional.empty())).isEqualTo(variable);
    }

    @Test
    void aBlankVariableIsIgnored() throws Exception {
        Path berth = touch("berth.yaml");
        assertThat(new ConfigLocator(Map.of("BERTH_CONFIG", "  "), dir).locate(Optional.empty())).isEqualTo(berth);
    }

    @Test
    void theSearchPathFindsBerthYamlFirst() throws Exception {
        Path berth = touch("berth.yaml");
        touch(".alkane.conf");
        assertThat(new ConfigLocator(Map.of(), dir).locate(Optional.empty())).isEqualTo(berth);
    }

    @Test
    void theSearchPathFindsAlkanesFile() throws Exception {
        assumeNoSystemConfig();
        Path alkane = touch(".alkane.conf");
        Files.createDirectories(dir.resolve("berth.yaml")); // a folder, not a file: skipped
        assertThat(new ConfigLocator(Map.of(), dir).locate(Optional.empty())).isEqualTo(alkane);
    }

    @Test
    void anExplicitFileThatDoesNotExist() throws Exception {
        touch("berth.yaml");
        ConfigLocator locator = new ConfigLocator(Map.of(), dir);
        assertThatThrownBy(() -> locator.locate(Optional.of(Path.of("missing.yaml"))))
                .isInstanceOf(ConfigException.class)
                .hasMessage(dir.resolve("missing.yaml") + ": file not found (named by --config); expected a berth.yaml "
                        + "or alkane.conf file");
    }

    @Test
    void aVariableNamingAFileThatDoesNotExist() throws Exception {
        touch("berth.yaml");
        ConfigLocator locator = new ConfigLocator(Map.of("BERTH_CONFIG", "gone.yaml"), dir);
        assertThatThrownBy(() -> locator.locate(Optional.empty()))
                .isInstanceOf(ConfigException.class)
                .hasMessage(dir.resolve("gone.yaml") + ": file not found (named by BERTH_CONFIG); expected a berth.yaml "
                        + "or alkane.conf file");
    }

    @Test
    void anExplicitFolderIsNotAFile() throws Exception {
        Files.createDirectories(dir.resolve("conf.d"));
        ConfigLocator locator = new ConfigLocator(Map.of(), dir);
        assertThatThrownBy(() -> locator.locate(Optional.of(Path.of("conf.d"))))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("conf.d: file not found (named by --config)");
    }

    @Test
    void nothingFoundListsTheSearchedNames() {
        assumeNoSystemConfig();
        ConfigLocator locator = new ConfigLocator(Map.of(), dir);
        assertThatThrownBy(() -> locator.locate(Optional.empty()))
                .isInstanceOf(ConfigException.class)
                .hasMessage("<config>: no configuration file found; looked for berth.yaml, /usr/local/etc/berth.yaml, "
                        + "/etc/berth.yaml, .alkane.conf, /etc/alkane.conf, /usr/local/etc/alkane.conf. Name one with "
                        + "--config FILE or BERTH_CONFIG, or try the demo with 'berth demo'");
    }
}
