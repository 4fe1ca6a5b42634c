package org.berth.proxy;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.berth.bundle.Middleware;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A stanza's {@code middleware} list, prepared once per route and applied to each request in
 * Keter's order: the list is composed so that its <em>last</em> entry is the outermost — it sees
 * the request first, and its response headers apply to everything the inner ones answer.
 *
 * <ul>
 *   <li>{@code local}: only loopback clients pass; others get its status and message. Pass the
 *       client address as berth determined it (trusted forwarding headers honoured), so that a
 *       berth behind a local load balancer does not let everyone through. WAI accepts
 *       {@code 127.0.0.1} only; berth all of 127.0.0.0/8 and {@code ::1}.</li>
 *   <li>{@code basic-auth}: {@link MiddlewareBasicAuth}; 401 with a challenge.</li>
 *   <li>{@code headers}: added to the answer. Entries that cannot be a header (a name that is
 *       not a token, a value with a line break) are dropped with a warning when prepared.</li>
 *   <li>{@code method-override}: a POST's {@code _method} query parameter becomes the method.</li>
 *   <li>{@code accept-override}: the {@code _accept} query parameter replaces {@code Accept}.</li>
 *   <li>{@code autohead}, {@code jsonp}, {@code method-override-post}: accepted and not applied;
 *       {@link #unsupported} says why, for a warning at deploy.</li>
 * </ul>
 */
public final class MiddlewareChain {
    private static final Logger LOG = LoggerFactory.getLogger(MiddlewareChain.class);
    private static final String TEXT = "text/plain; charset=utf-8";

    public static final MiddlewareChain NONE = new MiddlewareChain(List.of());

    /** Outermost first: the order in which a request meets them. */
    private final List<Step> steps;

    private MiddlewareChain(List<Step> steps) {
        this.steps = List.copyOf(steps);
    }

    /** Prepares {@code middleware} (in the stanza's order) for {@link #check}. */
    public static MiddlewareChain of(List<Middleware> middleware) {
        List<Step> steps = new ArrayList<>();
        for (int i = middleware.size() - 1; i >= 0; i--) {
            step(middleware.get(i)).ifPresent(steps::add);
        }
        return steps.isEmpty() ? NONE : new MiddlewareChain(steps);
    }

    /** {@code of(middleware).check(...)}, for one-off use; a route should keep its prepared chain. */
    public static MiddlewareDecision check(List<Middleware> middleware, InetAddress peer, String method,
                                           String target, HttpHeaders headers) {
        return of(middleware).check(peer, method, target, headers);
    }

    /** Whether there is nothing to apply (the proxy can skip {@link #check}). */
    public boolean isEmpty() {
        return steps.isEmpty();
    }

    /**
     * Runs the request through the chain.
     *
     * @param peer    the client's address
     * @param method  the request method
     * @param target  the request target as received (its query is read by the overrides)
     * @param headers the request headers ({@code Authorization} is read)
     */
    public MiddlewareDecision check(InetAddress peer, String method, String target, HttpHeaders headers) {
        String currentMethod = method;
        Map<String, String> requestHeaders = new LinkedHashMap<>();
        // The headers of the wrappers passed so far, innermost first: WAI's outer middleware
        // adds its headers after the inner one did.
        Deque<List<Map.Entry<String, String>>> added = new ArrayDeque<>();
        for (Step step : steps) {
            switch (step) {
                case Step.Local local -> {
                    if (!isLoopback(peer)) {
                        return respond(local.status(), List.of(Map.entry("Content-Type", TEXT)), local.message(), added);
                    }
                }
                case Step.BasicAuth auth -> {
                    if (!auth.check().accepts(headers.get(HttpHeaderNames.AUTHORIZATION))) {
                        return respond(401, List.of(Map.entry("Content-Type", TEXT),
                                Map.entry("WWW-Authenticate", auth.check().challenge())), MiddlewareBasicAuth.BODY, added);
                    }
                }
                case Step.AddHeaders add -> added.addFirst(add.headers());
                case Step.MethodOverride ignored ->
                        currentMethod = MiddlewareOverrides.method(currentMethod, query(target)).orElse(currentMethod);
                case Step.AcceptOverride ignored -> MiddlewareOverrides.accept(query(target))
                        .ifPresent(accept -> requestHeaders.put("Accept", accept));
            }
        }
        return new MiddlewareDecision.Continue(currentMethod, requestHeaders, flatten(added));
    }

    /**
     * One line per middleware of {@code middleware} that berth accepts but does not apply, saying
     * why: for a warning when the bundle is deployed.
     */
    public static List<String> unsupported(List<Middleware> middleware) {
        List<String> notes = new ArrayList<>();
        for (Middleware entry : middleware) {
            if (entry instanceof Middleware.Standard standard) {
                String why = switch (standard.kind()) {
                    case AUTOHEAD -> "HEAD is forwarded as HEAD: every HTTP/1.1 app must answer it,"
                            + " and static files answer it themselves";
                    case JSONP -> "wrapping JSON answers in a callback means buffering and rewriting"
                            + " response bodies, which berth's streaming proxy does not do (JSONP is obsolete: use CORS)";
                    case METHOD_OVERRIDE_POST -> "reading _method from a form body means buffering the upload"
                            + " before forwarding it; the _method query parameter (method-override) does work";
                    case ACCEPT_OVERRIDE, METHOD_OVERRIDE -> null;
                };
                if (why != null) {
                    notes.add("middleware '" + standard.kind().keterName() + "' is accepted but not applied: " + why);
                }
            }
        }
        return notes;
    }

    private static Optional<Step> step(Middleware middleware) {
        return Optional.ofNullable(switch (middleware) {
            case Middleware.Local local -> new Step.Local(local.status(), local.message());
            case Middleware.BasicAuth auth -> new Step.BasicAuth(new MiddlewareBasicAuth(auth));
            case Middleware.Headers headers -> new Step.AddHeaders(validHeaders(headers.headers()));
            case Middleware.Standard standard -> switch (standard.kind()) {
                case METHOD_OVERRIDE -> new Step.MethodOverride();
                case ACCEPT_OVERRIDE -> new Step.AcceptOverride();
                case AUTOHEAD, JSONP, METHOD_OVERRIDE_POST -> null;
            };
        });
    }

    private static List<Map.Entry<String, String>> validHeaders(Map<String, String> headers) {
        List<Map.Entry<String, String>> valid = new ArrayList<>();
        headers.forEach((name, value) -> {
            if (isToken(name) && value.chars().noneMatch(c -> c == '\r' || c == '\n' || c == 0)) {
                valid.add(Map.entry(name, value));
            } else {
                LOG.warn("headers middleware: dropped {}, which cannot be an HTTP header", name);
            }
        });
        return List.copyOf(valid);
    }

    private static boolean isToken(String name) {
        return !name.isEmpty() && name.chars().allMatch(c -> c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
                || c >= '0' && c <= '9' || "!#$%&'*+-.^_`|~".indexOf(c) >= 0);
    }

    /** Loopback, also when written as an IPv4-mapped IPv6 address ({@code ::ffff:127.0.0.1}). */
    static boolean isLoopback(InetAddress peer) {
        if (peer.isLoopbackAddress()) {
            return true;
        }
        byte[] bytes = peer.getAddress();
        if (!(peer instanceof Inet6Address) || bytes[12] != 127) {
            return false;
        }
        for (int i = 0; i < 10; i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        return bytes[10] == (byte) 0xFF && bytes[11] == (byte) 0xFF;
    }

    private static String query(String target) {
        return RedirectRequestTarget.of(target).rawQuery();
    }

    private static MiddlewareDecision.Respond respond(int status, List<Map.Entry<String, String>> own, String body,
                                                      Deque<List<Map.Entry<String, String>>> wrappers) {
        List<Map.Entry<String, String>> headers = new ArrayList<>(own);
        headers.addAll(flatten(wrappers));
        return new MiddlewareDecision.Respond(status, headers, body);
    }

    private static List<Map.Entry<String, String>> flatten(Deque<List<Map.Entry<String, String>>> lists) {
        List<Map.Entry<String, String>> all = new ArrayList<>();
        lists.forEach(all::addAll);
        return all;
    }

    /** A prepared middleware. */
    private sealed interface Step {
        record Local(int status, String message) implements Step {
        }

        record BasicAuth(MiddlewareBasicAuth check) implements Step {
        }

        record AddHeaders(List<Map.Entry<String, String>> headers) implements Step {
        }

        record MethodOverride() implements Step {
        }

        record AcceptOverride() implements Step {
        }
    }
}
