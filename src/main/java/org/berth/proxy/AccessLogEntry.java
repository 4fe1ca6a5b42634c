package org.berth.proxy;

import java.net.InetAddress;
import java.time.Instant;
import java.util.Optional;

/**
 * One request as the access log records it.
 *
 * @param peer           the client address (as berth determined it, trusted forwarding honoured)
 * @param time           when the request arrived
 * @param target         the request target as received
 * @param protocol       {@code HTTP/1.1}
 * @param bytesSent      body bytes sent to the client
 * @param host           the Host header
 * @param durationMicros from the request's arrival to the end of the answer
 * @param upstream       where the request went ({@code 127.0.0.1:43124}, {@code static}, …)
 */
public record AccessLogEntry(InetAddress peer, Instant time, String method, String target, String protocol,
                             int status, long bytesSent, Optional<String> referer, Optional<String> userAgent,
                             Optional<String> host, long durationMicros, Optional<String> upstream) {
}
