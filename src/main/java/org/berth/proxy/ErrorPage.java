package org.berth.proxy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One of the proxy's own answers: status, content type and body. The body is shared and never
 * copied per request; {@link #body()} hands out read-only views of it.
 */
public final class ErrorPage {
    private final int status;
    private final String contentType;
    private final byte[] body;

    ErrorPage(int status, String contentType, byte[] body) {
        this.status = status;
        this.contentType = contentType;
        this.body = body.clone();
    }

    public int status() {
        return status;
    }

    public String contentType() {
        return contentType;
    }

    /** The body as a read-only buffer of its own position (for {@code Unpooled.wrappedBuffer}). */
    public ByteBuffer body() {
        return ByteBuffer.wrap(body).asReadOnlyBuffer();
    }

    public int contentLength() {
        return body.length;
    }

    /** The body decoded as UTF-8, for logs and tests. */
    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ErrorPage page && page.status == status && page.contentType.equals(contentType)
                && Arrays.equals(page.body, body);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * status + contentType.hashCode()) + Arrays.hashCode(body);
    }

    @Override
    public String toString() {
        return "ErrorPage[" + status + ", " + contentType + ", " + body.length + " bytes]";
    }
}
