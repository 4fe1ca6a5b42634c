package org.berth.proxy;

import java.util.Locale;

/**
 * A request target split as Keter's redirects use it: WAI's {@code rawPathInfo} and
 * {@code rawQueryString}, both as received (still percent-encoded). Absolute-form
 * ({@code http://host/p?q}) is reduced to its path and query first.
 *
 * @param rawPath  starts with {@code /}
 * @param rawQuery {@code ""} or the query with its {@code ?}
 */
record RedirectRequestTarget(String rawPath, String rawQuery) {

    static RedirectRequestTarget of(String target) {
        int hash = target.indexOf('#');
        String withoutFragment = hash < 0 ? target : target.substring(0, hash);
        int question = withoutFragment.indexOf('?');
        String path = question < 0 ? withoutFragment : withoutFragment.substring(0, question);
        String query = question < 0 ? "" : withoutFragment.substring(question);
        return new RedirectRequestTarget(originForm(path), query);
    }

    /** Path and query together, as they go into a Location URL after the authority. */
    String pathAndQuery() {
        return rawPath + rawQuery;
    }

    private static String originForm(String path) {
        String lower = path.toLowerCase(Locale.ROOT);
        int start = lower.startsWith("http://") ? 7 : lower.startsWith("https://") ? 8 : -1;
        if (start >= 0) {
            int slash = path.indexOf('/', start);
            return slash < 0 ? "/" : path.substring(slash);
        }
        // "*" (OPTIONS) or garbage: redirect to the site's root rather than build a broken URL.
        return path.startsWith("/") ? path : "/";
    }
}
