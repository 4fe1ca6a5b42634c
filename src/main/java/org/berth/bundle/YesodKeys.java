package org.berth.bundle;

/**
 * Top-level keys that belong to Yesod's {@code yesod keter} command (packaging and upload), not
 * to Keter: {@code copy-to}, {@code copy-to-port}, {@code copy-to-args} and any other
 * {@code copy-to-*}, {@code user-edited} and {@code extraFiles}. Scaffolded configs carry them,
 * so berth knows them and stays quiet.
 */
final class YesodKeys {
    private YesodKeys() {
    }

    static boolean isYesod(String key) {
        return key.equals("copy-to") || key.startsWith("copy-to-") || key.equals("user-edited")
                || key.equals("extraFiles");
    }
}
