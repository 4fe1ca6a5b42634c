package org.berth.incoming;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches {@code incoming/} for app bundles ({@code *.keter}, {@code *.tar.gz}, {@code *.tgz})
 * and reports each complete new version once, and each removal once, to an
 * {@link IncomingListener}.
 *
 * <p>Three things make it look: the OS's file events (WatchService), a periodic rescan for
 * the events the OS drops, and {@link #rescan()} (the daemon calls it on SIGHUP). Every look is
 * the same full listing; an {@link IncomingLedger} turns listings into events, so a file
 * noticed three ways is still reported once. Bundles already present at {@link #start()} are
 * reported like new ones, which is how the daemon restores its apps after a restart.
 *
 * <p>Threads: one scans (and checks gzip data), one delivers events in order, one waits for
 * file events. A slow listener therefore never delays noticing files.
 */
public final class IncomingWatcher implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(IncomingWatcher.class);
    private static final long STOP_WAIT_SECONDS = 10;

    private enum Phase { NEW, RUNNING, STOPPED }

    private final IncomingFolder folder;
    private final IncomingListener listener;
    private final WatcherSettings settings;
    private final IncomingLedger ledger;
    private final ScheduledThreadPoolExecutor scanner;
    private final ThreadPoolExecutor delivery;
    private final AtomicBoolean scanQueued = new AtomicBoolean();

    private volatile Phase phase = Phase.NEW;
    private volatile Thread deliveryThread;
    private WatchService watchService;
    private Thread watchThread;
    // The fields below belong to the scan thread.
    private WatchKey watchKey;
    private boolean lookPlanned;
    private long plannedLookAt;
    private boolean listingFailed;

    public IncomingWatcher(Path incoming, IncomingListener listener) {
        this(incoming, listener, WatcherSettings.DEFAULTS);
    }

    public IncomingWatcher(Path incoming, IncomingListener listener, WatcherSettings settings) {
        this.folder = new IncomingFolder(incoming);
        this.listener = listener;
        this.settings = settings;
        this.ledger = new IncomingLedger(settings.settleDelay());
        this.scanner = new ScheduledThreadPoolExecutor(1, named("berth-incoming-scan"));
        this.scanner.setRemoveOnCancelPolicy(true);
        this.delivery = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(), runnable -> {
            Thread thread = named("berth-incoming-events").newThread(runnable);
            deliveryThread = thread;
            return thread;
        });
    }

    /** Creates the folder if needed and starts watching; bundles already there are reported once settled. */
    public synchronized void start() throws IOException {
        if (phase != Phase.NEW) {
            throw new IllegalStateException("an IncomingWatcher starts once; this one is " + phase);
        }
        Files.createDirectories(folder.dir());
        if (settings.useWatchService()) {
            openWatchService();
        }
        phase = Phase.RUNNING;
        long interval = settings.rescanInterval().toNanos();
        scanner.scheduleWithFixedDelay(this::scan, 0, interval, TimeUnit.NANOSECONDS);
        log.info("watching {} for app bundles (rescan every {}, settle delay {})", folder.dir(),
                shown(settings.rescanInterval()), shown(settings.settleDelay()));
    }

    /** Without file events (inotify limit reached, say) the rescans still find everything, only later. */
    private void openWatchService() {
        try {
            watchService = folder.dir().getFileSystem().newWatchService();
        } catch (IOException | UnsupportedOperationException e) {
            log.warn("cannot watch {} for file events ({}); relying on rescans every {}", folder.dir(), e.toString(),
                    shown(settings.rescanInterval()));
            return;
        }
        watchThread = named("berth-incoming-watch").newThread(this::awaitFileEvents);
        watchThread.start();
    }

    /** Looks at the folder again soon, without waiting for a file event or the next periodic rescan. */
    public void rescan() {
        if (phase != Phase.RUNNING) {
            return;
        }
        // Ten requests while one scan is queued need no second scan: it will see all of it.
        if (scanQueued.compareAndSet(false, true)) {
            try {
                scanner.execute(() -> {
                    scanQueued.set(false);
                    scan();
                });
            } catch (RejectedExecutionException stopping) {
                scanQueued.set(false);
            }
        }
    }

    /**
     * Stops watching. Events not yet delivered are dropped (a restart reports every bundle
     * again); a listener call in progress is waited for, but not interrupted.
     */
    public synchronized void stop() {
        if (phase == Phase.STOPPED) {
            return;
        }
        phase = Phase.STOPPED;
        closeWatchService();
        scanner.shutdownNow();
        awaitTermination(scanner);
        delivery.getQueue().clear();
        delivery.shutdown();
        if (Thread.currentThread() != deliveryThread) {
            awaitTermination(delivery);
        }
        if (watchThread != null) {
            try {
                watchThread.join(TimeUnit.SECONDS.toMillis(STOP_WAIT_SECONDS));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        log.info("stopped watching {}", folder.dir());
    }

    @Override
    public void close() {
        stop();
    }

    private static void awaitTermination(ExecutorService executor) {
        try {
            executor.awaitTermination(STOP_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Every look at the folder goes through here; nothing may escape, or the periodic rescan would end. */
    private void scan() {
        if (phase != Phase.RUNNING) {
            return;
        }
        try {
            scanOnce();
        } catch (RuntimeException e) {
            log.error("scanning {} failed; trying again at the next rescan", folder.dir(), e);
        }
    }

    private void scanOnce() {
        Map<String, FileVersion> listing;
        try {
            watchIfNeeded();
            listing = folder.list();
            listingFailed = false;
        } catch (IOException e) {
            // Not "every app was removed": a missing or unreadable folder is a problem to report, not act on.
            if (!listingFailed) {
                log.warn("cannot list {} ({}); will keep trying", folder.dir(), e.toString());
            }
            listingFailed = true;
            return;
        }
        IncomingLedger.Outcome outcome = ledger.update(listing, System.nanoTime());
        outcome.events().forEach(this::deliver);
        outcome.nextLook().ifPresent(this::planLook);
    }

    /** Registers (again, if the folder was deleted and re-created) for file events. */
    private void watchIfNeeded() throws IOException {
        if (watchService != null && (watchKey == null || !watchKey.isValid())) {
            try {
                watchKey = folder.dir().register(watchService, StandardWatchEventKinds.ENTRY_CREATE,
                        StandardWatchEventKinds.ENTRY_MODIFY, StandardWatchEventKinds.ENTRY_DELETE);
            } catch (ClosedWatchServiceException stopping) {
                watchKey = null;
            }
        }
    }

    /** A settling bundle must be looked at again when its settle delay is over, event or not. */
    private void planLook(long at) {
        if (lookPlanned && plannedLookAt - at <= 0) {
            return;
        }
        lookPlanned = true;
        plannedLookAt = at;
        long delay = Math.max(0, at - System.nanoTime()) + TimeUnit.MILLISECONDS.toNanos(1);
        try {
            scanner.schedule(() -> {
                lookPlanned = false;
                scan();
            }, delay, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException stopping) {
            lookPlanned = false;
        }
    }

    private void deliver(IncomingLedger.Event event) {
        try {
            delivery.execute(() -> notifyListener(event));
        } catch (RejectedExecutionException stopping) {
            log.debug("dropping {}: watcher stopped", event);
        }
    }

    private void notifyListener(IncomingLedger.Event event) {
        if (phase != Phase.RUNNING) {
            return; // stop() has returned or is about to: its caller expects silence
        }
        try {
            switch (event) {
                case IncomingLedger.Ready ready -> listener.bundleReady(ready.bundle());
                case IncomingLedger.Removed removed -> listener.bundleRemoved(removed.appName());
            }
        } catch (RuntimeException e) {
            log.error("incoming listener failed on {}", event, e);
        }
    }

    /** What changed does not matter: any event means "list the folder again". */
    private void awaitFileEvents() {
        try {
            while (true) {
                WatchKey key = watchService.take();
                key.pollEvents();
                key.reset();
                rescan();
            }
        } catch (ClosedWatchServiceException | InterruptedException stopping) {
            // stop() closed the service
        }
    }

    private void closeWatchService() {
        if (watchService != null) {
            try {
                watchService.close();
            } catch (IOException e) {
                log.debug("closing the watch service of {}: {}", folder.dir(), e.toString());
            }
        }
    }

    /** 500ms, 5s: as durations are written in berth's config. */
    private static String shown(Duration duration) {
        long millis = duration.toMillis();
        return millis % 1000 == 0 ? millis / 1000 + "s" : millis + "ms";
    }

    private static ThreadFactory named(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }
}
