package org.berth.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * berth's embedded SQLite database ({@code <data root>/berth.db}): run history, releases and
 * deployments, apps' database credentials. The CLI and the server open the same file; SQLite's WAL journal and
 * a busy timeout let them write side by side. The file is created {@code 0600}.
 */
public final class Store implements AutoCloseable {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Store.class);
    private static final int SCHEMA_VERSION = 3;
    private static final java.util.Set<java.nio.file.attribute.PosixFilePermission> OWNER_ONLY =
            PosixFilePermissions.fromString("rw-------");

    private final Path file;
    private final Connection connection;

    private Store(Path file, Connection connection) {
        this.file = file;
        this.connection = connection;
    }

    public static Store open(Path file) throws StoreException {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            if (!Files.exists(file)) {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
            }
            restrictPermissions(file);
        } catch (IOException e) {
            throw new StoreException("cannot create the store " + file + ": " + e.getMessage(), e);
        }
        try {
            Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
            try (Statement statement = connection.createStatement()) {
                statement.execute("PRAGMA busy_timeout = 15000");
                statement.execute("PRAGMA journal_mode = WAL");
                statement.execute("PRAGMA synchronous = NORMAL");
                statement.execute("PRAGMA foreign_keys = ON");
            }
            Store store = new Store(file, connection);
            store.migrate();
            return store;
        } catch (SQLException e) {
            throw new StoreException("cannot open the store " + file + ": " + e.getMessage(), e);
        }
    }

    public Path file() {
        return file;
    }

    /** The one connection; callers synchronise on the store for multi-statement work. */
    Connection connection() {
        return connection;
    }

    private void migrate() throws SQLException {
        try (Statement statement = connection.createStatement()) {
            int version;
            try (var result = statement.executeQuery("PRAGMA user_version")) {
                version = result.getInt(1);
            }
            if (version < 1) {
                statement.execute("""
                        CREATE TABLE IF NOT EXISTS runs (
                          id               INTEGER PRIMARY KEY AUTOINCREMENT,
                          site             TEXT    NOT NULL,
                          requested_action TEXT    NOT NULL,
                          action           TEXT,
                          trigger          TEXT    NOT NULL,
                          caller           TEXT    NOT NULL,
                          context_size     INTEGER NOT NULL,
                          artifact         TEXT,
                          requested_at     INTEGER NOT NULL,
                          started_at       INTEGER,
                          ended_at         INTEGER,
                          state            TEXT    NOT NULL,
                          result           TEXT,
                          exit_status      INTEGER,
                          output           TEXT    NOT NULL DEFAULT '',
                          output_truncated INTEGER NOT NULL DEFAULT 0,
                          owner_pid        INTEGER NOT NULL
                        )""");
                statement.execute("CREATE INDEX IF NOT EXISTS runs_by_site ON runs (site, id)");
                statement.execute("PRAGMA user_version = 1");
            }
            if (version < 2) {
                // Apps: every kept bundle (release) and every attempt to put one in service (deployment).
                statement.execute("""
                        CREATE TABLE IF NOT EXISTS releases (
                          id          INTEGER PRIMARY KEY AUTOINCREMENT,
                          app         TEXT    NOT NULL,
                          sha256      TEXT    NOT NULL,
                          bundle      TEXT,
                          size        INTEGER NOT NULL,
                          created_at  INTEGER NOT NULL
                        )""");
                statement.execute("CREATE INDEX IF NOT EXISTS releases_by_app ON releases (app, id)");
                statement.execute("""
                        CREATE TABLE IF NOT EXISTS deployments (
                          id          INTEGER PRIMARY KEY AUTOINCREMENT,
                          app         TEXT    NOT NULL,
                          release_id  INTEGER NOT NULL REFERENCES releases (id),
                          trigger     TEXT    NOT NULL,
                          caller      TEXT    NOT NULL,
                          started_at  INTEGER NOT NULL,
                          ended_at    INTEGER,
                          outcome     TEXT    NOT NULL,
                          message     TEXT    NOT NULL DEFAULT ''
                        )""");
                statement.execute("CREATE INDEX IF NOT EXISTS deployments_by_app ON deployments (app, id)");
                statement.execute("""
                        CREATE TABLE IF NOT EXISTS apps (
                          name             TEXT PRIMARY KEY,
                          current_release  INTEGER REFERENCES releases (id),
                          incoming_sha256  TEXT
                        )""");
                statement.execute("PRAGMA user_version = 2");
            }
            if (version < 3) {
                // Apps' PostgreSQL credentials: one role and database per app, reused by every deploy.
                statement.execute("""
                        CREATE TABLE IF NOT EXISTS database_credentials (
                          app         TEXT    PRIMARY KEY,
                          server      TEXT    NOT NULL,
                          role        TEXT    NOT NULL,
                          database    TEXT    NOT NULL,
                          password    TEXT    NOT NULL,
                          created_at  INTEGER NOT NULL
                        )""");
                statement.execute("PRAGMA user_version = " + SCHEMA_VERSION);
            }
        }
    }

    /**
     * The store holds database passwords, so it (and SQLite's -wal and -shm beside it, which get the
     * file's mode when SQLite creates them) must be berth's alone; a file made wider by hand or by an
     * old release is narrowed back. A caller that does not own it cannot, and need not, change it.
     */
    private static void restrictPermissions(Path file) {
        for (String suffix : new String[] {"", "-wal", "-shm"}) {
            Path path = file.resolveSibling(file.getFileName() + suffix);
            try {
                if (Files.exists(path) && !Files.getPosixFilePermissions(path).equals(OWNER_ONLY)) {
                    Files.setPosixFilePermissions(path, OWNER_ONLY);
                    LOG.warn("{} was readable by other users; made it 0600", path);
                }
            } catch (IOException | UnsupportedOperationException notOurs) {
                // Owned by another user, or no POSIX permissions: opening it will tell whether it can be used.
            }
        }
    }

    @Override
    public void close() {
        try {
            connection.close();
        } catch (SQLException ignored) {
            // closing at exit: nothing useful to do
        }
    }
}
