package org.berth.incoming;

/**
 * Receives what {@link IncomingWatcher} sees, one call at a time, in order, on the watcher's
 * event thread. A slow listener delays later events but not the watching itself.
 */
public interface IncomingListener {
    /** A new or changed bundle has been completely copied: deploy (or redeploy) this app. */
    void bundleReady(IncomingBundle bundle);

    /** The bundle of an app reported ready before has been removed: stop and remove the app. */
    void bundleRemoved(String appName);
}
