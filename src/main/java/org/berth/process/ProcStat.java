package org.berth.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/** The fields of {@code /proc/<pid>/stat} berth needs: pid, state, parent and process group. */
public record ProcStat(long pid, char state, long parent, long processGroup) {

    /** Null when the process has gone away in the meantime. */
    static ProcStat read(Path statFile) {
        String text;
        try {
            text = Files.readString(statFile);
        } catch (IOException gone) {
            return null;
        }
        // The command name is in parentheses and may itself contain spaces or parentheses.
        int close = text.lastIndexOf(')');
        if (close < 0) {
            return null;
        }
        String[] fields = text.substring(close + 2).split(" ");
        if (fields.length < 3) {
            return null;
        }
        long pid = Long.parseLong(text.substring(0, text.indexOf(' ')));
        return new ProcStat(pid, fields[0].charAt(0), Long.parseLong(fields[1]), Long.parseLong(fields[2]));
    }

    /**
     * When a process started, in clock ticks after boot (field 22 of {@code /proc/<pid>/stat}).
     * A pid together with its start time names one process for good: a recycled pid has a
     * different start time. Empty when no such process exists.
     */
    public static OptionalLong startTime(long pid) {
        String text;
        try {
            text = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        } catch (IOException gone) {
            return OptionalLong.empty();
        }
        // Fields after the parenthesised command name start with field 3 (state).
        String[] fields = text.substring(text.lastIndexOf(')') + 2).split(" ");
        return fields.length > 19 ? OptionalLong.of(Long.parseLong(fields[19])) : OptionalLong.empty();
    }
}
