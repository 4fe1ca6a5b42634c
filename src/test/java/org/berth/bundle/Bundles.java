package org.berth.bundle;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.berth.config.ConfigException;
import org.berth.config.ConfigProblem;

/** Parses made-up configs as if they were /srv/bundle/config/keter.yaml, and reads the fixtures. */
final class Bundles {
    static final Path ROOT = Path.of("/srv/bundle");
    static final Path CONFIG = ROOT.resolve("config/keter.yaml");
    /** Every rendered problem starts with this. */
    static final String AT = CONFIG + ":";

    private Bundles() {
    }

    static BundleConfig parse(String yaml) throws ConfigException {
        return BundleConfigParser.parse(CONFIG, ROOT, yaml);
    }

    /** The rendered errors of a config that must be refused. */
    static List<String> errors(String yaml) {
        try {
            BundleConfig config = parse(yaml);
            return fail("expected the config to be refused, but it loaded with %s", config);
        } catch (ConfigException e) {
            return e.problems().stream().map(ConfigProblem::render).toList();
        }
    }

    static List<String> warnings(BundleConfig config) {
        return config.warnings().stream().map(ConfigProblem::render).toList();
    }

    static List<String> warnings(String yaml) throws ConfigException {
        return warnings(parse(yaml));
    }

    static String fixture(String name) {
        try (InputStream in = Bundles.class.getResourceAsStream("/keter/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static BundleConfig parseFixture(String name) throws ConfigException {
        return parse(fixture(name));
    }

    static Path inBundle(String relative) {
        return ROOT.resolve(relative);
    }

    @SuppressWarnings("unchecked")
    static <T extends Stanza> T stanza(BundleConfig config, int index, Class<T> type) {
        Stanza stanza = config.stanzas().get(index);
        if (!type.isInstance(stanza)) {
            fail("stanza %d is %s, expected %s", index, stanza.type(), type.getSimpleName());
        }
        return (T) stanza;
    }
}
