package org.berth.tls;

import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpTimeoutException;
import java.security.cert.CertPathBuilderException;
import java.time.Instant;
import java.util.Optional;
import javax.net.ssl.SSLHandshakeException;
import org.shredzone.acme4j.Problem;
import org.shredzone.acme4j.exception.AcmeNetworkException;
import org.shredzone.acme4j.exception.AcmeRateLimitedException;
import org.shredzone.acme4j.exception.AcmeServerException;
import org.shredzone.acme4j.exception.AcmeUserActionRequiredException;

/**
 * A failed ACME attempt turned into one line a person can act on, plus the earliest time the CA allows
 * another try when it said so (a rate limit's {@code Retry-After}).
 */
record AcmeFailure(String message, Optional<Instant> retryAfter) {

    static AcmeFailure of(Throwable failure, URI directory) {
        return switch (failure) {
            case AcmeRefusal refusal -> new AcmeFailure(refusal.getMessage(), Optional.empty());
            case TlsFileException file -> new AcmeFailure(file.getMessage(), Optional.empty());
            case AcmeRateLimitedException limited -> new AcmeFailure("rate limited by the CA: "
                    + describe(limited.getProblem()), limited.getRetryAfter());
            case AcmeUserActionRequiredException action -> new AcmeFailure("the CA asks a person to act: "
                    + describe(action.getProblem()) + action.getTermsOfServiceUri()
                            .map(terms -> " (new terms of service: " + terms + ")")
                            .orElse(" (see " + action.getInstance() + ")"), Optional.empty());
            case AcmeServerException refused -> new AcmeFailure("the CA refused: " + describe(refused.getProblem()),
                    Optional.empty());
            case AcmeNetworkException network -> new AcmeFailure(unreachable(network, directory), Optional.empty());
            case InterruptedException interrupted -> new AcmeFailure("interrupted (berth is stopping)", Optional.empty());
            default -> new AcmeFailure(failure.getClass().getSimpleName() + ": " + deepestMessage(failure), Optional.empty());
        };
    }

    /** The problem's detail, as the CA wrote it, else its title or type. */
    static String describe(Problem problem) {
        return problem.getDetail().or(problem::getTitle).orElse(problem.getType().toString());
    }

    private static String unreachable(AcmeNetworkException network, URI directory) {
        String text = "cannot reach the ACME server " + directory + ": " + deepestMessage(network);
        if (hasCause(network, SSLHandshakeException.class) || hasCause(network, CertPathBuilderException.class)) {
            text += " (its HTTPS certificate is not trusted; a private CA needs acme.ca-certificates)";
        }
        return text;
    }

    /**
     * What went wrong at the bottom: the deepest cause's message ("Connection refused" tells more than the
     * wrappers around it), or, when the JDK gave none, what its type means.
     */
    static String deepestMessage(Throwable failure) {
        String message = null;
        Throwable first = null;
        for (Throwable cause = failure; cause != null && cause != cause.getCause(); cause = cause.getCause()) {
            if (cause instanceof AcmeNetworkException) {
                continue; // its "Network error" says less than any cause
            }
            first = first == null ? cause : first;
            if (cause instanceof UnknownHostException unknown) {
                return "unknown host " + unknown.getMessage();
            }
            if (cause.getMessage() != null && !cause.getMessage().isBlank()) {
                message = cause.getMessage();
            }
        }
        if (message != null) {
            return message.replace('\n', ' ');
        }
        return switch (first) {
            case null -> failure.getClass().getSimpleName();
            case ConnectException refused -> "connection refused";
            case HttpTimeoutException timeout -> "timed out";
            default -> first.getClass().getSimpleName();
        };
    }

    private static boolean hasCause(Throwable failure, Class<? extends Throwable> type) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return true;
            }
        }
        return false;
    }
}
