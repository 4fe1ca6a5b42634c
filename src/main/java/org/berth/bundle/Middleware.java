package org.berth.bundle;

import java.util.Map;

/**
 * A WAI middleware Keter applies to a webapp, static-files or reverse-proxy stanza. Keter composes
 * the list so that the last entry is the outermost: it sees the request first.
 */
public sealed interface Middleware {

    /** The five argument-less middlewares, written as plain strings. */
    enum Kind {
        AUTOHEAD("autohead"),
        ACCEPT_OVERRIDE("accept-override"),
        JSONP("jsonp"),
        METHOD_OVERRIDE("method-override"),
        METHOD_OVERRIDE_POST("method-override-post");

        private final String keterName;

        Kind(String keterName) {
            this.keterName = keterName;
        }

        public String keterName() {
            return keterName;
        }
    }

    /** {@code autohead}, {@code accept-override}, {@code jsonp}, {@code method-override}, {@code method-override-post}. */
    record Standard(Kind kind) implements Middleware {
    }

    /**
     * {@code basic-auth: {realm, creds: {user: password}}}: HTTP basic authentication.
     *
     * @param credentials user name to password, as written (Keter compares them in plain text)
     * @param realm       Keter's default is {@code keter}
     */
    record BasicAuth(Map<String, String> credentials, String realm) implements Middleware {
        public static final String DEFAULT_REALM = "keter";

        public BasicAuth {
            credentials = Copies.orderedMap(credentials);
        }

        /** Never print passwords. */
        @Override
        public String toString() {
            return "BasicAuth[realm=" + realm + ", users=" + credentials.keySet() + "]";
        }
    }

    /** {@code headers: {Name: value}}: headers added to every response. */
    record Headers(Map<String, String> headers) implements Middleware {
        public Headers {
            headers = Copies.orderedMap(headers);
        }
    }

    /**
     * {@code local: {status, message}}: answers requests that do not come from localhost with this
     * status and body.
     *
     * @param status  Keter's default is 401
     * @param message Keter's default is {@value #DEFAULT_MESSAGE}
     */
    record Local(int status, String message) implements Middleware {
        public static final int DEFAULT_STATUS = 401;
        public static final String DEFAULT_MESSAGE = "Unauthorized Accessing from Localhost ONLY";
    }
}
