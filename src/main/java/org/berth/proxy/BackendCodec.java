package org.berth.proxy;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.CombinedChannelDuplexHandler;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpRequestEncoder;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseDecoder;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.util.AsciiString;
import java.util.ArrayDeque;
import java.util.List;

/**
 * The HTTP/1.1 codec of a backend connection: requests out, responses in. It does what Netty's
 * {@code HttpClientCodec} does for a proxy (a response to {@code HEAD} has no body, whatever its
 * {@code Content-Length} says) and one thing more: the response's common header names, and the
 * words of the common status lines ({@code HTTP/1.1 200 OK}), are the same constant strings every
 * time instead of a fresh copy per response. A proxy reads a few of the names per response, and
 * copying and hashing them was a measurable part of its work (see docs/proxy.md); the decoder's
 * headers are {@link CompactHttpHeaders}, given by its config.
 *
 * <p>{@code CONNECT} never reaches a backend (the client side refuses it), so unlike Netty's codec
 * this one has no raw mode for a tunnel after a {@code CONNECT}.
 */
final class BackendCodec extends CombinedChannelDuplexHandler<BackendCodec.ResponseDecoder, BackendCodec.RequestEncoder> {

    BackendCodec(HttpDecoderConfig config) {
        ArrayDeque<HttpMethod> sent = new ArrayDeque<>(2);
        init(new ResponseDecoder(config, sent), new RequestEncoder(sent));
    }

    /** Notes each request's method, in order, for the response that will answer it. */
    static final class RequestEncoder extends HttpRequestEncoder {
        private final ArrayDeque<HttpMethod> sent;

        RequestEncoder(ArrayDeque<HttpMethod> sent) {
            this.sent = sent;
        }

        @Override
        protected void encode(ChannelHandlerContext ctx, Object msg, List<Object> out) throws Exception {
            if (msg instanceof HttpRequest request) {
                sent.add(request.method());
            }
            super.encode(ctx, msg, out);
        }
    }

    /** Reads responses, matching each final one with the method of the request it answers. */
    static final class ResponseDecoder extends HttpResponseDecoder {
        private final ArrayDeque<HttpMethod> sent;

        ResponseDecoder(HttpDecoderConfig config, ArrayDeque<HttpMethod> sent) {
            super(config);
            this.sent = sent;
        }

        @Override
        protected boolean isContentAlwaysEmpty(HttpMessage msg) {
            if (((HttpResponse) msg).status().codeClass() == HttpStatusClass.INFORMATIONAL) {
                // A 1xx is not the answer: the request's method stays for the final response.
                return super.isContentAlwaysEmpty(msg);
            }
            HttpMethod method = sent.poll();
            return HttpMethod.HEAD.equals(method) || super.isContentAlwaysEmpty(msg);
        }

        @Override
        protected AsciiString splitHeaderName(byte[] line, int start, int length) {
            AsciiString known = KnownSpellings.RESPONSE_HEADER_NAMES.find(line, start, length);
            return known != null ? known : super.splitHeaderName(line, start, length);
        }

        @Override
        protected String splitFirstWordInitialLine(byte[] line, int start, int length) {
            return statusLineWord(line, start, length);
        }

        @Override
        protected String splitSecondWordInitialLine(byte[] line, int start, int length) {
            return statusLineWord(line, start, length);
        }

        @Override
        protected String splitThirdWordInitialLine(byte[] line, int start, int length) {
            return statusLineWord(line, start, length);
        }

        /** A known word's constant, else a copy (Netty copies all three words of the line alike). */
        private String statusLineWord(byte[] line, int start, int length) {
            AsciiString known = KnownSpellings.STATUS_LINE_WORDS.find(line, start, length);
            return known != null ? known.toString() : super.splitFirstWordInitialLine(line, start, length);
        }
    }
}
