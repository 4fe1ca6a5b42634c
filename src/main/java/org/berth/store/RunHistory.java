package org.berth.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Reads and writes the {@code runs} table: every init/update/deploy, whoever triggered it. */
public final class RunHistory {
    private static final String COLUMNS = "id, site, requested_action, action, trigger, caller, context_size, artifact,"
            + " requested_at, started_at, ended_at, state, result, exit_status, output, output_truncated, owner_pid";

    private final Store store;

    public RunHistory(Store store) {
        this.store = store;
    }

    /** Records a request as queued and returns its id (which is also its job id). */
    public long create(String site, String requestedAction, String trigger, String caller, long contextSize,
                       String artifact, Instant requestedAt) {
        synchronized (store) {
            try (PreparedStatement insert = store.connection().prepareStatement(
                    "INSERT INTO runs (site, requested_action, trigger, caller, context_size, artifact, requested_at, state,"
                            + " owner_pid) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    PreparedStatement.RETURN_GENERATED_KEYS)) {
                insert.setString(1, site);
                insert.setString(2, requestedAction);
                insert.setString(3, trigger);
                insert.setString(4, caller);
                insert.setLong(5, contextSize);
                insert.setString(6, artifact);
                insert.setLong(7, requestedAt.toEpochMilli());
                insert.setString(8, RunState.QUEUED.name());
                insert.setLong(9, ProcessHandle.current().pid());
                insert.executeUpdate();
                try (ResultSet keys = insert.getGeneratedKeys()) {
                    keys.next();
                    return keys.getLong(1);
                }
            } catch (SQLException e) {
                throw new StoreException("cannot record a run of " + site + ": " + e.getMessage(), e);
            }
        }
    }

    public void markStarted(long id, String action, Instant startedAt) {
        update("UPDATE runs SET state = ?, action = ?, started_at = ? WHERE id = ?", statement -> {
            statement.setString(1, RunState.RUNNING.name());
            statement.setString(2, action);
            statement.setLong(3, startedAt.toEpochMilli());
            statement.setLong(4, id);
        });
    }

    public void finish(long id, String result, Integer exitStatus, Instant endedAt, String output, boolean truncated) {
        update("UPDATE runs SET state = ?, result = ?, exit_status = ?, ended_at = ?, output = ?, output_truncated = ?,"
                + " started_at = COALESCE(started_at, ?) WHERE id = ?", statement -> {
            statement.setString(1, RunState.FINISHED.name());
            statement.setString(2, result);
            if (exitStatus == null) {
                statement.setNull(3, Types.INTEGER);
            } else {
                statement.setInt(3, exitStatus);
            }
            statement.setLong(4, endedAt.toEpochMilli());
            statement.setString(5, output);
            statement.setInt(6, truncated ? 1 : 0);
            statement.setLong(7, endedAt.toEpochMilli());
            statement.setLong(8, id);
        });
    }

    public Optional<RunRecord> find(long id) {
        List<RunRecord> found = query("SELECT " + COLUMNS + " FROM runs WHERE id = ?", statement -> statement.setLong(1, id));
        return found.stream().findFirst();
    }

    /** Most recent first. */
    public List<RunRecord> forSite(String site, int limit) {
        return query("SELECT " + COLUMNS + " FROM runs WHERE site = ? ORDER BY id DESC LIMIT ?", statement -> {
            statement.setString(1, site);
            statement.setInt(2, limit);
        });
    }

    /** The latest run of every site that has one. */
    public List<RunRecord> latestPerSite() {
        return query("SELECT " + COLUMNS + " FROM runs WHERE id IN (SELECT MAX(id) FROM runs GROUP BY site) ORDER BY site",
                statement -> { });
    }

    /**
     * Closes runs left queued or running by a berth process that no longer exists (killed, or
     * the machine restarted), so none shows as running forever. Runs of live processes — a CLI
     * update going on beside the server — are left alone.
     */
    public int abandonOrphans(String note) {
        List<RunRecord> unfinished = query("SELECT " + COLUMNS + " FROM runs WHERE state != ?",
                statement -> statement.setString(1, RunState.FINISHED.name()));
        int count = 0;
        for (RunRecord run : unfinished) {
            if (ProcessHandle.of(run.ownerPid()).map(ProcessHandle::isAlive).orElse(false)) {
                continue;
            }
            update("UPDATE runs SET state = ?, result = 'Unknown', ended_at = ?, output = output || ? WHERE id = ?",
                    statement -> {
                        statement.setString(1, RunState.FINISHED.name());
                        statement.setLong(2, Instant.now().toEpochMilli());
                        statement.setString(3, "\n[berth] " + note + "\n");
                        statement.setLong(4, run.id());
                    });
            count++;
        }
        return count;
    }

    private interface Binder {
        void bind(PreparedStatement statement) throws SQLException;
    }

    private void update(String sql, Binder binder) {
        synchronized (store) {
            try (PreparedStatement statement = store.connection().prepareStatement(sql)) {
                binder.bind(statement);
                statement.executeUpdate();
            } catch (SQLException e) {
                throw new StoreException("cannot update the run history in " + store.file() + ": " + e.getMessage(), e);
            }
        }
    }

    private List<RunRecord> query(String sql, Binder binder) {
        synchronized (store) {
            try (PreparedStatement statement = store.connection().prepareStatement(sql)) {
                binder.bind(statement);
                List<RunRecord> records = new ArrayList<>();
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        records.add(toRecord(rows));
                    }
                }
                return records;
            } catch (SQLException e) {
                throw new StoreException("cannot read the run history in " + store.file() + ": " + e.getMessage(), e);
            }
        }
    }

    private static RunRecord toRecord(ResultSet row) throws SQLException {
        return new RunRecord(
                row.getLong("id"),
                row.getString("site"),
                row.getString("requested_action"),
                row.getString("action"),
                row.getString("trigger"),
                row.getString("caller"),
                row.getLong("context_size"),
                row.getString("artifact"),
                instant(row, "requested_at"),
                instant(row, "started_at"),
                instant(row, "ended_at"),
                RunState.valueOf(row.getString("state")),
                row.getString("result"),
                nullableInt(row, "exit_status"),
                row.getString("output"),
                row.getInt("output_truncated") != 0,
                row.getLong("owner_pid"));
    }

    private static Integer nullableInt(ResultSet row, String column) throws SQLException {
        int value = row.getInt(column);
        return row.wasNull() ? null : value;
    }

    private static Instant instant(ResultSet row, String column) throws SQLException {
        long millis = row.getLong(column);
        return row.wasNull() ? null : Instant.ofEpochMilli(millis);
    }
}
