package org.berth.config;

import java.nio.file.Path;

/**
 * Alkane's three folders: {@code db} holds the {@code initialized/} markers, {@code sites} the
 * site contents, {@code recipes} one folder of {@code init}/{@code update} scripts per site.
 */
public record AlkaneRoots(Path db, Path sites, Path recipes) {
    public static final String DEFAULT_DB = "/var/db/alkane";
    public static final String DEFAULT_SITES = "/var/wwwroot";
    public static final String DEFAULT_RECIPES = "/usr/local/libexec/alkane";
}
