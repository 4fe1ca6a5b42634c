package org.berth.proxy;

import io.netty.handler.codec.DefaultHeaders.NameValidator;
import io.netty.handler.codec.DefaultHeaders.ValueValidator;
import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpHeadersFactory;

/**
 * Makes {@link CompactHttpHeaders} for the proxy's codecs, with exactly the checks Netty's default
 * factories apply: names must be tokens, values must not hold line breaks or other control
 * characters, and trailers must not carry {@code Content-Length}, {@code Transfer-Encoding} or
 * {@code Trailer}.
 */
final class CompactHeadersFactory implements HttpHeadersFactory {
    static final CompactHeadersFactory HEADERS = new CompactHeadersFactory(DefaultHttpHeadersFactory.headersFactory());
    static final CompactHeadersFactory TRAILERS = new CompactHeadersFactory(DefaultHttpHeadersFactory.trailersFactory());

    private final NameValidator<CharSequence> names;
    private final ValueValidator<CharSequence> values;

    private CompactHeadersFactory(DefaultHttpHeadersFactory checks) {
        names = checks.getNameValidator();
        values = checks.getValueValidator();
    }

    @Override
    public HttpHeaders newHeaders() {
        return new CompactHttpHeaders(names, values);
    }

    @Override
    public HttpHeaders newEmptyHeaders() {
        return newHeaders(); // nothing is allocated until the first header arrives
    }
}
