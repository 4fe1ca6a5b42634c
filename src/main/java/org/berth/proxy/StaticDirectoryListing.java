package org.berth.proxy;

import com.google.common.escape.Escaper;
import com.google.common.html.HtmlEscapers;
import com.google.common.net.UrlEscapers;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The HTML listing of a folder ({@code directory-listing: true} and no index file).
 *
 * <p>Folders come first, then files, each sorted by name (case-insensitively). Hidden entries
 * (a leading {@code .}) are left out, since they are not served either, and so are entries
 * whose real path leaves the root (a link pointing outside) and anything that is neither file
 * nor folder. Names are HTML-escaped; links are percent-encoded and start with {@code ./}, so a
 * file called {@code javascript:alert(1)} is a relative link like any other.
 */
final class StaticDirectoryListing {
    private static final Escaper HTML = HtmlEscapers.htmlEscaper();
    private static final Escaper SEGMENT = UrlEscapers.urlPathSegmentEscaper();
    private static final DateTimeFormatter MODIFIED =
            DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm").withZone(ZoneOffset.UTC);
    private static final Comparator<Entry> ORDER = Comparator.comparing((Entry entry) -> !entry.folder())
            .thenComparing(Entry::name, String.CASE_INSENSITIVE_ORDER)
            .thenComparing(Entry::name);

    private StaticDirectoryListing() {
    }

    private record Entry(String name, boolean folder, long size, Instant modified) {
    }

    /**
     * The page for {@code folder} (a real path inside {@code root}), shown as {@code displayPath}
     * (the decoded request path, ending with {@code /}); empty when the folder cannot be read.
     */
    static Optional<String> render(StaticRoot root, Path folder, String displayPath) {
        try {
            List<Entry> entries = entries(root, folder);
            entries.sort(ORDER);
            return Optional.of(page(displayPath, !folder.equals(root.real()), entries));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static List<Entry> entries(StaticRoot root, Path folder) throws IOException {
        List<Entry> entries = new ArrayList<>();
        try (DirectoryStream<Path> children = Files.newDirectoryStream(folder)) {
            for (Path child : children) {
                String name = child.getFileName().toString();
                if (name.startsWith(".")) {
                    continue;
                }
                root.find(child).ifPresent(found -> entries.add(new Entry(name, found.attributes().isDirectory(),
                        found.attributes().size(), found.attributes().lastModifiedTime().toInstant())));
            }
        }
        return entries;
    }

    private static String page(String displayPath, boolean hasParent, List<Entry> entries) {
        String title = "Index of " + HTML.escape(displayPath);
        StringBuilder html = new StringBuilder(256 + entries.size() * 160)
                .append("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>").append(title)
                .append("</title></head>\n<body><h1>").append(title).append("</h1>\n<table>\n")
                .append("<tr><th>Name</th><th>Size</th><th>Last modified (UTC)</th></tr>\n");
        if (hasParent) {
            html.append("<tr><td><a href=\"../\">../</a></td><td></td><td></td></tr>\n");
        }
        for (Entry entry : entries) {
            String slash = entry.folder() ? "/" : "";
            html.append("<tr><td><a href=\"./").append(HTML.escape(SEGMENT.escape(entry.name()))).append(slash)
                    .append("\">").append(HTML.escape(entry.name())).append(slash).append("</a></td><td>")
                    .append(entry.folder() ? "-" : Long.toString(entry.size())).append("</td><td>")
                    .append(MODIFIED.format(entry.modified())).append("</td></tr>\n");
        }
        return html.append("</table></body></html>\n").toString();
    }
}
