package org.berth.testing;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Locale;
import org.berth.testing.LoadGeneratorPlan.Connection;
import org.berth.testing.LoadGeneratorPlan.Kind;

/**
 * What became of one request of a load run.
 *
 * @param client        which client sent it (0-based: keep-alive clients first)
 * @param kind          fast, slow or upload
 * @param connection    the client's connection style
 * @param reused        sent on a connection that had answered before (keep-alive reuse)
 * @param startedNanos  when it was sent, in nanoseconds since the run started
 * @param latencyNanos  from sending to the whole answer (or to the failure)
 * @param status        HTTP status, or 0 when no answer came
 * @param version       the answer's body (trimmed, at most {@value #VERSION_LIMIT} characters) for a 200; else null
 * @param failure       why it failed; null for success
 * @param detail        the failure in words (exception message, status and body); null for success
 */
public record LoadGeneratorOutcome(
        int client,
        Kind kind,
        Connection connection,
        boolean reused,
        long startedNanos,
        long latencyNanos,
        int status,
        String version,
        Failure failure,
        String detail) {

    static final int VERSION_LIMIT = 100;

    /** The ways a request can fail. */
    public enum Failure {
        /** Nothing listened: connection refused. */
        CONNECT_REFUSED,
        /** The connection was not accepted within the connect timeout. */
        CONNECT_TIMEOUT,
        /** Any other failure to connect. */
        CONNECT_FAILED,
        /** No (further) answer bytes within the request timeout. */
        TIMEOUT,
        /** The connection was reset, or a write hit a closed connection. */
        RESET,
        /** The connection closed before a single byte of the answer. */
        NO_RESPONSE,
        /** The connection closed in the middle of the answer. */
        TRUNCATED,
        /** The answer was not well-formed HTTP/1.x. */
        MALFORMED,
        /** An answer other than 200. */
        STATUS,
        /** An upload's answer said the backend received a different number of bytes than were sent. */
        BODY_LENGTH,
        /** Any other I/O failure. */
        ERROR;

        /** Names the failure of an exception from {@link LoadGeneratorClient#send}. */
        static Failure of(IOException e) {
            if (e instanceof LoadGeneratorClient.ConnectFailedException) {
                return switch (e.getCause()) {
                    case ConnectException refused -> CONNECT_REFUSED;
                    case SocketTimeoutException timeout -> CONNECT_TIMEOUT;
                    case null, default -> CONNECT_FAILED;
                };
            }
            return switch (e) {
                case SocketTimeoutException timeout -> TIMEOUT;
                case LoadGeneratorClient.NoResponseException none -> NO_RESPONSE;
                case LoadGeneratorClient.TruncatedResponseException truncated -> TRUNCATED;
                case LoadGeneratorClient.MalformedResponseException malformed -> MALFORMED;
                case SocketException socket when isReset(socket) -> RESET;
                default -> ERROR;
            };
        }

        private static boolean isReset(SocketException e) {
            String message = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
            return message.contains("reset") || message.contains("broken pipe");
        }
    }

    public boolean succeeded() {
        return failure == null;
    }

    public Duration latency() {
        return Duration.ofNanos(latencyNanos);
    }

    @Override
    public String toString() {
        String what = kind + "/" + connection + (reused ? " (reused)" : "") + " at "
                + String.format(Locale.ROOT, "%.3f s", startedNanos / 1e9) + " after "
                + String.format(Locale.ROOT, "%.1f ms", latencyNanos / 1e6) + " on client " + client;
        return succeeded() ? what + ": " + status + " " + version : what + ": " + failure + " " + detail;
    }
}
