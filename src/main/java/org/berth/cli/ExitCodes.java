package org.berth.cli;

/** Exit statuses, Alkane's where Alkane has one. */
final class ExitCodes {
    static final int OK = 0;
    /** is-present: the site is absent. */
    static final int ABSENT = 1;
    /** Wrong command-line usage (picocli's convention). */
    static final int USAGE = 2;
    /** The configuration is missing or broken (Alkane's code). */
    static final int CONFIG = 4;
    /** The action could not run at all, before any recipe started (Alkane's code). */
    static final int CANNOT_RUN = 16;

    private ExitCodes() {
    }
}
