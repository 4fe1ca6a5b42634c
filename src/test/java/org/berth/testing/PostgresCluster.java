package org.berth.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * A private PostgreSQL cluster for tests: {@code initdb} in a fresh temporary folder, password
 * (SCRAM) logins over TCP on 127.0.0.1 at a free port, its socket in that folder too, so the
 * system's clusters and {@code /var/run/postgresql} are never touched. {@code initdb} and
 * {@code pg_ctl} refuse to run as root, so they run as the {@code postgres} user through
 * {@code runuser}, which needs root: other users skip these tests. Every statement is logged
 * ({@code log_statement = all}) so tests can check that no password ever reached the server in
 * plain text. Start it once per test class: it takes a second or two.
 */
public final class PostgresCluster implements AutoCloseable {
    public static final String SUPERUSER = "postgres";
    private static final String OS_USER = "postgres";
    private static final Path RUNUSER = Path.of("/usr/sbin/runuser");
    private static final Path POSTGRESQL_LIB = Path.of("/usr/lib/postgresql");
    private static final long COMMAND_TIMEOUT_SECONDS = 120;

    private final Path dir;
    private final Path bin;
    private final int port;
    private final String superuserPassword;
    private final Thread shutdownHook;
    private boolean stopped;

    private PostgresCluster(Path dir, Path bin, int port, String superuserPassword) {
        this.dir = dir;
        this.bin = bin;
        this.port = port;
        this.superuserPassword = superuserPassword;
        // pg_ctl detaches the server: without this, an aborted test run would leave it running.
        this.shutdownHook = new Thread(this::stopQuietly, "postgres-cluster-stop");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** Creates and starts a cluster; skips the calling test when not root (initdb needs another user). */
    public static PostgresCluster start() throws IOException, InterruptedException {
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")),
                "PostgreSQL tests need root: initdb and pg_ctl must run as the postgres user (via runuser)");
        Path bin = binaries();
        Path dir = Files.createTempDirectory("berth-pg-");
        chownToPostgres(dir);
        String password = HexFormat.of().formatHex(randomBytes(16));
        Path passwordFile = dir.resolve("superuser-password");
        Files.writeString(passwordFile, password + "\n");
        chownToPostgres(passwordFile);
        Files.setPosixFilePermissions(passwordFile, PosixFilePermissions.fromString("rw-------"));
        run(List.of(bin.resolve("initdb").toString(), "-D", dir.resolve("data").toString(), "-U", SUPERUSER,
                "--pwfile=" + passwordFile, "--auth-host=scram-sha-256", "--auth-local=scram-sha-256",
                "-E", "UTF8", "--locale=C", "--no-sync"), dir);
        Files.delete(passwordFile);
        PostgresCluster cluster = new PostgresCluster(dir, bin, FreePorts.next(), password);
        try {
            cluster.startServer();
        } catch (IOException | RuntimeException e) {
            cluster.close();
            throw e;
        }
        return cluster;
    }

    public String host() {
        return "127.0.0.1";
    }

    public int port() {
        return port;
    }

    public String superuserPassword() {
        return superuserPassword;
    }

    /** The server's log: every statement run, every login refused. */
    public String serverLog() throws IOException {
        return Files.readString(dir.resolve("server.log"));
    }

    public Connection connect(String user, String password, String database) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", user);
        properties.setProperty("password", password);
        properties.setProperty("connectTimeout", "10");
        return DriverManager.getConnection("jdbc:postgresql://" + host() + ":" + port + "/" + database, properties);
    }

    public Connection superuser() throws SQLException {
        return connect(SUPERUSER, superuserPassword, "postgres");
    }

    /** An admin that is no superuser: what a careful operator gives berth. */
    public void createAdmin(String role, String password) throws SQLException {
        superuserSql("CREATE ROLE " + quote(role) + " LOGIN CREATEROLE CREATEDB PASSWORD " + literal(password));
    }

    public void setPassword(String role, String password) throws SQLException {
        superuserSql("ALTER ROLE " + quote(role) + " PASSWORD " + literal(password));
    }

    public boolean roleExists(String role) throws SQLException {
        return exists("SELECT 1 FROM pg_roles WHERE rolname = ?", role);
    }

    public boolean databaseExists(String database) throws SQLException {
        return exists("SELECT 1 FROM pg_database WHERE datname = ?", database);
    }

    public void superuserSql(String sql) throws SQLException {
        try (Connection connection = superuser(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private boolean exists(String sql, String name) throws SQLException {
        try (Connection connection = superuser(); PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, name);
            try (ResultSet row = statement.executeQuery()) {
                return row.next();
            }
        }
    }

    /** Test-only quoting for the harness's own statements (berth's code uses pgJDBC's). */
    private static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }

    private static String literal(String text) {
        return "'" + text.replace("'", "''") + "'";
    }

    private void startServer() throws IOException, InterruptedException {
        // fsync off and friends: a test cluster's data need not survive a power cut, and it starts faster.
        String options = String.join(" ", "-c port=" + port, "-c listen_addresses=127.0.0.1",
                "-c unix_socket_directories=" + dir, "-c fsync=off", "-c synchronous_commit=off",
                "-c full_page_writes=off", "-c log_statement=all", "-c max_connections=40", "-c shared_buffers=16MB");
        run(List.of(bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-l",
                dir.resolve("server.log").toString(), "-w", "-t", "60", "-o", options, "start"), dir);
    }

    @Override
    public void close() throws IOException {
        if (stopped) {
            return;
        }
        stopped = true;
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or about to; it stops the server
        }
        if (Files.exists(dir.resolve("data/postmaster.pid"))) {
            try {
                run(List.of(bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-m", "immediate",
                        "-w", "stop"), dir);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while stopping the PostgreSQL cluster in " + dir, e);
            }
        }
        deleteTree(dir);
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    private void stopQuietly() {
        try {
            close();
        } catch (IOException | RuntimeException ignored) {
            // at JVM exit: nothing more to do
        }
    }

    /** The newest installed PostgreSQL with initdb (postgresql-15 on Debian 12: scripts/install-deps). */
    private static Path binaries() throws IOException {
        if (Files.isDirectory(POSTGRESQL_LIB)) {
            try (Stream<Path> versions = Files.list(POSTGRESQL_LIB)) {
                var newest = versions.map(version -> version.resolve("bin"))
                        .filter(candidate -> Files.isExecutable(candidate.resolve("initdb")))
                        .max((a, b) -> Integer.compare(major(a), major(b)));
                if (newest.isPresent()) {
                    return newest.get();
                }
            }
        }
        throw new IllegalStateException("PostgreSQL is not installed (no " + POSTGRESQL_LIB + "/*/bin/initdb): "
                + "run scripts/install-deps");
    }

    private static int major(Path bin) {
        String name = bin.getParent().getFileName().toString();
        return name.matches("\\d+") ? Integer.parseInt(name) : 0;
    }

    /** Runs a PostgreSQL program as the postgres user; its output becomes the message when it fails. */
    private static void run(List<String> command, Path workingDirectory) throws IOException, InterruptedException {
        List<String> full = new ArrayList<>(List.of(RUNUSER.toString(), "-u", OS_USER, "--"));
        full.addAll(command);
        Process process = new ProcessBuilder(full).directory(workingDirectory.toFile()).redirectErrorStream(true).start();
        process.getOutputStream().close();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(COMMAND_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException(String.join(" ", command) + " did not finish in " + COMMAND_TIMEOUT_SECONDS + "s");
        }
        if (process.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed with exit status " + process.exitValue() + ":\n"
                    + new String(output, StandardCharsets.UTF_8));
        }
    }

    private static void chownToPostgres(Path path) throws IOException {
        UserPrincipalLookupService lookup = path.getFileSystem().getUserPrincipalLookupService();
        PosixFileAttributeView view = Files.getFileAttributeView(path, PosixFileAttributeView.class);
        view.setOwner(lookup.lookupPrincipalByName(OS_USER));
        GroupPrincipal group = lookup.lookupPrincipalByGroupName(OS_USER);
        view.setGroup(group);
    }

    private static byte[] randomBytes(int count) {
        byte[] bytes = new byte[count];
        new SecureRandom().nextBytes(bytes);
        return bytes;
    }
}
