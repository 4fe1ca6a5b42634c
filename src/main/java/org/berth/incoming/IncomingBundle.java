package org.berth.incoming;

import java.nio.file.Path;
import java.nio.file.attribute.FileTime;

/**
 * A complete bundle found in {@code incoming/}: its size and mtime are the version that was
 * checked, so the receiver can tell whether the file it unpacks is still that one.
 */
public record IncomingBundle(String appName, Path file, long size, FileTime mtime) {}
