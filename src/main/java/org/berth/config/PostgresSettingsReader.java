package org.berth.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads the {@code postgres:} block of {@code berth.yaml}:
 *
 * <pre>
 * postgres:
 *   default: main
 *   servers:
 *     main: {host: 127.0.0.1, port: 5432, user: postgres, password-file: /etc/berth/pg-admin}
 * </pre>
 *
 * Like the other readers it records every problem with file, line and key and never throws; a server
 * with errors is left out so that the rest of the block is still checked.
 */
final class PostgresSettingsReader {
    private static final Pattern SERVER_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,62}");
    private static final String EXAMPLE = "main: {host: 127.0.0.1, port: 5432, user: postgres, password-file: /etc/berth/pg-admin}";

    private PostgresSettingsReader() {
    }

    static PostgresSettings read(YamlMap top, Path configFolder) {
        Optional<YamlMap> block = top.map("postgres");
        if (block.isEmpty()) {
            return PostgresSettings.NONE;
        }
        YamlMap postgres = block.get();
        Set<String> declared = new HashSet<>();
        Map<String, PostgresServer> servers = readServers(postgres, configFolder, declared);
        Optional<String> defaultServer = readDefault(postgres, servers, declared);
        postgres.warnUnreadKeys();
        return new PostgresSettings(defaultServer, servers);
    }

    /** The servers read without errors; {@code declared} receives every name written, good or not. */
    private static Map<String, PostgresServer> readServers(YamlMap postgres, Path configFolder, Set<String> declared) {
        Map<String, PostgresServer> servers = new LinkedHashMap<>();
        Optional<YamlMap> list = postgres.map("servers");
        if (list.isEmpty() || list.get().keys().isEmpty()) {
            if (!postgres.hasValue("servers") || list.isPresent()) {
                postgres.error("servers", "expected at least one server, like " + EXAMPLE);
            }
            return servers;
        }
        for (String name : list.get().keys()) {
            declared.add(name);
            if (!SERVER_NAME.matcher(name).matches()) {
                list.get().node(name);
                list.get().error(name, "expected a server name of letters, digits, '.', '-' and '_' (at most 63), like main");
                continue;
            }
            list.get().map(name).flatMap(entry -> readServer(name, entry, configFolder))
                    .ifPresent(server -> addUnlessClashing(list.get(), servers, server));
        }
        return servers;
    }

    /** Two names for one server would make a bundle's {@code {server, port}} ambiguous. */
    private static void addUnlessClashing(YamlMap list, Map<String, PostgresServer> servers, PostgresServer server) {
        Optional<PostgresServer> same = servers.values().stream()
                .filter(other -> other.answersTo(server.host(), server.port())).findFirst();
        if (same.isPresent()) {
            list.error(server.name(), "expected each server once; " + server.address() + " is already server '"
                    + same.get().name() + "'");
            return;
        }
        servers.put(server.name(), server);
    }

    private static Optional<PostgresServer> readServer(String name, YamlMap entry, Path configFolder) {
        int errorsBefore = entry.report().errors().size();
        String host = readHost(entry);
        int port = entry.integer("port", 1, 65535).map(Long::intValue).orElse(PostgresServer.DEFAULT_PORT);
        String user = entry.string("user", PostgresServer.DEFAULT_USER);
        if (user.isBlank()) {
            entry.error("user", "expected the admin role's name, like postgres");
        }
        String adminDatabase = entry.string("database", PostgresServer.DEFAULT_ADMIN_DATABASE);
        if (adminDatabase.isBlank()) {
            entry.error("database", "expected the database the admin connects to, like postgres");
        }
        Duration connectTimeout = entry.duration("connect-timeout").orElse(PostgresServer.DEFAULT_CONNECT_TIMEOUT);
        if (connectTimeout.isZero()) {
            entry.error("connect-timeout", "expected a duration above zero, like 10s");
        }
        Optional<String> password = readPassword(entry, configFolder);
        entry.warnUnreadKeys();
        if (password.isEmpty() || entry.report().errors().size() > errorsBefore) {
            return Optional.empty();
        }
        return Optional.of(new PostgresServer(name, host, port, user, password.get(), adminDatabase, connectTimeout));
    }

    /** A name or an address; IPv6 may be written in brackets, which are dropped (libpq's PGHOST takes none). */
    private static String readHost(YamlMap entry) {
        String host = entry.string("host", PostgresServer.DEFAULT_HOST).strip();
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        if (host.isEmpty() || host.startsWith("/") || host.chars().anyMatch(c -> Character.isWhitespace(c)
                || c == '/' || c == '@' || c == '?' || c == '#')) {
            entry.error("host", "expected a host name or an IP address, like 127.0.0.1 or db.example.org; found \""
                    + host + "\"");
            return PostgresServer.DEFAULT_HOST;
        }
        return host;
    }

    /** {@code password} inline, or better {@code password-file}: a file only berth can read. */
    private static Optional<String> readPassword(YamlMap entry, Path configFolder) {
        Optional<String> inline = entry.string("password");
        Optional<String> fileName = entry.string("password-file");
        if (inline.isPresent() && fileName.isPresent()) {
            entry.error("password-file", "expected either 'password' or 'password-file', not both");
            return Optional.empty();
        }
        if (fileName.isPresent()) {
            return readPasswordFile(entry, configFolder, fileName.get());
        }
        if (inline.isEmpty()) {
            entry.error("password-file", "required key is missing; expected 'password-file' naming a file that holds "
                    + "the admin's password (or 'password' with the password itself)");
            return Optional.empty();
        }
        if (inline.get().isEmpty()) {
            entry.error("password", "expected the admin's password, found an empty text");
            return Optional.empty();
        }
        warnIfReadableByOthers(entry, "password", entry.file(), "the config file holds an inline password");
        return inline;
    }

    private static Optional<String> readPasswordFile(YamlMap entry, Path configFolder, String name) {
        Path file;
        try {
            file = configFolder.resolve(name).normalize();
        } catch (InvalidPathException e) {
            entry.error("password-file", "expected a file name; found \"" + name.replace("\0", "\\0") + "\"");
            return Optional.empty();
        }
        String password;
        try {
            password = Files.readString(file).strip();
        } catch (IOException e) {
            entry.error("password-file", "cannot read " + file + " (" + reason(e) + "); expected a file berth can read "
                    + "holding the admin's password (a relative path starts at the config file's folder)");
            return Optional.empty();
        }
        if (password.isEmpty()) {
            entry.error("password-file", "file " + file + " is empty; expected the admin's password in it");
            return Optional.empty();
        }
        warnIfReadableByOthers(entry, "password-file", file, "file " + file + " holds a password");
        return Optional.of(password);
    }

    private static String reason(IOException e) {
        return switch (e) {
            case java.nio.file.NoSuchFileException missing -> "no such file";
            case java.nio.file.AccessDeniedException denied -> "permission denied";
            default -> e.getClass().getSimpleName();
        };
    }

    private static void warnIfReadableByOthers(YamlMap entry, String key, Path file, String what) {
        if (file == null) {
            return;
        }
        try {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
            if (permissions.contains(PosixFilePermission.OTHERS_READ) || permissions.contains(PosixFilePermission.GROUP_READ)) {
                entry.warning(key, what + " but is readable by other users; chmod 600 " + file);
            }
        } catch (IOException | UnsupportedOperationException unknowable) {
            // No POSIX permissions to judge by (or the file is gone): nothing to warn about.
        }
    }

    private static Optional<String> readDefault(YamlMap postgres, Map<String, PostgresServer> servers,
                                                Set<String> declared) {
        Optional<String> named = postgres.string("default");
        if (named.isPresent()) {
            if (servers.containsKey(named.get())) {
                return named;
            }
            // A declared server with errors, or no servers at all, has been reported already: no second message.
            if (!declared.isEmpty() && !declared.contains(named.get())) {
                postgres.error("default", "expected the name of a server under 'servers' (" + names(servers)
                        + "); found \"" + named.get() + "\"");
            }
            return Optional.empty();
        }
        if (servers.size() > 1) {
            postgres.error("default", "required key is missing; expected the name of the server bundles get when they "
                    + "name none (" + names(servers) + ")");
            return Optional.empty();
        }
        return servers.keySet().stream().findFirst();
    }

    private static String names(Map<String, PostgresServer> servers) {
        return servers.isEmpty() ? "none is configured" : "one of " + String.join(", ", servers.keySet());
    }
}
