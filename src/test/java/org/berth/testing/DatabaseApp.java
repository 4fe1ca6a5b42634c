package org.berth.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Executors;

/**
 * The app inside database test bundles: it knows nothing but its environment, as a real app would.
 * Listens on {@code $PORT}; {@code GET /} answers {@code VERSION}; {@code /put?TEXT} stores a row and
 * {@code /get} lists them (through {@code JDBC_DATABASE_URL}); {@code /whoami?VIA} connects one way and
 * answers {@code user@database}: {@code jdbc} ({@code JDBC_DATABASE_URL}), {@code url}
 * ({@code DATABASE_URL}, parsed), {@code pg} (libpq's {@code PG*} variables), {@code pgpass} (the same
 * with Keter's {@code PGPASS}), {@code psql} (libpq itself: psql run with the app's environment).
 * It never prints a variable's value.
 */
public final class DatabaseApp {
    private DatabaseApp() {
    }

    /** A bundle running this app on {@code host}, asking for a database with {@code pluginsYaml}. */
    public static BundleBuilder bundle(String version, String host, String pluginsYaml) {
        return new BundleBuilder()
                .file("bin/app", BundleBuilder.launcher("").replace(VersionApp.class.getName(), DatabaseApp.class.getName()),
                        0755)
                .config("stanzas:\n"
                        + "  - type: webapp\n"
                        + "    exec: ../bin/app\n"
                        + "    host: " + host + "\n"
                        + "    env:\n"
                        + "      VERSION: \"" + version + "\"\n"
                        + pluginsYaml);
    }

    public static void main(String[] args) throws IOException {
        int port = Integer.parseInt(System.getenv("PORT"));
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 50);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", DatabaseApp::answer);
        server.start();
        System.out.println("database app " + System.getenv("VERSION") + " listening on " + port);
    }

    private static void answer(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        String query = exchange.getRequestURI().getRawQuery();
        int status = 200;
        String body;
        try {
            body = switch (path) {
                case "/put" -> put(URLDecoder.decode(query, StandardCharsets.UTF_8));
                case "/get" -> get();
                case "/whoami" -> whoami(query);
                default -> String.valueOf(System.getenv("VERSION"));
            };
        } catch (SQLException | IOException | RuntimeException e) {
            status = 500;
            body = "error: " + e.getClass().getSimpleName() + ": " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            status = 500;
            body = "interrupted";
        }
        exchange.getRequestBody().transferTo(OutputStream.nullOutputStream());
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static String put(String text) throws SQLException {
        try (Connection connection = DriverManager.getConnection(System.getenv("JDBC_DATABASE_URL"));
             Statement create = connection.createStatement();
             PreparedStatement insert = connection.prepareStatement("INSERT INTO notes (text) VALUES (?)")) {
            create.execute("CREATE TABLE IF NOT EXISTS notes (id serial PRIMARY KEY, text text NOT NULL)");
            insert.setString(1, text);
            insert.executeUpdate();
            return "stored";
        }
    }

    private static String get() throws SQLException {
        try (Connection connection = DriverManager.getConnection(System.getenv("JDBC_DATABASE_URL"));
             Statement select = connection.createStatement();
             ResultSet rows = select.executeQuery("SELECT text FROM notes ORDER BY id")) {
            List<String> texts = new ArrayList<>();
            while (rows.next()) {
                texts.add(rows.getString(1));
            }
            return String.join(",", texts);
        }
    }

    private static String whoami(String via) throws SQLException, IOException, InterruptedException {
        return switch (via) {
            case "jdbc" -> identity(DriverManager.getConnection(System.getenv("JDBC_DATABASE_URL")));
            case "url" -> viaDatabaseUrl();
            case "pg" -> viaLibpqVariables(System.getenv("PGPASSWORD"));
            case "pgpass" -> viaLibpqVariables(System.getenv("PGPASS"));
            case "psql" -> viaPsql();
            default -> throw new IllegalArgumentException("unknown way " + via);
        };
    }

    /** As a non-Java app reads DATABASE_URL: scheme, user:password, host, port, database, all decoded. */
    private static String viaDatabaseUrl() throws SQLException {
        URI url = URI.create(System.getenv("DATABASE_URL"));
        if (!url.getScheme().equals("postgresql")) {
            throw new IllegalStateException("DATABASE_URL has scheme " + url.getScheme());
        }
        String[] userInfo = url.getRawUserInfo().split(":", 2);
        Properties properties = new Properties();
        properties.setProperty("user", URLDecoder.decode(userInfo[0], StandardCharsets.UTF_8));
        properties.setProperty("password", URLDecoder.decode(userInfo[1], StandardCharsets.UTF_8));
        String database = URLDecoder.decode(url.getRawPath().substring(1), StandardCharsets.UTF_8);
        String host = url.getHost();
        return identity(DriverManager.getConnection("jdbc:postgresql://" + host + ":" + url.getPort() + "/" + database,
                properties));
    }

    private static String viaLibpqVariables(String password) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", System.getenv("PGUSER"));
        properties.setProperty("password", password);
        String host = System.getenv("PGHOST");
        String url = "jdbc:postgresql://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + System.getenv("PGPORT")
                + "/" + System.getenv("PGDATABASE");
        return identity(DriverManager.getConnection(url, properties));
    }

    /** libpq reads PGHOST, PGPORT, PGUSER, PGPASSWORD and PGDATABASE; psql is given nothing else. */
    private static String viaPsql() throws IOException, InterruptedException {
        Path psql = Path.of(System.getenv().getOrDefault("PSQL", "/usr/bin/psql"));
        Process process = new ProcessBuilder(psql.toString(), "-X", "-w", "-tA", "-c",
                "SELECT current_user || '@' || current_database()").redirectErrorStream(true).start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        int exit = process.waitFor();
        if (exit != 0) {
            throw new IOException("psql exited with " + exit + ": " + output);
        }
        return output;
    }

    private static String identity(Connection connection) throws SQLException {
        try (connection; Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery("SELECT current_user, current_database()")) {
            row.next();
            return row.getString(1) + "@" + row.getString(2);
        }
    }
}
