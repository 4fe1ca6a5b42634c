package org.berth.testing;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A websocket client (RFC 6455, text messages) over a plain socket, for sessions through a
 * proxy: it sends whatever {@code Host} it is given, which the JDK's WebSocket cannot. A reader
 * (virtual) thread collects messages, answers pings, and notes how the session ended: a close
 * frame from the server, the connection dropping without one, or our own {@link #close()}.
 *
 * <pre>{@code
 * try (WebSocketEchoClient ws = WebSocketEchoClient.connect("127.0.0.1", proxyPort, "a.example", "/ws", timeout)) {
 *     assertThat(ws.echo("hello", timeout)).isEqualTo("hello");
 *     assertThat(ws.serverVersion()).hasValue("v1");
 * }
 * }</pre>
 */
public final class WebSocketEchoClient implements AutoCloseable {
    private static final String ACCEPT_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
    private static final int MAX_MESSAGE = 16 * 1024 * 1024;
    private static final int MAX_HEAD_LINE = 16 * 1024;
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(2);

    private static final int CONTINUATION = 0x0;
    private static final int TEXT = 0x1;
    private static final int BINARY = 0x2;
    private static final int CLOSE = 0x8;
    private static final int PING = 0x9;
    private static final int PONG = 0xA;

    /** Put on the message queue when the session ends, so a waiting {@link #receive} wakes up. */
    private static final String END = new String("<end of session>");

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final Map<String, String> handshakeHeaders;
    private final SecureRandom random = new SecureRandom();
    private final BlockingQueue<String> messages = new LinkedBlockingQueue<>();
    private final CountDownLatch ended = new CountDownLatch(1);
    private final Object writeLock = new Object();
    private volatile boolean closeSent;
    private volatile Closure closure;

    /**
     * How the session ended.
     *
     * @param code     the close code (1006 when the connection dropped without a close frame)
     * @param reason   the close reason, or what broke
     * @param byServer the server ended it (its close frame came first, or it dropped the connection)
     * @param clean    a close frame was received (false: the connection just ended)
     * @param at       when this client noticed
     */
    public record Closure(int code, String reason, boolean byServer, boolean clean, Instant at) {
    }

    /** The session has ended (see {@link #closure()}) and no message is left to receive. */
    public static final class SessionClosedException extends IOException {
        public SessionClosedException(Closure closure) {
            super("websocket session closed: " + closure);
        }
    }

    private WebSocketEchoClient(Socket socket, InputStream in, Map<String, String> handshakeHeaders) throws IOException {
        this.socket = socket;
        this.in = in;
        this.out = socket.getOutputStream();
        this.handshakeHeaders = Collections.unmodifiableMap(handshakeHeaders);
    }

    /**
     * Opens a session: connects, upgrades {@code path} with {@code hostHeader} and checks the
     * server's {@code Sec-WebSocket-Accept}. {@code timeout} bounds the connect and the handshake.
     */
    public static WebSocketEchoClient connect(String address, int port, String hostHeader, String path, Duration timeout)
            throws IOException {
        Socket socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(address, port), Math.toIntExact(timeout.toMillis()));
            socket.setSoTimeout(Math.toIntExact(timeout.toMillis()));
            String key = Base64.getEncoder().encodeToString(randomBytes(16));
            String request = "GET " + path + " HTTP/1.1\r\n"
                    + "Host: " + hostHeader + "\r\n"
                    + "Upgrade: websocket\r\n"
                    + "Connection: Upgrade\r\n"
                    + "Sec-WebSocket-Key: " + key + "\r\n"
                    + "Sec-WebSocket-Version: 13\r\n"
                    + "\r\n";
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            InputStream in = new BufferedInputStream(socket.getInputStream());
            String statusLine = readHeadLine(in);
            Map<String, String> headers = new LinkedHashMap<>();
            for (String line = readHeadLine(in); !line.isEmpty(); line = readHeadLine(in)) {
                int colon = line.indexOf(':');
                if (colon > 0) {
                    headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
                }
            }
            if (!statusLine.startsWith("HTTP/1.1 101")) {
                throw new IOException("websocket upgrade refused: " + statusLine + " " + headers);
            }
            String expected = acceptFor(key);
            if (!expected.equals(headers.get("sec-websocket-accept"))) {
                throw new IOException("bad Sec-WebSocket-Accept: " + headers.get("sec-websocket-accept")
                        + ", expected " + expected);
            }
            socket.setSoTimeout(0); // the reader waits as long as the session lasts
            WebSocketEchoClient client = new WebSocketEchoClient(socket, in, headers);
            Thread.ofVirtual().name("websocket-reader-" + port).start(client::readLoop);
            return client;
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    /** The headers of the server's 101 answer (names in lower case). */
    public Map<String, String> handshakeHeaders() {
        return handshakeHeaders;
    }

    /** {@code X-Version} of the 101 answer, which {@link WebSocketEchoApp} sets. */
    public Optional<String> serverVersion() {
        return Optional.ofNullable(handshakeHeaders.get("x-version"));
    }

    /** Sends one text message (a single masked frame). */
    public void send(String text) throws IOException {
        if (closure != null || closeSent) {
            throw new SessionClosedException(closure);
        }
        writeFrame(TEXT, text.getBytes(StandardCharsets.UTF_8));
    }

    /** The next text message; waits up to {@code timeout}. */
    public String receive(Duration timeout) throws IOException, InterruptedException, TimeoutException {
        String message = messages.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
        if (message == null) {
            throw new TimeoutException("no message within " + timeout);
        }
        if (message == END) {
            messages.add(END); // for the next caller too
            throw new SessionClosedException(closure);
        }
        return message;
    }

    /** Sends {@code text} and returns the next message (the echo, from an echo server). */
    public String echo(String text, Duration timeout) throws IOException, InterruptedException, TimeoutException {
        send(text);
        return receive(timeout);
    }

    public boolean isOpen() {
        return closure == null && !closeSent;
    }

    /** How the session ended, once it has. */
    public Optional<Closure> closure() {
        return Optional.ofNullable(closure);
    }

    /** Waits for the session to end (the server closing it, typically). */
    public Closure awaitClosure(Duration timeout) throws InterruptedException, TimeoutException {
        if (!ended.await(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
            throw new TimeoutException("session still open after " + timeout);
        }
        return closure;
    }

    /** Ends the session politely (close 1000, then waits briefly for the server's close) and closes the socket. */
    @Override
    public void close() {
        try {
            if (closure == null && !closeSent) {
                closeSent = true;
                writeFrame(CLOSE, closePayload(1000, "bye"));
                ended.await(CLOSE_WAIT.toNanos(), TimeUnit.NANOSECONDS);
            }
        } catch (IOException e) {
            // The connection is already broken; the reader records how.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            closeSocket();
            try {
                ended.await(CLOSE_WAIT.toNanos(), TimeUnit.NANOSECONDS); // the reader notices the closed socket
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    // ---- reading ---------------------------------------------------------------------------

    private void readLoop() {
        ByteArrayOutputStream fragments = new ByteArrayOutputStream();
        try {
            while (true) {
                int first = readByte();
                int second = readByte();
                boolean fin = (first & 0x80) != 0;
                int opcode = first & 0x0F;
                long length = second & 0x7F;
                if (length == 126) {
                    length = ByteBuffer.wrap(readBytes(2)).getShort() & 0xFFFF;
                } else if (length == 127) {
                    length = ByteBuffer.wrap(readBytes(8)).getLong();
                }
                if (length < 0 || length > MAX_MESSAGE) {
                    throw new IOException("frame of " + length + " bytes is larger than " + MAX_MESSAGE);
                }
                byte[] mask = (second & 0x80) != 0 ? readBytes(4) : null; // servers should not mask, but may
                byte[] payload = readBytes((int) length);
                if (mask != null) {
                    for (int i = 0; i < payload.length; i++) {
                        payload[i] ^= mask[i % 4];
                    }
                }
                switch (opcode) {
                    case TEXT, CONTINUATION -> {
                        fragments.write(payload);
                        if (fragments.size() > MAX_MESSAGE) {
                            throw new IOException("message larger than " + MAX_MESSAGE);
                        }
                        if (fin) {
                            messages.add(fragments.toString(StandardCharsets.UTF_8));
                            fragments.reset();
                        }
                    }
                    case BINARY -> {
                        // This client speaks text only: say so and end the session (RFC 6455, 1003).
                        end(new Closure(1003, "binary message received", false, false, Instant.now()));
                        writeFrame(CLOSE, closePayload(1003, "text only"));
                        return;
                    }
                    case PING -> writeFrame(PONG, payload);
                    case PONG -> {
                        // nothing to do
                    }
                    case CLOSE -> {
                        int code = payload.length >= 2 ? ByteBuffer.wrap(payload, 0, 2).getShort() & 0xFFFF : 1005;
                        String reason = payload.length > 2
                                ? new String(payload, 2, payload.length - 2, StandardCharsets.UTF_8) : "";
                        boolean byServer = !closeSent;
                        end(new Closure(code, reason, byServer, true, Instant.now()));
                        if (byServer) { // answer the close, as RFC 6455 asks; the server may be gone already
                            closeSent = true;
                            writeFrame(CLOSE, closePayload(code == 1005 ? 1000 : code, ""));
                        }
                        return;
                    }
                    default -> throw new IOException("unknown opcode " + opcode);
                }
            }
        } catch (EOFException e) {
            end(new Closure(1006, "connection closed without a close frame", !closeSent, false, Instant.now()));
        } catch (IOException e) {
            end(new Closure(1006, e.toString(), !closeSent, false, Instant.now()));
        } finally {
            closeSocket();
        }
    }

    /** Records the first way the session ended and wakes everybody waiting. */
    private synchronized void end(Closure how) {
        if (closure == null) {
            closure = how;
            messages.add(END);
            ended.countDown();
        }
    }

    private int readByte() throws IOException {
        int b = in.read();
        if (b < 0) {
            throw new EOFException();
        }
        return b;
    }

    private byte[] readBytes(int length) throws IOException {
        byte[] bytes = in.readNBytes(length);
        if (bytes.length < length) {
            throw new EOFException();
        }
        return bytes;
    }

    // ---- writing ---------------------------------------------------------------------------

    /** One final, masked frame (clients must mask, RFC 6455 §5.3). */
    private void writeFrame(int opcode, byte[] payload) throws IOException {
        ByteArrayOutputStream frame = new ByteArrayOutputStream(payload.length + 14);
        frame.write(0x80 | opcode);
        if (payload.length < 126) {
            frame.write(0x80 | payload.length);
        } else if (payload.length <= 0xFFFF) {
            frame.write(0x80 | 126);
            frame.write(payload.length >>> 8);
            frame.write(payload.length & 0xFF);
        } else {
            frame.write(0x80 | 127);
            frame.writeBytes(ByteBuffer.allocate(8).putLong(payload.length).array());
        }
        byte[] mask = new byte[4];
        random.nextBytes(mask);
        frame.writeBytes(mask);
        byte[] masked = new byte[payload.length];
        for (int i = 0; i < payload.length; i++) {
            masked[i] = (byte) (payload[i] ^ mask[i % 4]);
        }
        frame.writeBytes(masked);
        synchronized (writeLock) {
            out.write(frame.toByteArray());
            out.flush();
        }
    }

    private static byte[] closePayload(int code, String reason) {
        byte[] text = reason.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(2 + text.length).putShort((short) code).put(text).array();
    }

    private void closeSocket() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing is all we wanted
        }
    }

    // ---- handshake helpers -----------------------------------------------------------------

    private static String readHeadLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("connection closed during the websocket handshake");
            }
            if (b == '\n') {
                int end = line.length();
                return end > 0 && line.charAt(end - 1) == '\r' ? line.substring(0, end - 1) : line.toString();
            }
            if (line.length() >= MAX_HEAD_LINE) {
                throw new IOException("handshake line longer than " + MAX_HEAD_LINE + " bytes");
            }
            line.append((char) b);
        }
    }

    private static String acceptFor(String key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-1").digest((key + ACCEPT_GUID).getBytes(StandardCharsets.US_ASCII));
            return Base64.getEncoder().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-1", e);
        }
    }

    private static byte[] randomBytes(int count) {
        byte[] bytes = new byte[count];
        new SecureRandom().nextBytes(bytes);
        return bytes;
    }
}
