package org.berth.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/** The version Maven wrote into {@code berth-version.properties} at build time. */
final class Version implements IVersionProvider {
    static String text() {
        Properties properties = new Properties();
        try (InputStream in = Version.class.getResourceAsStream("/berth-version.properties")) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException ignored) {
            // fall through to "unknown"
        }
        return "berth " + properties.getProperty("version", "unknown");
    }

    @Override
    public String[] getVersion() {
        return new String[] {text()};
    }
}
