package org.berth.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

/**
 * A private nginx + php-fpm pair for end-to-end tests.
 *
 * <p>Everything (configs, pid files, logs, the FastCGI socket, nginx temp dirs) lives in a fresh
 * temporary folder, so nothing under /etc or /var is written and the system services are never
 * used. Both daemons run in the foreground as children of this JVM, so they can be stopped through
 * their {@link Process} handles and die with the test run (see the shutdown hook).
 *
 * <pre>{@code
 * try (NginxPhpServer server = NginxPhpServer.start(docRoot)) {
 *     assertThat(server.get("/")).isEqualTo("hello");
 * }
 * }</pre>
 *
 * <p>Paths are written into the daemons' configs verbatim, so the document root and the temp
 * folder must not contain whitespace, quotes, backslashes, '$', ';' or braces.
 */
public final class NginxPhpServer implements AutoCloseable {

    static final String NOT_INSTALLED = "nginx/php-fpm not installed: run scripts/install-deps";

    private static final Path NGINX = Path.of("/usr/sbin/nginx");
    private static final Path SBIN = Path.of("/usr/sbin");
    private static final Path MIME_TYPES = Path.of("/etc/nginx/mime.types");
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    private static final Duration START_TIMEOUT = Duration.ofSeconds(15);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(15);
    private static final long POLL_MILLIS = 25;
    private static final int BIND_ATTEMPTS = 3;
    private static final int LOG_TAIL_LINES = 30;
    /** sun_path in struct sockaddr_un is 108 bytes including the terminating NUL. */
    private static final int MAX_SOCKET_PATH = 107;

    private final Path documentRoot;
    private final Path dir;
    private final boolean root;
    private final HttpClient http;
    private final Thread shutdownHook;

    private Process phpFpm;
    private Process nginx;
    private int port;
    private boolean closed;

    private NginxPhpServer(Path documentRoot, Path dir) {
        this.documentRoot = documentRoot;
        this.dir = dir;
        this.root = isRoot();
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1) // plain-HTTP nginx does not do h2c
                .connectTimeout(REQUEST_TIMEOUT)
                .build();
        // Foreground children are not killed when the JVM exits; without this an aborted
        // test run would leave nginx and php-fpm behind.
        this.shutdownHook = new Thread(this::close, "nginx-php-server-cleanup");
    }

    /** Serves {@code documentRoot} on 127.0.0.1 at a free port; PHP through a private php-fpm. */
    public static NginxPhpServer start(Path documentRoot) throws IOException {
        Path docRoot = documentRoot.toAbsolutePath().normalize();
        if (!Files.isDirectory(docRoot)) {
            throw new IllegalArgumentException("not a directory: " + docRoot);
        }
        Path phpFpmBinary = findPhpFpm();
        Path dir = Files.createTempDirectory("berth-nginx-php-");
        NginxPhpServer server = new NginxPhpServer(docRoot, dir);
        try {
            server.launch(phpFpmBinary);
            return server;
        } catch (IOException | RuntimeException e) {
            try {
                server.close();
            } catch (RuntimeException cleanup) {
                e.addSuppressed(cleanup); // keep the start failure as the reported cause
            }
            throw e;
        }
    }

    public int port() {
        return port;
    }

    public URI uri(String path) {
        String absolute = path.startsWith("/") ? path : "/" + path;
        return URI.create("http://" + LOOPBACK.getHostAddress() + ":" + port + absolute);
    }

    /** GETs {@code path} and returns the body; any non-2xx status is an error. */
    public String get(String path) throws IOException, InterruptedException {
        HttpResponse<String> response = response(path);
        if (response.statusCode() / 100 != 2) {
            throw new IOException("GET " + path + " returned " + response.statusCode() + ": "
                    + response.body());
        }
        return response.body();
    }

    /** GETs {@code path} whatever the status, for tests that expect errors. */
    public HttpResponse<String> response(String path) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(uri(path)).timeout(REQUEST_TIMEOUT).GET().build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** The folder holding configs and logs (nginx-error.log, php-fpm.log, php-errors.log, ...). */
    public Path directory() {
        return dir;
    }

    /** Both master processes and their current workers, e.g. to check they are gone after close. */
    public List<ProcessHandle> processes() {
        List<ProcessHandle> all = new ArrayList<>();
        for (Process process : new Process[] {nginx, phpFpm}) {
            if (process != null) {
                all.add(process.toHandle());
                process.descendants().forEach(all::add);
            }
        }
        return all;
    }

    /** Stops nginx, then php-fpm, and deletes the temporary folder. Safe to call twice. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        stop(nginx);
        stop(phpFpm);
        http.close();
        removeShutdownHook();
        deleteRecursively(dir);
    }

    // ---- startup ----------------------------------------------------------------------------

    private void launch(Path phpFpmBinary) throws IOException {
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        requireSafe(documentRoot);
        requireSafe(dir);
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        startPhpFpm(phpFpmBinary, deadline);
        startNginx(deadline);
    }

    private void startPhpFpm(Path binary, long deadline) throws IOException {
        Path socket = dir.resolve("php-fpm.sock");
        if (socket.toString().getBytes(StandardCharsets.UTF_8).length > MAX_SOCKET_PATH) {
            throw new IllegalStateException("socket path too long for a unix socket: " + socket
                    + " (use a shorter java.io.tmpdir)");
        }
        Files.writeString(dir.resolve("php-fpm.conf"), phpFpmConfig(socket));
        List<String> command = new ArrayList<>(List.of(binary.toString(),
                "--nodaemonize",
                "--fpm-config", dir.resolve("php-fpm.conf").toString(),
                // No opcache at all: tests rewrite PHP files and must see the new code at once,
                // even within the same second (timestamp revalidation is per-second).
                "-d", "opcache.enable=0"));
        if (root) {
            command.add("--allow-to-run-as-root");
        }
        phpFpm = spawn(command, "php-fpm.out");
        awaitReady("php-fpm", phpFpm, () -> Files.exists(socket), deadline,
                "php-fpm.out", "php-fpm.log");
    }

    /**
     * The port is free when chosen, but another process can still take it before nginx binds; in that
     * case nginx exits and we retry with a new port.
     */
    private void startNginx(long deadline) throws IOException {
        for (int attempt = 1; ; attempt++) {
            port = FreePorts.next();
            Files.deleteIfExists(dir.resolve("nginx-error.log"));
            Files.writeString(dir.resolve("nginx.conf"), nginxConfig());
            nginx = spawn(List.of(NGINX.toString(),
                    "-p", dir + "/",
                    "-c", dir.resolve("nginx.conf").toString(),
                    // Startup errors would otherwise go to the compiled-in log path.
                    "-e", dir.resolve("nginx-error.log").toString()), "nginx.out");
            try {
                // nginx writes its pid file only after binding, so it proves the port is ours.
                awaitReady("nginx", nginx,
                        () -> Files.exists(dir.resolve("nginx.pid")) && accepting(port), deadline,
                        "nginx.out", "nginx-error.log");
                return;
            } catch (IllegalStateException e) {
                if (attempt == BIND_ATTEMPTS || nginx.isAlive() || !lostPortRace()) {
                    throw e;
                }
            }
        }
    }

    private boolean lostPortRace() {
        return readQuietly(dir.resolve("nginx-error.log")).contains("Address already in use");
    }

    private Process spawn(List<String> command, String outputFile) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command);
        // php-fpm is built with systemd support; if the tests run inside a systemd service it
        // would report its readiness and status to that unit instead of staying private.
        builder.environment().remove("NOTIFY_SOCKET");
        return builder
                .directory(dir.toFile())
                .redirectErrorStream(true)
                // A file, not a pipe: nobody reads it while running, and a full pipe would block.
                .redirectOutput(dir.resolve(outputFile).toFile())
                .start();
    }

    /** Polls {@code ready}; fails early, with the daemon's log, if the process exits. */
    private void awaitReady(String name, Process process, BooleanSupplier ready, long deadline,
            String... logs) {
        while (!ready.getAsBoolean()) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with code " + process.exitValue()
                        + " during start" + logTails(logs));
            }
            if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException(name + " not ready after " + START_TIMEOUT.toSeconds()
                        + " s" + logTails(logs));
            }
            pause(process);
        }
    }

    // ---- configuration ----------------------------------------------------------------------

    private String phpFpmConfig(Path socket) {
        String rootUser = root ? "user = root\ngroup = root\n" : "";
        return """
                [global]
                pid = %1$s/php-fpm.pid
                error_log = %1$s/php-fpm.log
                daemonize = no

                [www]
                %2$slisten = %3$s
                listen.mode = 0600
                pm = static
                pm.max_children = 4
                catch_workers_output = yes
                decorate_workers_output = no
                php_admin_flag[log_errors] = on
                php_admin_value[error_log] = %1$s/php-errors.log
                php_admin_value[opcache.enable] = 0
                """.formatted(dir, rootUser, socket);
    }

    private String nginxConfig() {
        // As root the workers would otherwise drop to "nobody" and could not enter the 0700
        // temp folder; as non-root the directive is meaningless and only warns.
        String user = root ? "user root;\n" : "";
        String mimeTypes = Files.isReadable(MIME_TYPES) ? "include " + MIME_TYPES + ";" : "";
        return user + """
                daemon off;
                worker_processes 1;
                pid %1$s/nginx.pid;
                error_log %1$s/nginx-error.log notice;

                events {
                    worker_connections 64;
                }

                http {
                    %2$s
                    default_type application/octet-stream;
                    access_log %1$s/nginx-access.log;
                    client_body_temp_path %1$s/client_body_temp;
                    fastcgi_temp_path %1$s/fastcgi_temp;
                    proxy_temp_path %1$s/proxy_temp;
                    uwsgi_temp_path %1$s/uwsgi_temp;
                    scgi_temp_path %1$s/scgi_temp;

                    server {
                        listen %3$s:%4$d;
                        server_name localhost;
                        root "%5$s";
                        index index.php index.html;

                        location / {
                            try_files $uri $uri/ =404;
                        }

                        location ~ [^/]\\.php(/|$) {
                            fastcgi_split_path_info ^(.+?\\.php)(/.*)$;
                            # try_files below resets $fastcgi_path_info, so keep a copy.
                            set $path_info $fastcgi_path_info;
                            # 404 for missing scripts instead of php-fpm's "No input file".
                            try_files $fastcgi_script_name =404;
                            fastcgi_pass unix:%1$s/php-fpm.sock;
                            fastcgi_index index.php;
                            fastcgi_param SCRIPT_FILENAME $document_root$fastcgi_script_name;
                            fastcgi_param PATH_INFO $path_info;
                            fastcgi_param QUERY_STRING $query_string;
                            fastcgi_param REQUEST_METHOD $request_method;
                            fastcgi_param CONTENT_TYPE $content_type;
                            fastcgi_param CONTENT_LENGTH $content_length;
                            fastcgi_param SCRIPT_NAME $fastcgi_script_name;
                            fastcgi_param REQUEST_URI $request_uri;
                            fastcgi_param DOCUMENT_URI $document_uri;
                            fastcgi_param DOCUMENT_ROOT $document_root;
                            fastcgi_param SERVER_PROTOCOL $server_protocol;
                            fastcgi_param REQUEST_SCHEME $scheme;
                            fastcgi_param HTTPS $https if_not_empty;
                            fastcgi_param GATEWAY_INTERFACE CGI/1.1;
                            fastcgi_param SERVER_SOFTWARE nginx/$nginx_version;
                            fastcgi_param REMOTE_ADDR $remote_addr;
                            fastcgi_param REMOTE_PORT $remote_port;
                            fastcgi_param SERVER_ADDR $server_addr;
                            fastcgi_param SERVER_PORT $server_port;
                            fastcgi_param SERVER_NAME $server_name;
                            fastcgi_param REDIRECT_STATUS 200;
                        }
                    }
                }
                """.formatted(dir, mimeTypes, LOOPBACK.getHostAddress(), port, documentRoot);
    }

    /** The configs embed paths unescaped; refuse the characters either parser would misread. */
    private static void requireSafe(Path path) {
        if (!path.toString().matches("[^\\s\"'\\\\$;{}]+")) {
            throw new IllegalArgumentException("path not usable in nginx/php-fpm config: " + path);
        }
    }

    // ---- binaries ---------------------------------------------------------------------------

    /** Debian names the binary after the PHP version (php-fpm8.2); take the newest installed. */
    private static Path findPhpFpm() throws IOException {
        if (!Files.isExecutable(NGINX) || !Files.isDirectory(SBIN)) {
            throw new IllegalStateException(NOT_INSTALLED);
        }
        List<Path> candidates = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(SBIN, "php-fpm*")) {
            stream.forEach(candidates::add);
        }
        return candidates.stream()
                .filter(Files::isExecutable)
                .max(Comparator.comparing(NginxPhpServer::versionOf, NginxPhpServer::compareVersions))
                .orElseThrow(() -> new IllegalStateException(NOT_INSTALLED));
    }

    private static int[] versionOf(Path binary) {
        String suffix = binary.getFileName().toString().substring("php-fpm".length());
        return Stream.of(suffix.split("\\."))
                .mapToInt(part -> part.matches("\\d+") ? Integer.parseInt(part) : -1)
                .toArray();
    }

    private static int compareVersions(int[] a, int[] b) {
        return Arrays.compare(a, b);
    }

    // ---- shutdown ---------------------------------------------------------------------------

    /**
     * SIGTERM (fast shutdown for both daemons; their masters wait for their workers), then
     * SIGKILL for the whole family if that did not work in time.
     */
    private static void stop(Process process) {
        if (process == null) {
            return;
        }
        List<ProcessHandle> family = new ArrayList<>(process.descendants().toList());
        process.destroy();
        if (!waitQuietly(process, STOP_TIMEOUT.toMillis())) {
            process.destroyForcibly();
            waitQuietly(process, STOP_TIMEOUT.toMillis());
        }
        // A SIGKILLed master leaves its workers running; make sure none survive.
        for (ProcessHandle child : family) {
            child.destroyForcibly();
            try {
                child.onExit().get(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (Exception e) {
                // Best effort: a worker we cannot reap must not stop the rest of the cleanup.
            }
        }
    }

    private void removeShutdownHook() {
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // Already shutting down: we are probably running inside the hook itself.
        }
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not delete " + dir, e);
        }
    }

    // ---- small helpers ----------------------------------------------------------------------

    private static boolean isRoot() {
        try {
            return ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
        } catch (IOException | UnsupportedOperationException e) {
            return "root".equals(System.getProperty("user.name"));
        }
    }

    private static boolean accepting(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(LOOPBACK, port), (int) POLL_MILLIS * 4);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Sleeps one poll interval, or less if the process exits meanwhile. */
    private static void pause(Process process) {
        try {
            process.waitFor(POLL_MILLIS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting nginx/php-fpm", e);
        }
    }

    /** Waits for exit; returns whether the process is gone. Keeps the interrupt flag. */
    private static boolean waitQuietly(Process process, long millis) {
        try {
            return process.waitFor(millis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !process.isAlive();
        }
    }

    private String logTails(String... names) {
        StringBuilder out = new StringBuilder();
        for (String name : names) {
            Path log = dir.resolve(name);
            List<String> lines = readQuietly(log).lines().toList();
            List<String> tail = lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size());
            out.append("\n--- ").append(log).append(" ---\n").append(String.join("\n", tail));
        }
        return out.toString();
    }

    private static String readQuietly(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }

    /** For diagnostics in assertion messages. */
    @Override
    public String toString() {
        return "NginxPhpServer[" + uri("/") + ", root=" + documentRoot + ", dir=" + dir + "]";
    }
}
