package org.berth.bundle;

import java.io.IOException;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.berth.config.ConfigException;
import org.berth.config.ConfigProblem;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.composer.Composer;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.StreamReader;

/**
 * Reads a bundle config into SnakeYAML nodes typed by {@link KeterResolver}. This is
 * {@code YamlDocument}'s job with Keter's scalar rules instead of SnakeYAML's, which is why it does
 * not reuse that class: the resolver has to be chosen before composing.
 */
final class BundleYaml {
    /** Bundle configs are a few KiB; anything bigger is not one. */
    static final int MAX_BYTES = 4 * 1024 * 1024;

    private BundleYaml() {
    }

    static MappingNode read(Path file) throws ConfigException {
        try {
            if (Files.size(file) > MAX_BYTES) {
                throw tooLarge(file);
            }
            return parse(file, Files.readAllBytes(file));
        } catch (NoSuchFileException e) {
            throw new ConfigException(new ConfigProblem(file, 0, null, "file not found"));
        } catch (IOException e) {
            throw new ConfigException(new ConfigProblem(file, 0, null, "cannot read file: " + e.getMessage()));
        }
    }

    static MappingNode parse(Path file, byte[] bytes) throws ConfigException {
        try {
            return parse(file, StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString());
        } catch (CharacterCodingException e) {
            throw new ConfigException(new ConfigProblem(file, 0, null, "file is not valid UTF-8 text"));
        }
    }

    static MappingNode parse(Path file, String text) throws ConfigException {
        Node root = compose(file, text);
        if (root instanceof MappingNode mapping) {
            return mapping;
        }
        // Keter refuses these too: its parser wants an object at the top.
        throw new ConfigException(new ConfigProblem(file, root == null ? 0 : Nodes.line(root), null,
                "expected a mapping of keys to values at the top of the file, found "
                        + (root == null ? "an empty file" : Nodes.describe(root))));
    }

    static ConfigException tooLarge(Path file) {
        return new ConfigException(new ConfigProblem(file, 0, null,
                "file is larger than " + MAX_BYTES / (1024 * 1024) + " MiB; expected a Keter bundle config"));
    }

    private static Node compose(Path file, String text) throws ConfigException {
        LoaderOptions options = new LoaderOptions();
        // Keter keeps the last value of a repeated key; Fields warns about it.
        options.setAllowDuplicateKeys(true);
        options.setMaxAliasesForCollections(50);
        options.setNestingDepthLimit(50);
        try {
            Composer composer = new Composer(
                    new ParserImpl(new StreamReader(new StringReader(text)), options), new KeterResolver(), options);
            return composer.getSingleNode();
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            throw new ConfigException(new ConfigProblem(file, mark == null ? 0 : mark.getLine() + 1, null,
                    "not valid YAML: " + (e.getProblem() != null ? e.getProblem() : e.getMessage())));
        } catch (YAMLException e) {
            throw new ConfigException(new ConfigProblem(file, 0, null, "not valid YAML: " + e.getMessage()));
        }
    }
}
