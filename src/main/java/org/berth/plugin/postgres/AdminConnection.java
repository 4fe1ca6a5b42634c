package org.berth.plugin.postgres;

import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import org.berth.config.PostgresServer;
import org.postgresql.PGConnection;
import org.postgresql.util.PSQLException;

/**
 * berth's login to a PostgreSQL server as its admin role, for the few statements that manage apps'
 * roles and databases. PostgreSQL takes no bind parameters for identifiers, so every identifier is
 * quoted by pgJDBC's {@code escapeIdentifier} (double quotes doubled); passwords never travel in SQL
 * text: {@code alterUserPassword} hashes them (SCRAM) on this side, so neither the server's statement
 * log nor its error messages ever hold one. Every failure becomes a {@link DatabaseException} naming
 * the server and the reason.
 */
final class AdminConnection implements AutoCloseable {
    /** A hung server must not hang a deploy: no statement here takes long. */
    private static final int SOCKET_TIMEOUT_SECONDS = 60;

    private final PostgresServer server;
    private final Connection connection;

    private AdminConnection(PostgresServer server, Connection connection) {
        this.server = server;
        this.connection = connection;
    }

    static AdminConnection open(PostgresServer server) throws DatabaseException {
        Properties properties = new Properties();
        properties.setProperty("user", server.user());
        properties.setProperty("password", server.password());
        String seconds = Long.toString(Math.max(1, (server.connectTimeout().toMillis() + 999) / 1000));
        properties.setProperty("connectTimeout", seconds);
        properties.setProperty("loginTimeout", seconds);
        properties.setProperty("socketTimeout", Integer.toString(SOCKET_TIMEOUT_SECONDS));
        properties.setProperty("ApplicationName", "berth");
        String url = "jdbc:postgresql://" + DatabaseEnvironment.urlHost(server) + ":" + server.port() + "/"
                + DatabaseEnvironment.encode(server.adminDatabase());
        try {
            return new AdminConnection(server, DriverManager.getConnection(url, properties));
        } catch (SQLException e) {
            throw new DatabaseException(describe(server) + " " + loginFailure(server, e), e);
        }
    }

    /** {@code PostgreSQL server 'main' (127.0.0.1:5432)}: how every message names the server. */
    static String describe(PostgresServer server) {
        return "PostgreSQL server '" + server.name() + "' (" + server.address() + ")";
    }

    boolean roleExists(String role) throws DatabaseException {
        return exists("SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = ?", role, "looking up role " + role);
    }

    boolean databaseExists(String database) throws DatabaseException {
        return exists("SELECT 1 FROM pg_catalog.pg_database WHERE datname = ?", database,
                "looking up database " + database);
    }

    /** A login role with no other powers, and its password set as a SCRAM verifier computed here. */
    void createRole(String role, String password) throws DatabaseException {
        String step = "creating role " + role;
        execute("CREATE ROLE " + quote(role, step) + " LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION", step);
        try {
            connection.unwrap(PGConnection.class).alterUserPassword(role, password.toCharArray(), null);
        } catch (SQLException e) {
            throw failure("setting the password of role " + role, e);
        }
    }

    /**
     * The app's database, owned by its role, closed to every other role (PostgreSQL lets PUBLIC connect
     * to a new database; other apps' roles must not). An admin that is no superuser must be a member of
     * the owner to give it a database, so it makes itself one.
     */
    void createDatabase(String database, String owner) throws DatabaseException {
        String step = "creating database " + database;
        if (!isSuperuser()) {
            execute("GRANT " + quote(owner, step) + " TO CURRENT_USER", step);
        }
        execute("CREATE DATABASE " + quote(database, step) + " OWNER " + quote(owner, step), step);
        execute("REVOKE ALL ON DATABASE " + quote(database, step) + " FROM PUBLIC", step);
    }

    /** Drops the database, ending sessions still open on it (PostgreSQL 13 and later can). */
    void dropDatabase(String database) throws DatabaseException {
        String step = "dropping database " + database;
        String force = majorVersion() >= 13 ? " WITH (FORCE)" : "";
        execute("DROP DATABASE IF EXISTS " + quote(database, step) + force, step);
    }

    void dropRole(String role) throws DatabaseException {
        String step = "dropping role " + role;
        execute("DROP ROLE IF EXISTS " + quote(role, step), step);
    }

    private boolean exists(String sql, String name, String step) throws DatabaseException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, name);
            try (ResultSet row = statement.executeQuery()) {
                return row.next();
            }
        } catch (SQLException e) {
            throw failure(step, e);
        }
    }

    private boolean isSuperuser() throws DatabaseException {
        try (Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery("SELECT rolsuper FROM pg_catalog.pg_roles WHERE rolname = CURRENT_USER")) {
            return row.next() && row.getBoolean(1);
        } catch (SQLException e) {
            throw failure("checking the admin role's powers", e);
        }
    }

    private int majorVersion() throws DatabaseException {
        try {
            return connection.getMetaData().getDatabaseMajorVersion();
        } catch (SQLException e) {
            throw failure("reading the server's version", e);
        }
    }

    private void execute(String sql, String step) throws DatabaseException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw failure(step, e);
        }
    }

    private String quote(String identifier, String step) throws DatabaseException {
        try {
            return connection.unwrap(PGConnection.class).escapeIdentifier(identifier);
        } catch (SQLException e) {
            throw failure(step, e);
        }
    }

    private DatabaseException failure(String step, SQLException e) {
        return new DatabaseException(describe(server) + ": " + step + " failed: " + serverMessage(e), e);
    }

    /** Why the admin login failed, in the words an operator needs: unreachable, or refused and why. */
    private static String loginFailure(PostgresServer server, SQLException e) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        if (state.startsWith("28")) {
            return "refused the admin login as " + server.user() + ": " + serverMessage(e);
        }
        if (state.equals("3D000")) {
            return "has no database " + server.adminDatabase() + " for the admin to connect to (set 'database' "
                    + "under postgres.servers." + server.name() + ")";
        }
        if (state.startsWith("08")) {
            return "is not reachable: " + networkReason(server, e);
        }
        return "refused the admin login as " + server.user() + ": " + serverMessage(e);
    }

    private static String networkReason(PostgresServer server, SQLException e) {
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof ConnectException) {
                return "connection refused (is PostgreSQL running and listening on " + server.address() + "?)";
            }
            if (cause instanceof SocketTimeoutException) {
                return "no answer within " + server.connectTimeout().toSeconds() + "s (connect-timeout)";
            }
            if (cause instanceof UnknownHostException) {
                return "unknown host " + server.host();
            }
        }
        return e.getMessage();
    }

    /** The server's own sentence when there is one, without pgJDBC's position and hint decorations. */
    private static String serverMessage(SQLException e) {
        if (e instanceof PSQLException psql && psql.getServerErrorMessage() != null
                && psql.getServerErrorMessage().getMessage() != null) {
            return psql.getServerErrorMessage().getMessage();
        }
        return String.valueOf(e.getMessage());
    }

    @Override
    public void close() {
        try {
            connection.close();
        } catch (SQLException ignored) {
            // The session is over either way; the server cleans it up.
        }
    }
}
