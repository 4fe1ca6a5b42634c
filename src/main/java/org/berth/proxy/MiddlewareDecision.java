package org.berth.proxy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** What a stanza's middleware decided about a request ({@link MiddlewareChain#check}). */
public sealed interface MiddlewareDecision {

    /**
     * Pass the request on to the stanza.
     *
     * @param method          the method to use from here on: the request's, or the one
     *                        {@code method-override} put in its place
     * @param requestHeaders  request headers to set (replacing any of that name) before the
     *                        request goes on, from {@code accept-override}
     * @param responseHeaders headers to add (not replace, as WAI's {@code addHeaders}) to the
     *                        answer, whoever gives it
     */
    record Continue(String method, Map<String, String> requestHeaders,
                    List<Map.Entry<String, String>> responseHeaders) implements MiddlewareDecision {
        public Continue {
            requestHeaders = Map.copyOf(requestHeaders);
            responseHeaders = List.copyOf(responseHeaders);
        }
    }

    /**
     * Answer now, without the stanza ({@code basic-auth} or {@code local} refused the request).
     *
     * @param headers every header of the answer, Content-Type included, and those of any
     *                {@code headers} middleware that wraps the one that refused
     * @param body    plain text
     */
    record Respond(int status, List<Map.Entry<String, String>> headers, String body) implements MiddlewareDecision {
        public Respond {
            headers = List.copyOf(headers);
        }

        /** The body, UTF-8 encoded. */
        public byte[] bodyBytes() {
            return body.getBytes(StandardCharsets.UTF_8);
        }
    }
}
