package org.berth.proxy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.berth.route.RouteTarget;

/**
 * A backend on plain sockets whose behaviour per connection is a script: for the cases a real
 * HTTP server will not produce (never answering, dying half-way, closing kept-alive connections).
 * Requests it reads must not have bodies.
 */
final class ScriptedBackend implements AutoCloseable {

    /** What to do with one accepted connection. */
    @FunctionalInterface
    interface Script {
        void run(Socket socket, ScriptedBackend backend) throws IOException, InterruptedException;
    }

    private final ServerSocket server;
    private final Script script;
    final AtomicInteger opened = new AtomicInteger();
    final AtomicInteger closed = new AtomicInteger();
    final AtomicInteger requests = new AtomicInteger();
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private final Thread acceptor;
    private volatile boolean stopped;

    ScriptedBackend(Script script) throws IOException {
        this(0, script);
    }

    ScriptedBackend(int port, Script script) throws IOException {
        this.server = new ServerSocket(port, 50, InetAddress.getLoopbackAddress());
        this.script = script;
        acceptor = Thread.ofVirtual().start(this::accept);
    }

    int port() {
        return server.getLocalPort();
    }

    RouteTarget.Backend target() {
        return new RouteTarget.Backend("127.0.0.1", port());
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                if (stopped) {
                    // Accepted in the moment close() ran: a crashed process would not have served it.
                    socket.close();
                    continue;
                }
                sockets.add(socket);
                opened.incrementAndGet();
                Thread.ofVirtual().start(() -> {
                    try (socket) {
                        script.run(socket, this);
                    } catch (IOException | InterruptedException e) {
                        // the test decides what a dead connection means
                    } finally {
                        sockets.remove(socket);
                        closed.incrementAndGet();
                    }
                });
            } catch (IOException e) {
                return;
            }
        }
    }

    /** Reads one request head; null at end of stream. */
    String readRequest(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int last4 = 0;
        int c;
        while ((c = in.read()) >= 0) {
            head.write(c);
            last4 = (last4 << 8) | c;
            if (last4 == 0x0d0a0d0a) {
                requests.incrementAndGet();
                return head.toString(StandardCharsets.ISO_8859_1);
            }
        }
        return null;
    }

    static void write(Socket socket, String text) throws IOException {
        socket.getOutputStream().write(text.getBytes(StandardCharsets.ISO_8859_1));
        socket.getOutputStream().flush();
    }

    /** Answers every request on the connection with 200 and {@code body}, keeping it open. */
    static Script keepAlive(String body) {
        return (socket, backend) -> {
            while (backend.readRequest(socket.getInputStream()) != null) {
                write(socket, "HTTP/1.1 200 OK\r\nContent-Length: " + body.length() + "\r\n\r\n" + body);
            }
        };
    }

    /** Reads the request and never answers, until the proxy closes. */
    static Script neverAnswer() {
        return (socket, backend) -> {
            backend.readRequest(socket.getInputStream());
            while (socket.getInputStream().read() >= 0) {
                // wait for the proxy to give up
            }
        };
    }

    /** Stops like a crashed process: the listener and every open connection go at once. */
    @Override
    public void close() throws IOException {
        stopped = true;
        server.close();
        try {
            // The JDK closes a socket a virtual thread waits on only once that thread wakes up.
            acceptor.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (Socket socket : sockets) {
            socket.close();
        }
    }
}
