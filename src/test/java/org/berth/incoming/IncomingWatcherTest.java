package org.berth.incoming;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.berth.incoming.TarBuilder.tar;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IncomingWatcherTest {
    private static final Duration SETTLE = Duration.ofMillis(100);
    /** Several settle delays and rescans: if a second event were coming, it would come by then. */
    private static final Duration QUIET = Duration.ofMillis(600);
    private static final Duration PATIENCE = Duration.ofSeconds(10);
    private static final WatcherSettings FAST = new WatcherSettings(SETTLE, Duration.ofMillis(250), true);

    @TempDir
    Path tmp;

    private Path incoming;
    private final Recorder events = new Recorder();
    private IncomingWatcher watcher;

    @BeforeEach
    void folder() throws IOException {
        incoming = tmp.resolve("incoming");
        Files.createDirectories(incoming);
    }

    @AfterEach
    void stopWatcher() {
        if (watcher != null) {
            watcher.stop();
        }
    }

    @Test
    void reportsBundlesAlreadyPresentAtStartOnce() throws Exception {
        Files.write(incoming.resolve("alpha.keter"), bundle(1));
        Files.write(incoming.resolve("beta.tgz"), bundle(2));
        Files.write(incoming.resolve("gamma.tar.gz"), bundle(3));

        start(FAST);

        awaitExactly("ready alpha", "ready beta", "ready gamma");
        assertThat(events.bundles()).extracting(IncomingBundle::file).containsExactly(
                incoming.resolve("alpha.keter"), incoming.resolve("beta.tgz"), incoming.resolve("gamma.tar.gz"));
    }

    @Test
    void aSlowCopyCausesOneEvent() throws Exception {
        start(FAST);
        byte[] bundle = bundle(4);
        Path target = incoming.resolve("slow.keter");

        try (OutputStream out = Files.newOutputStream(target)) {
            int chunk = bundle.length / 4 + 1;
            for (int offset = 0; offset < bundle.length; offset += chunk) {
                out.write(bundle, offset, Math.min(chunk, bundle.length - offset));
                out.flush();
                Thread.sleep(SETTLE.multipliedBy(3).toMillis()); // pauses longer than the settle delay
            }
        }

        awaitExactly("ready slow");
        assertThat(events.bundles().getFirst().size()).isEqualTo(bundle.length);
    }

    @Test
    void writeThenRenameCausesOneEvent() throws Exception {
        start(FAST);
        Files.write(incoming.resolve(".app.keter.tmp"), bundle(5));
        Files.write(incoming.resolve("app.keter.part"), bundle(6));
        Thread.sleep(SETTLE.multipliedBy(3).toMillis());

        Files.move(incoming.resolve("app.keter.part"), incoming.resolve("app.keter"), StandardCopyOption.ATOMIC_MOVE);

        awaitExactly("ready app");
    }

    @Test
    void aNewVersionCausesAnotherEventAndAnUnchangedFileNone() throws Exception {
        Path file = incoming.resolve("app.keter");
        Files.write(file, bundle(7));
        start(FAST);
        awaitExactly("ready app");

        watcher.rescan();
        watcher.rescan();
        Thread.sleep(QUIET.toMillis());
        assertThat(events.names()).containsExactly("ready app");

        byte[] second = bundle(8);
        Path temporary = incoming.resolve("app.keter.part");
        Files.write(temporary, second);
        Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        awaitExactly("ready app", "ready app");

        Files.write(file, bundle(9)); // copied over in place this time
        awaitExactly("ready app", "ready app", "ready app");
        assertThat(events.bundles().get(2).size()).isEqualTo(Files.size(file));
    }

    @Test
    void aRemovedBundleCausesARemovedEvent() throws Exception {
        Path file = incoming.resolve("app.keter");
        Files.write(file, bundle(10));
        start(FAST);
        awaitExactly("ready app");

        Files.delete(file);

        awaitExactly("ready app", "removed app");
    }

    @Test
    void aTruncatedBundleIsNeverReadyUntilCompleted() throws Exception {
        byte[] bundle = bundle(11);
        Path file = incoming.resolve("app.keter");
        Files.write(file, Arrays.copyOf(bundle, bundle.length / 2));
        start(FAST);

        Thread.sleep(QUIET.toMillis());
        watcher.rescan();
        Thread.sleep(SETTLE.multipliedBy(3).toMillis());
        assertThat(events.names()).isEmpty();

        Files.write(file, Arrays.copyOfRange(bundle, bundle.length / 2, bundle.length), StandardOpenOption.APPEND);
        awaitExactly("ready app");
    }

    @Test
    void aFileThatIsNotGzipIsNeverReadyUntilReplaced() throws Exception {
        Path file = incoming.resolve("app.keter");
        Files.writeString(file, "not a bundle");
        start(FAST);

        Thread.sleep(QUIET.toMillis());
        assertThat(events.names()).isEmpty();

        Files.write(file, bundle(12));
        awaitExactly("ready app");
    }

    @Test
    void rescanFindsWhatTheWatchServiceWouldHaveReported() throws Exception {
        start(new WatcherSettings(SETTLE, Duration.ofHours(1), false));
        Path file = incoming.resolve("app.keter");
        Files.write(file, bundle(13));

        Thread.sleep(QUIET.toMillis());
        assertThat(events.names()).as("no file events, no periodic rescan yet").isEmpty();

        watcher.rescan();
        awaitExactly("ready app");

        Files.delete(file);
        Thread.sleep(QUIET.toMillis());
        assertThat(events.names()).containsExactly("ready app");
        watcher.rescan();
        awaitExactly("ready app", "removed app");
    }

    @Test
    void thePeriodicRescanAloneFindsBundles() throws Exception {
        start(new WatcherSettings(SETTLE, Duration.ofMillis(200), false));

        Files.write(incoming.resolve("app.keter"), bundle(14));

        awaitExactly("ready app");
    }

    @Test
    void invalidNamesAreIgnored() throws Exception {
        for (String name : List.of(".hidden.keter", "-dash.keter", "has space.keter", "x".repeat(64) + ".keter")) {
            Files.write(incoming.resolve(name), bundle(15));
        }
        Files.write(incoming.resolve("fine.keter"), bundle(16));
        Files.write(incoming.resolve("fine.tgz"), bundle(17)); // same app: the .keter wins

        start(FAST);

        awaitExactly("ready fine");
        assertThat(events.bundles().getFirst().file()).isEqualTo(incoming.resolve("fine.keter"));
    }

    @Test
    void aFailingListenerDoesNotStopLaterEvents() throws Exception {
        IncomingListener failing = new IncomingListener() {
            @Override
            public void bundleReady(IncomingBundle bundle) {
                events.bundleReady(bundle);
                if (bundle.appName().equals("first")) {
                    throw new IllegalStateException("listener bug");
                }
            }

            @Override
            public void bundleRemoved(String appName) {
                events.bundleRemoved(appName);
            }
        };
        Files.write(incoming.resolve("first.keter"), bundle(18));
        watcher = new IncomingWatcher(incoming, failing, FAST);
        watcher.start();
        awaitExactly("ready first");

        Files.write(incoming.resolve("second.keter"), bundle(19));

        awaitExactly("ready first", "ready second");
    }

    @Test
    void nothingIsReportedAfterStop() throws Exception {
        start(FAST);
        watcher.stop();

        Files.write(incoming.resolve("late.keter"), bundle(20));
        watcher.rescan();

        Thread.sleep(QUIET.toMillis());
        assertThat(events.names()).isEmpty();
    }

    // ---- helpers ----

    private void start(WatcherSettings settings) throws IOException {
        watcher = new IncomingWatcher(incoming, events, settings);
        watcher.start();
    }

    /** Waits for exactly these events, then makes sure no further one follows. */
    private void awaitExactly(String... expected) {
        await().atMost(PATIENCE).until(() -> events.names().size() >= expected.length);
        await().during(QUIET).atMost(QUIET.plus(PATIENCE)).until(() -> events.names().size() == expected.length);
        assertThat(events.names()).containsExactly(expected);
    }

    /** A real bundle of ~200 KB that does not compress, so a half of it is a true partial copy. */
    private static byte[] bundle(int seed) {
        byte[] blob = new byte[200_000];
        new Random(seed).nextBytes(blob);
        return tar().file("config/keter.yaml", "stanzas: []\n").file("dist/blob", blob, 0644).bytes();
    }

    /** Events in arrival order, named "ready app" / "removed app". */
    private static final class Recorder implements IncomingListener {
        private final List<String> names = new CopyOnWriteArrayList<>();
        private final List<IncomingBundle> bundles = new CopyOnWriteArrayList<>();

        @Override
        public void bundleReady(IncomingBundle bundle) {
            bundles.add(bundle);
            names.add("ready " + bundle.appName());
        }

        @Override
        public void bundleRemoved(String appName) {
            names.add("removed " + appName);
        }

        List<String> names() {
            return List.copyOf(names);
        }

        List<IncomingBundle> bundles() {
            return List.copyOf(bundles);
        }
    }
}
