package org.berth.tls;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Certificates from PEM files (a stanza's {@code ssl} files, a listener's), loaded once and loaded again
 * only when one of their files changes (time, size or inode: an atomic rename counts). A change that
 * cannot be loaded keeps the last good certificate in service and reports the problem.
 */
final class FileCertificates {
    /** What the files looked like when last read; a file that is missing stats as null. */
    private record Stamp(List<Object> parts) {
    }

    /**
     * @param served  the certificate to serve: the new one, or the last good one when the new files fail
     * @param problem why the files as they are now cannot be used
     */
    record Loaded(Optional<ServedCertificate> served, Optional<String> problem) {
    }

    private final Map<CertificateSource.Files, Stamp> stamps = new HashMap<>();
    private final Map<CertificateSource.Files, Loaded> loaded = new HashMap<>();

    /** The certificate of these files, read again only when they changed. */
    synchronized Loaded load(CertificateSource.Files files) {
        Stamp stamp = stamp(files);
        Loaded previous = loaded.get(files);
        if (previous != null && stamp.equals(stamps.get(files))) {
            return previous;
        }
        Loaded next;
        try {
            CertifiedKey certified = CertifiedKey.load(files.key(), files.certificate(), files.chain());
            next = new Loaded(Optional.of(ServedCertificate.of(certified, files.certificate().toString())), Optional.empty());
        } catch (TlsFileException e) {
            next = new Loaded(previous == null ? Optional.empty() : previous.served(), Optional.of(e.getMessage()));
        }
        stamps.put(files, stamp);
        loaded.put(files, next);
        return next;
    }

    /** Whether the files differ from when they were last loaded. */
    synchronized boolean changed(CertificateSource.Files files) {
        return !stamp(files).equals(stamps.get(files));
    }

    /** Forgets files no longer named by any host or listener. */
    synchronized void retain(Set<CertificateSource.Files> inUse) {
        stamps.keySet().retainAll(inUse);
        loaded.keySet().retainAll(inUse);
    }

    private static Stamp stamp(CertificateSource.Files files) {
        List<Object> parts = new ArrayList<>();
        List<Path> all = new ArrayList<>(List.of(files.key(), files.certificate()));
        all.addAll(files.chain());
        for (Path file : all) {
            try {
                BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
                parts.add(List.of(attributes.lastModifiedTime(), attributes.size(), String.valueOf(attributes.fileKey())));
            } catch (IOException missing) {
                parts.add("missing");
            }
        }
        return new Stamp(parts);
    }
}
