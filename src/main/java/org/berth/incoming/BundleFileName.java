package org.berth.incoming;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What a file in {@code incoming/} is called, split into app name and bundle extension:
 * {@code blog.keter}, {@code blog.tar.gz} and {@code blog.tgz} are all the app "blog". Files
 * without one of these extensions (temporary names such as {@code blog.keter.part}) are not
 * bundles at all.
 */
public record BundleFileName(String fileName, String appName, String extension) {
    /** In order of preference, for when one app has bundles under several extensions. */
    static final List<String> EXTENSIONS = List.of(".keter", ".tar.gz", ".tgz");

    private static final Pattern APP_NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,62}", Pattern.CASE_INSENSITIVE);

    /** The bundle this file name stands for, or empty when it has no bundle extension. */
    public static Optional<BundleFileName> parse(String fileName) {
        for (String extension : EXTENSIONS) {
            if (fileName.endsWith(extension)) {
                String app = fileName.substring(0, fileName.length() - extension.length());
                return Optional.of(new BundleFileName(fileName, app, extension));
            }
        }
        return Optional.empty();
    }

    /** 1 to 63 letters, digits, '.', '_' or '-', starting with a letter or digit. */
    public static boolean isValidAppName(String name) {
        return APP_NAME.matcher(name).matches();
    }

    public boolean hasValidAppName() {
        return isValidAppName(appName);
    }

    int preference() {
        return EXTENSIONS.indexOf(extension);
    }
}
