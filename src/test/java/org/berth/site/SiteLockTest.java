package org.berth.site;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.berth.naming.SiteName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SiteLockTest {
    @TempDir
    Path locks;

    private static final SiteName FOO = SiteName.parse("foo.acme.tld");
    private static final SiteName BAR = SiteName.parse("bar.acme.tld");

    record Interval(long enter, long exit) {
    }

    @Test
    void createsTheLockFileUnderTheDirectory() throws Exception {
        Path directory = locks.resolve("data/locks");
        try (SiteLock lock = SiteLock.acquire(directory, FOO)) {
            assertThat(directory.resolve("foo.acme.tld.lock")).isRegularFile();
        }
        assertThat(directory.resolve("foo.acme.tld.lock")).exists();
        try (var files = Files.list(directory)) {
            assertThat(files.map(path -> path.getFileName().toString())).containsExactly("foo.acme.tld.lock");
        }
    }

    @Test
    void twoThreadsOnTheSameSiteNeverOverlap() throws Exception {
        List<Interval> intervals = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger inside = new AtomicInteger();
        AtomicBoolean overlapped = new AtomicBoolean();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                futures.add(pool.submit(() -> {
                    try (SiteLock lock = SiteLock.acquire(locks, FOO)) {
                        long enter = System.nanoTime();
                        if (inside.incrementAndGet() != 1) {
                            overlapped.set(true);
                        }
                        Thread.sleep(40);
                        inside.decrementAndGet();
                        intervals.add(new Interval(enter, System.nanoTime()));
                    }
                    return null;
                }));
            }
            for (Future<?> future : futures) {
                future.get(20, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(overlapped).isFalse();
        assertThat(intervals).hasSize(8);
        List<Interval> sorted = new ArrayList<>(intervals);
        sorted.sort((a, b) -> Long.compare(a.enter(), b.enter()));
        for (int i = 1; i < sorted.size(); i++) {
            assertThat(sorted.get(i).enter()).as("run %d started before run %d ended", i, i - 1)
                    .isGreaterThanOrEqualTo(sorted.get(i - 1).exit());
        }
    }

    @Test
    void differentSitesRunInParallel() throws Exception {
        CountDownLatch bothHeld = new CountDownLatch(2);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<Boolean> foo = pool.submit(() -> holdUntilBoth(FOO, bothHeld));
            Future<Boolean> bar = pool.submit(() -> holdUntilBoth(BAR, bothHeld));
            assertThat(foo.get(10, TimeUnit.SECONDS)).isTrue();
            assertThat(bar.get(10, TimeUnit.SECONDS)).isTrue();
        } finally {
            pool.shutdownNow();
        }
    }

    private boolean holdUntilBoth(SiteName site, CountDownLatch bothHeld) throws Exception {
        try (SiteLock lock = SiteLock.acquire(locks, site)) {
            bothHeld.countDown();
            return bothHeld.await(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void aLockIsFreeAgainAfterClose() throws Exception {
        SiteLock first = SiteLock.acquire(locks, FOO);
        first.close();
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<Boolean> second = pool.submit(() -> {
                try (SiteLock lock = SiteLock.acquire(locks, FOO)) {
                    return true;
                }
            });
            assertThat(second.get(5, TimeUnit.SECONDS)).isTrue();
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void anotherProcessHoldingTheLockMakesUsWait() throws Exception {
        String java = ProcessHandle.current().info().command().orElse(System.getProperty("java.home") + "/bin/java");
        Process holder = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                SiteLockHolder.class.getName(), locks.toString(), FOO.value(), "1500")
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8))) {
            String line = lines.readLine();
            assertThat(line).as("the other process reports it holds the lock").isEqualTo("locked");

            long before = System.nanoTime();
            try (SiteLock lock = SiteLock.acquire(locks, FOO)) {
                long waitedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - before);
                assertThat(waitedMillis).as("waited for the other process to let go").isGreaterThan(500);
                assertThat(lines.readLine()).isEqualTo("released");
            }
            assertThat(holder.waitFor(10, TimeUnit.SECONDS)).isTrue();
        } finally {
            if (holder.isAlive()) {
                holder.destroyForcibly();
                holder.waitFor(10, TimeUnit.SECONDS);
            }
        }
        assertThat(holder.exitValue()).isZero();
    }

    /** Run in a separate JVM by {@link #anotherProcessHoldingTheLockMakesUsWait}. */
    public static final class SiteLockHolder {
        public static void main(String[] args) throws Exception {
            try (SiteLock lock = SiteLock.acquire(Path.of(args[0]), SiteName.parse(args[1]))) {
                System.out.println("locked");
                System.out.flush();
                Thread.sleep(Long.parseLong(args[2]));
                System.out.println("released");
                System.out.flush();
            }
        }
    }
}
