package org.berth.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunHistoryTest {
    private static final Instant T0 = Instant.parse("2025-01-02T03:04:05.678Z");

    @TempDir
    Path dir;

    private Path file;
    private Store store;
    private RunHistory history;

    @BeforeEach
    void open() {
        file = dir.resolve("data/berth.db");
        store = Store.open(file);
        history = new RunHistory(store);
    }

    @AfterEach
    void close() {
        store.close();
    }

    private long create(String site) {
        return history.create(site, "deploy", "http", "127.0.0.1", 0, null, T0);
    }

    private void setOwner(long id, long pid) throws Exception {
        try (Connection other = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
             PreparedStatement update = other.prepareStatement("UPDATE runs SET owner_pid = ? WHERE id = ?")) {
            update.setLong(1, pid);
            update.setLong(2, id);
            assertThat(update.executeUpdate()).isEqualTo(1);
        }
    }

    @Test
    void createRecordsAQueuedRun() {
        long id = history.create("foo.acme.tld", "deploy", "http", "203.0.113.5 (token ci)", 7, "v1.2.3", T0);

        RunRecord run = history.find(id).orElseThrow();
        assertThat(run.id()).isEqualTo(id).isPositive();
        assertThat(run.site()).isEqualTo("foo.acme.tld");
        assertThat(run.requestedAction()).isEqualTo("deploy");
        assertThat(run.action()).isNull();
        assertThat(run.trigger()).isEqualTo("http");
        assertThat(run.caller()).isEqualTo("203.0.113.5 (token ci)");
        assertThat(run.contextSize()).isEqualTo(7);
        assertThat(run.artifact()).isEqualTo("v1.2.3");
        assertThat(run.requestedAt()).isEqualTo(T0);
        assertThat(run.startedAt()).isNull();
        assertThat(run.endedAt()).isNull();
        assertThat(run.state()).isEqualTo(RunState.QUEUED);
        assertThat(run.result()).isNull();
        assertThat(run.exitStatus()).isNull();
        assertThat(run.output()).isEmpty();
        assertThat(run.outputTruncated()).isFalse();
        assertThat(run.ownerPid()).isEqualTo(ProcessHandle.current().pid());
    }

    @Test
    void markStartedRecordsActionAndStartTime() {
        long id = create("foo.acme.tld");
        history.markStarted(id, "update", T0.plusSeconds(2));

        RunRecord run = history.find(id).orElseThrow();
        assertThat(run.state()).isEqualTo(RunState.RUNNING);
        assertThat(run.action()).isEqualTo("update");
        assertThat(run.startedAt()).isEqualTo(T0.plusSeconds(2));
        assertThat(run.endedAt()).isNull();
    }

    @Test
    void finishRecordsTheOutcome() {
        long id = create("foo.acme.tld");
        history.markStarted(id, "init", T0.plusSeconds(1));
        history.finish(id, "Warning", 1, T0.plusSeconds(5), "some output\n", true);

        RunRecord run = history.find(id).orElseThrow();
        assertThat(run.state()).isEqualTo(RunState.FINISHED);
        assertThat(run.result()).isEqualTo("Warning");
        assertThat(run.exitStatus()).isEqualTo(1);
        assertThat(run.startedAt()).isEqualTo(T0.plusSeconds(1));
        assertThat(run.endedAt()).isEqualTo(T0.plusSeconds(5));
        assertThat(run.output()).isEqualTo("some output\n");
        assertThat(run.outputTruncated()).isTrue();
    }

    @Test
    void finishWithoutExitStatusOrStart() {
        long id = create("foo.acme.tld");
        history.finish(id, "TimedOut", null, T0.plusSeconds(9), "", false);

        RunRecord run = history.find(id).orElseThrow();
        assertThat(run.exitStatus()).isNull();
        assertThat(run.result()).isEqualTo("TimedOut");
        assertThat(run.outputTruncated()).isFalse();
        assertThat(run.startedAt()).as("a run that never started gets its end time as start").isEqualTo(T0.plusSeconds(9));
    }

    @Test
    void findOfAnUnknownIdIsEmpty() {
        assertThat(history.find(12345)).isEmpty();
    }

    @Test
    void forSiteListsNewestFirstWithALimit() {
        long a1 = create("a.acme.tld");
        long b1 = create("b.acme.tld");
        long a2 = create("a.acme.tld");
        long a3 = create("a.acme.tld");

        assertThat(history.forSite("a.acme.tld", 10)).extracting(RunRecord::id).containsExactly(a3, a2, a1);
        assertThat(history.forSite("a.acme.tld", 2)).extracting(RunRecord::id).containsExactly(a3, a2);
        assertThat(history.forSite("b.acme.tld", 10)).extracting(RunRecord::id).containsExactly(b1);
        assertThat(history.forSite("c.acme.tld", 10)).isEmpty();
    }

    @Test
    void latestPerSite() {
        create("b.acme.tld");
        long a1 = create("a.acme.tld");
        long b2 = create("b.acme.tld");
        history.finish(a1, "Success", 0, T0, "ok", false);

        List<RunRecord> latest = history.latestPerSite();
        assertThat(latest).extracting(RunRecord::site, RunRecord::id).containsExactly(
                org.assertj.core.groups.Tuple.tuple("a.acme.tld", a1),
                org.assertj.core.groups.Tuple.tuple("b.acme.tld", b2));
        assertThat(latest.get(0).result()).isEqualTo("Success");
    }

    @Test
    void abandonOrphansClosesRunsOfDeadOwnersOnly() throws Exception {
        long deadPid = 999_999;
        assertThat(ProcessHandle.of(deadPid).map(ProcessHandle::isAlive).orElse(false))
                .as("pid %d must not be in use for this test", deadPid).isFalse();

        long orphanQueued = create("a.acme.tld");
        long orphanRunning = create("b.acme.tld");
        history.markStarted(orphanRunning, "update", T0);
        long ours = create("c.acme.tld");
        history.markStarted(ours, "update", T0);
        long finished = create("d.acme.tld");
        history.finish(finished, "Success", 0, T0, "done", false);
        setOwner(orphanQueued, deadPid);
        setOwner(orphanRunning, deadPid);
        setOwner(finished, deadPid);

        int closed = history.abandonOrphans("berth stopped while this run was going on");

        assertThat(closed).isEqualTo(2);
        for (long id : new long[] {orphanQueued, orphanRunning}) {
            RunRecord run = history.find(id).orElseThrow();
            assertThat(run.state()).isEqualTo(RunState.FINISHED);
            assertThat(run.result()).isEqualTo("Unknown");
            assertThat(run.endedAt()).isNotNull();
            assertThat(run.output()).isEqualTo("\n[berth] berth stopped while this run was going on\n");
        }
        RunRecord own = history.find(ours).orElseThrow();
        assertThat(own.state()).isEqualTo(RunState.RUNNING);
        assertThat(own.result()).isNull();
        RunRecord done = history.find(finished).orElseThrow();
        assertThat(done.result()).isEqualTo("Success");
        assertThat(done.output()).isEqualTo("done");

        assertThat(history.abandonOrphans("again")).isZero();
    }

    @Test
    void theStoreFileIsPrivate() throws Exception {
        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        create("foo.acme.tld");
        Path wal = file.resolveSibling("berth.db-wal");
        if (Files.exists(wal)) {
            assertThat(Files.getPosixFilePermissions(wal)).as("the WAL holds run output too")
                    .isEqualTo(PosixFilePermissions.fromString("rw-------"));
        }
        assertThat(store.file()).isEqualTo(file);
    }

    @Test
    void theSchemaIsVersionedAndReopeningKeepsTheRuns() throws Exception {
        long id = create("foo.acme.tld");
        store.close();
        store = Store.open(file);
        history = new RunHistory(store);

        assertThat(history.find(id)).get().extracting(RunRecord::site).isEqualTo("foo.acme.tld");
        assertThat(create("foo.acme.tld")).isGreaterThan(id);
        try (Connection other = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
             Statement statement = other.createStatement();
             ResultSet version = statement.executeQuery("PRAGMA user_version")) {
            assertThat(version.getInt(1)).isEqualTo(3); // 1: runs; 2: releases, deployments, apps; 3: credentials
        }
    }

    @Test
    void aStoreThatCannotBeCreatedSaysWhere() throws Exception {
        Path blocker = dir.resolve("blocker");
        Files.writeString(blocker, "a file, not a folder");
        Path impossible = blocker.resolve("berth.db");
        assertThatThrownBy(() -> Store.open(impossible))
                .isInstanceOf(StoreException.class)
                .hasMessageStartingWith("cannot create the store " + impossible + ": ");
    }

    @Test
    void twoStoresOnOneFileSeeEachOthersRuns() {
        try (Store second = Store.open(file)) {
            RunHistory other = new RunHistory(second);
            long id = other.create("foo.acme.tld", "init", "cli", "root", 0, null, T0);
            assertThat(history.find(id)).isPresent();
            history.finish(id, "Success", 0, T0, "", false);
            assertThat(other.find(id).orElseThrow().state()).isEqualTo(RunState.FINISHED);
        }
    }
}
