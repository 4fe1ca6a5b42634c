package org.berth.site;

/**
 * How a recipe run ended. The first four are Alkane's (exit 0/1/2/other, Nagios-style) and are
 * what Alkane's callers receive; {@link #TIMED_OUT} is berth's own and reaches them as "Error".
 */
public enum RecipeResult {
    SUCCESS("Success", 0),
    WARNING("Warning", 1),
    ERROR("Error", 2),
    UNKNOWN("Unknown", 3),
    TIMED_OUT("Error", 2);

    private final String alkaneName;
    private final int exitCode;

    RecipeResult(String alkaneName, int exitCode) {
        this.alkaneName = alkaneName;
        this.exitCode = exitCode;
    }

    /** Alkane's mapping from a recipe's exit status. */
    public static RecipeResult fromExitStatus(int status) {
        return switch (status) {
            case 0 -> SUCCESS;
            case 1 -> WARNING;
            case 2 -> ERROR;
            default -> UNKNOWN;
        };
    }

    /** The word Alkane answers over HTTP: Success, Warning, Error or Unknown. */
    public String alkaneName() {
        return alkaneName;
    }

    /** The exit status of {@code berth init|update|deploy}, as Alkane's CLI gives it. */
    public int exitCode() {
        return exitCode;
    }

    /** The name stored and shown in history: Success, Warning, Error, Unknown or TimedOut. */
    public String label() {
        return this == TIMED_OUT ? "TimedOut" : alkaneName;
    }

    public static RecipeResult fromLabel(String label) {
        for (RecipeResult result : values()) {
            if (result.label().equals(label)) {
                return result;
            }
        }
        throw new IllegalArgumentException("unknown recipe result " + label);
    }
}
