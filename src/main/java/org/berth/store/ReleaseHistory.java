package org.berth.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Reads and writes releases, deployments and the per-app "current release" pointer. */
public final class ReleaseHistory {
    private final Store store;

    public ReleaseHistory(Store store) {
        this.store = store;
    }

    /** The store these records live in, for the other records of an app (its database credentials). */
    public Store store() {
        return store;
    }

    public long addRelease(String app, String sha256, String bundle, long size, Instant createdAt) {
        return insert("INSERT INTO releases (app, sha256, bundle, size, created_at) VALUES (?, ?, ?, ?, ?)", statement -> {
            statement.setString(1, app);
            statement.setString(2, sha256);
            statement.setString(3, bundle);
            statement.setLong(4, size);
            statement.setLong(5, createdAt.toEpochMilli());
        });
    }

    public Optional<ReleaseRecord> release(long id) {
        return queryReleases("SELECT * FROM releases WHERE id = ?", statement -> statement.setLong(1, id)).stream().findFirst();
    }

    /** Newest first. */
    public List<ReleaseRecord> releases(String app) {
        return queryReleases("SELECT * FROM releases WHERE app = ? ORDER BY id DESC", statement -> statement.setString(1, app));
    }

    /** Forgets where a pruned release's bundle was (the row stays, for history). */
    public void forgetBundle(long releaseId) {
        update("UPDATE releases SET bundle = NULL WHERE id = ?", statement -> statement.setLong(1, releaseId));
    }

    public long startDeployment(String app, long releaseId, String trigger, String caller, Instant startedAt) {
        return insert("INSERT INTO deployments (app, release_id, trigger, caller, started_at, outcome) VALUES (?, ?, ?, ?, ?, ?)",
                statement -> {
                    statement.setString(1, app);
                    statement.setLong(2, releaseId);
                    statement.setString(3, trigger);
                    statement.setString(4, caller);
                    statement.setLong(5, startedAt.toEpochMilli());
                    statement.setString(6, "deploying");
                });
    }

    public void endDeployment(long id, String outcome, String message, Instant endedAt) {
        update("UPDATE deployments SET outcome = ?, message = ?, ended_at = ? WHERE id = ?", statement -> {
            statement.setString(1, outcome);
            statement.setString(2, message);
            statement.setLong(3, endedAt.toEpochMilli());
            statement.setLong(4, id);
        });
    }

    /** Marks the deployment that was serving a release as replaced (or stopped) once it leaves service. */
    public void endServing(String app, long releaseId, String outcome, Instant endedAt) {
        update("UPDATE deployments SET outcome = ?, ended_at = ? WHERE app = ? AND release_id = ? AND outcome = 'serving'",
                statement -> {
                    statement.setString(1, outcome);
                    statement.setLong(2, endedAt.toEpochMilli());
                    statement.setString(3, app);
                    statement.setLong(4, releaseId);
                });
    }

    public Optional<DeploymentRecord> deployment(long id) {
        return queryDeployments("SELECT * FROM deployments WHERE id = ?", statement -> statement.setLong(1, id))
                .stream().findFirst();
    }

    /** Newest first. */
    public List<DeploymentRecord> deployments(String app, int limit) {
        return queryDeployments("SELECT * FROM deployments WHERE app = ? ORDER BY id DESC LIMIT ?", statement -> {
            statement.setString(1, app);
            statement.setInt(2, limit);
        });
    }

    /** Closes deployments a dead berth left in "deploying": the old release kept serving (or nothing did). */
    public void abandonUnfinished(Instant now) {
        update("UPDATE deployments SET outcome = 'failed', message = 'berth stopped during this deployment', ended_at = ?"
                + " WHERE outcome = 'deploying'", statement -> statement.setLong(1, now.toEpochMilli()));
    }

    public void setCurrent(String app, Long releaseId, String incomingSha256) {
        update("INSERT INTO apps (name, current_release, incoming_sha256) VALUES (?, ?, ?)"
                + " ON CONFLICT (name) DO UPDATE SET current_release = excluded.current_release,"
                + " incoming_sha256 = excluded.incoming_sha256", statement -> {
                    statement.setString(1, app);
                    if (releaseId == null) {
                        statement.setNull(2, java.sql.Types.INTEGER);
                    } else {
                        statement.setLong(2, releaseId);
                    }
                    statement.setString(3, incomingSha256);
                });
    }

    public Optional<AppRecord> app(String name) {
        synchronized (store) {
            try (PreparedStatement statement = store.connection().prepareStatement(
                    "SELECT name, current_release, incoming_sha256 FROM apps WHERE name = ?")) {
                statement.setString(1, name);
                try (ResultSet row = statement.executeQuery()) {
                    if (!row.next()) {
                        return Optional.empty();
                    }
                    long current = row.getLong(2);
                    Long currentRelease = row.wasNull() ? null : current;
                    return Optional.of(new AppRecord(row.getString(1), currentRelease, row.getString(3)));
                }
            } catch (SQLException e) {
                throw new StoreException("cannot read app " + name + " from " + store.file() + ": " + e.getMessage(), e);
            }
        }
    }

    public void removeApp(String name) {
        update("DELETE FROM apps WHERE name = ?", statement -> statement.setString(1, name));
    }

    private interface Binder {
        void bind(PreparedStatement statement) throws SQLException;
    }

    private long insert(String sql, Binder binder) {
        synchronized (store) {
            try (PreparedStatement statement = store.connection().prepareStatement(sql, PreparedStatement.RETURN_GENERATED_KEYS)) {
                binder.bind(statement);
                statement.executeUpdate();
                try (ResultSet keys = statement.getGeneratedKeys()) {
                    keys.next();
                    return keys.getLong(1);
                }
            } catch (SQLException e) {
                throw new StoreException("cannot write to " + store.file() + ": " + e.getMessage(), e);
            }
        }
    }

    private void update(String sql, Binder binder) {
        synchronized (store) {
            try (PreparedStatement statement = store.connection().prepareStatement(sql)) {
                binder.bind(statement);
                statement.executeUpdate();
            } catch (SQLException e) {
                throw new StoreException("cannot write to " + store.file() + ": " + e.getMessage(), e);
            }
        }
    }

    private List<ReleaseRecord> queryReleases(String sql, Binder binder) {
        List<ReleaseRecord> records = new ArrayList<>();
        query(sql, binder, row -> records.add(new ReleaseRecord(row.getLong("id"), row.getString("app"),
                row.getString("sha256"), row.getString("bundle"), row.getLong("size"),
                Instant.ofEpochMilli(row.getLong("created_at")))));
        return records;
    }

    private List<DeploymentRecord> queryDeployments(String sql, Binder binder) {
        List<DeploymentRecord> records = new ArrayList<>();
        query(sql, binder, row -> {
            long ended = row.getLong("ended_at");
            Instant endedAt = row.wasNull() ? null : Instant.ofEpochMilli(ended);
            records.add(new DeploymentRecord(row.getLong("id"), row.getString("app"), row.getLong("release_id"),
                    row.getString("trigger"), row.getString("caller"), Instant.ofEpochMilli(row.getLong("started_at")),
                    endedAt, row.getString("outcome"), row.getString("message")));
        });
        return records;
    }

    private interface RowReader {
        void read(ResultSet row) throws SQLException;
    }

    private void query(String sql, Binder binder, RowReader reader) {
        synchronized (store) {
            try (PreparedStatement statement = store.connection().prepareStatement(sql)) {
                binder.bind(statement);
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        reader.read(rows);
                    }
                }
            } catch (SQLException e) {
                throw new StoreException("cannot read from " + store.file() + ": " + e.getMessage(), e);
            }
        }
    }
}
