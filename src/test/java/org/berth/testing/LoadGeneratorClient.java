package org.berth.testing;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One HTTP/1.1 connection over a plain socket, for load tests through a proxy: unlike the JDK's
 * HttpClient it sends whatever {@code Host} it is given. Requests go one after the other on the
 * same connection (keep-alive) until the server answers {@code Connection: close}, or until the
 * caller asks for a fresh connection per request. Bodies are sent with {@code Content-Length};
 * answers are read by {@code Content-Length}, chunked, or until close.
 *
 * <pre>{@code
 * try (LoadGeneratorClient client = new LoadGeneratorClient("127.0.0.1", 8080, "app.example", timeouts)) {
 *     LoadGeneratorClient.Response response = client.send("GET", "/", null, true);
 * }
 * }</pre>
 *
 * <p>Not thread-safe: one client per virtual thread.
 */
public final class LoadGeneratorClient implements AutoCloseable {
    /** The longest status line or header line accepted; a longer one is a broken answer. */
    private static final int MAX_LINE = 16 * 1024;
    /** The largest answer body kept in memory; tests' backends answer a few bytes. */
    private static final int MAX_BODY = 16 * 1024 * 1024;

    private final String address;
    private final int port;
    private final String hostHeader;
    private final Duration connectTimeout;
    private final Duration readTimeout;

    private volatile Socket socket;
    private InputStream in;
    private OutputStream out;
    private int requestsOnConnection;
    /** The last answer had neither length nor chunks: its end was the connection's end. */
    private boolean bodyEndedByClose;

    /** An answer: status, headers (names in lower case, last value wins) and the body. */
    public record Response(int status, Map<String, String> headers, byte[] body, boolean reusedConnection) {
        public String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }

        public Optional<String> header(String name) {
            return Optional.ofNullable(headers.get(name.toLowerCase(Locale.ROOT)));
        }
    }

    /** The answer ended or broke before it was complete: the connection closed after some bytes, or mid-body. */
    public static final class TruncatedResponseException extends EOFException {
        public TruncatedResponseException(String message) {
            super(message);
        }
    }

    /** The connection closed before a single byte of the answer came (a stale keep-alive connection, or a crash). */
    public static final class NoResponseException extends EOFException {
        public NoResponseException(String message) {
            super(message);
        }
    }

    /** The answer was not HTTP/1.x as expected. */
    public static final class MalformedResponseException extends IOException {
        public MalformedResponseException(String message) {
            super(message);
        }
    }

    /** Thrown for connect failures, so a caller can tell "never connected" from "broke later". */
    public static final class ConnectFailedException extends IOException {
        public ConnectFailedException(IOException cause) {
            super(cause.getMessage(), cause);
        }
    }

    public LoadGeneratorClient(String address, int port, String hostHeader, Duration connectTimeout, Duration readTimeout) {
        this.address = address;
        this.port = port;
        this.hostHeader = hostHeader;
        this.connectTimeout = connectTimeout;
        this.readTimeout = readTimeout;
    }

    /**
     * Sends one request and reads the whole answer. With {@code keepAlive} the connection stays
     * open for the next call (unless the server closes it); without, it is a fresh connection
     * that is closed afterwards ({@code Connection: close}). Any failure closes the connection.
     *
     * @param body request body, sent with {@code Content-Length}; null for none
     */
    public Response send(String method, String path, byte[] body, boolean keepAlive) throws IOException {
        if (!keepAlive) {
            closeConnection();
        }
        boolean reused = socket != null;
        if (socket == null) {
            connect();
        }
        try {
            writeRequest(method, path, body, keepAlive);
            Response response = readResponse(method, reused);
            requestsOnConnection++;
            if (!keepAlive || bodyEndedByClose
                    || "close".equalsIgnoreCase(response.headers().getOrDefault("connection", ""))) {
                closeConnection();
            }
            return response;
        } catch (IOException | RuntimeException e) {
            closeConnection();
            throw e;
        }
    }

    /** Requests answered on the current connection so far (0 when none is open). */
    public int requestsOnConnection() {
        return socket == null ? 0 : requestsOnConnection;
    }

    @Override
    public void close() {
        closeConnection();
    }

    /**
     * Closes the socket under a request in progress, from another thread: the blocked read or
     * write fails at once (and {@link #send} then cleans up as for any failure).
     */
    public void abort() {
        Socket current = socket;
        if (current != null) {
            try {
                current.close();
            } catch (IOException ignored) {
                // Already broken: nothing more to do.
            }
        }
    }

    private void connect() throws IOException {
        Socket fresh = new Socket();
        try {
            fresh.setTcpNoDelay(true);
            fresh.connect(new InetSocketAddress(address, port), Math.toIntExact(connectTimeout.toMillis()));
            fresh.setSoTimeout(Math.toIntExact(readTimeout.toMillis()));
        } catch (IOException e) {
            fresh.close();
            throw new ConnectFailedException(e);
        }
        socket = fresh;
        in = new BufferedInputStream(fresh.getInputStream(), 16 * 1024);
        out = new BufferedOutputStream(fresh.getOutputStream(), 16 * 1024);
        requestsOnConnection = 0;
    }

    private void closeConnection() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // Closing a broken socket can fail; it is gone either way.
            }
            socket = null;
            in = null;
            out = null;
        }
    }

    private void writeRequest(String method, String path, byte[] body, boolean keepAlive) throws IOException {
        StringBuilder head = new StringBuilder(160)
                .append(method).append(' ').append(path).append(" HTTP/1.1\r\n")
                .append("Host: ").append(hostHeader).append("\r\n")
                .append("User-Agent: berth-load-generator\r\n");
        if (body != null) {
            head.append("Content-Type: application/octet-stream\r\n")
                    .append("Content-Length: ").append(body.length).append("\r\n");
        }
        if (!keepAlive) {
            head.append("Connection: close\r\n");
        }
        head.append("\r\n");
        out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        if (body != null) {
            out.write(body);
        }
        out.flush();
    }

    private Response readResponse(String method, boolean reused) throws IOException {
        bodyEndedByClose = false;
        int status;
        Map<String, String> headers;
        do { // 1xx answers (100 Continue, 103 Early Hints) come before the real one
            String statusLine = readLine(true);
            status = parseStatus(statusLine);
            headers = readHeaders();
        } while (status >= 100 && status < 200 && status != 101);
        byte[] body;
        if ("HEAD".equals(method) || status == 204 || status == 304 || status == 101) {
            body = new byte[0];
        } else if (headers.getOrDefault("transfer-encoding", "").toLowerCase(Locale.ROOT).contains("chunked")) {
            body = readChunked();
        } else if (headers.containsKey("content-length")) {
            body = readExactly(parseLength(headers.get("content-length")));
        } else {
            body = readUntilClose();
            bodyEndedByClose = true; // the connection is finished
        }
        return new Response(status, headers, body, reused);
    }

    private static int parseStatus(String line) throws MalformedResponseException {
        // "HTTP/1.1 200 OK" (the reason phrase may be missing)
        if (!line.startsWith("HTTP/1.") || line.length() < 12 || line.charAt(8) != ' ') {
            throw new MalformedResponseException("not an HTTP/1.x status line: " + abbreviate(line));
        }
        try {
            return Integer.parseInt(line.substring(9, 12));
        } catch (NumberFormatException e) {
            throw new MalformedResponseException("bad status code in: " + abbreviate(line));
        }
    }

    private Map<String, String> readHeaders() throws IOException {
        Map<String, String> headers = new LinkedHashMap<>();
        for (String line = readLine(false); !line.isEmpty(); line = readLine(false)) {
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw new MalformedResponseException("bad header line: " + abbreviate(line));
            }
            headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
        }
        return headers;
    }

    private byte[] readChunked() throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            String sizeLine = readLine(false);
            int semicolon = sizeLine.indexOf(';'); // chunk extensions
            String hex = (semicolon >= 0 ? sizeLine.substring(0, semicolon) : sizeLine).trim();
            int size;
            try {
                size = Integer.parseInt(hex, 16);
            } catch (NumberFormatException e) {
                throw new MalformedResponseException("bad chunk size: " + abbreviate(sizeLine));
            }
            if (size < 0 || body.size() + (long) size > MAX_BODY) {
                throw new MalformedResponseException("chunked body larger than " + MAX_BODY + " bytes");
            }
            if (size == 0) {
                while (!readLine(false).isEmpty()) {
                    // trailers: ignored
                }
                return body.toByteArray();
            }
            body.write(readExactly(size));
            if (!readLine(false).isEmpty()) {
                throw new MalformedResponseException("chunk not followed by CRLF");
            }
        }
    }

    private byte[] readExactly(long length) throws IOException {
        if (length > MAX_BODY) {
            throw new MalformedResponseException("body of " + length + " bytes is larger than " + MAX_BODY);
        }
        byte[] body = in.readNBytes((int) length);
        if (body.length < length) {
            throw new TruncatedResponseException("connection closed after " + body.length + " of " + length + " body bytes");
        }
        return body;
    }

    private byte[] readUntilClose() throws IOException {
        byte[] body = in.readNBytes(MAX_BODY + 1);
        if (body.length > MAX_BODY) {
            throw new MalformedResponseException("body larger than " + MAX_BODY + " bytes");
        }
        return body;
    }

    private static long parseLength(String text) throws MalformedResponseException {
        try {
            long length = Long.parseLong(text.trim());
            if (length < 0) {
                throw new NumberFormatException();
            }
            return length;
        } catch (NumberFormatException e) {
            throw new MalformedResponseException("bad Content-Length: " + abbreviate(text));
        }
    }

    /** One CRLF- (or LF-) terminated line in ISO-8859-1; {@code first} marks the status line, where EOF means "no answer". */
    private String readLine(boolean first) throws IOException {
        StringBuilder line = new StringBuilder(64);
        while (true) {
            int b = in.read();
            if (b < 0) {
                if (first && line.isEmpty()) {
                    throw new NoResponseException("connection closed before any answer (request "
                            + (requestsOnConnection + 1) + " on this connection)");
                }
                throw new TruncatedResponseException("connection closed in the middle of the answer's head");
            }
            if (b == '\n') {
                int end = line.length();
                if (end > 0 && line.charAt(end - 1) == '\r') {
                    line.setLength(end - 1);
                }
                return line.toString();
            }
            if (line.length() >= MAX_LINE) {
                throw new MalformedResponseException("header line longer than " + MAX_LINE + " bytes");
            }
            line.append((char) b);
        }
    }

    private static String abbreviate(String text) {
        return text.length() <= 80 ? text : text.substring(0, 80) + "…";
    }
}
