package org.berth.config;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Reads a YAML file into SnakeYAML's node tree, which keeps the line of every key and value.
 * We read nodes rather than binding to objects so that every error can name its line, and so
 * that YAML 1.1 scalars (unquoted {@code yes}, {@code 0}) keep the types Keter and Alkane see.
 */
public final class YamlDocument {
    private static final int MAX_FILE_BYTES = 4 * 1024 * 1024;

    private YamlDocument() {
    }

    /** Parses the file; a missing, unreadable or malformed file becomes a located {@link ConfigException}. */
    public static YamlMap read(Path file, ConfigReport report) throws ConfigException {
        String text;
        try {
            if (Files.size(file) > MAX_FILE_BYTES) {
                throw new ConfigException(new ConfigProblem(file, 0, null,
                        "file is larger than " + MAX_FILE_BYTES / (1024 * 1024) + " MiB; expected a configuration file"));
            }
            text = StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(Files.readAllBytes(file))).toString();
        } catch (NoSuchFileException e) {
            throw new ConfigException(new ConfigProblem(file, 0, null, "file not found"));
        } catch (CharacterCodingException e) {
            throw new ConfigException(new ConfigProblem(file, 0, null, "file is not valid UTF-8 text"));
        } catch (IOException e) {
            throw new ConfigException(new ConfigProblem(file, 0, null, "cannot read file: " + e.getMessage()));
        }
        return parse(file, text, report);
    }

    public static YamlMap parse(Path file, String text, ConfigReport report) throws ConfigException {
        LoaderOptions options = new LoaderOptions();
        // Keter and serde both keep the last value of a repeated key; so do we (with a warning).
        options.setAllowDuplicateKeys(true);
        options.setMaxAliasesForCollections(50);
        options.setNestingDepthLimit(50);
        Node root;
        try {
            root = new Yaml(options).compose(new StringReader(text));
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            int line = mark == null ? 0 : mark.getLine() + 1;
            throw new ConfigException(new ConfigProblem(file, line, null,
                    "not valid YAML: " + (e.getProblem() != null ? e.getProblem() : e.getMessage())));
        } catch (YAMLException e) {
            throw new ConfigException(new ConfigProblem(file, 0, null, "not valid YAML: " + e.getMessage()));
        }
        if (root == null) {
            return YamlMap.empty(file, report);
        }
        if (!(root instanceof MappingNode mapping)) {
            throw new ConfigException(new ConfigProblem(file, root.getStartMark().getLine() + 1, null,
                    "expected a mapping of keys to values at the top of the file"));
        }
        return new YamlMap(file, "", mapping, report);
    }
}
