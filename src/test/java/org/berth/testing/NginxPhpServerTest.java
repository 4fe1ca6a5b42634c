package org.berth.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NginxPhpServerTest {

    @TempDir
    Path docRoot;

    @Test
    void servesPhpFreshlyAndStopsCleanly() throws Exception {
        Path index = docRoot.resolve("index.php");
        Files.writeString(index, "<?php echo \"hello \" . (1+1);");

        NginxPhpServer server = NginxPhpServer.start(docRoot);
        int port = server.port();
        Path dir = server.directory();
        List<ProcessHandle> processes;
        try {
            assertThat(server.get("/")).isEqualTo("hello 2");

            // Rewritten within the same second: only passes if nothing caches compiled PHP.
            Files.writeString(index, "<?php echo \"v2\";");
            assertThat(server.get("/")).isEqualTo("v2");

            processes = server.processes();
            assertThat(processes).hasSizeGreaterThanOrEqualTo(4); // two masters + workers
        } finally {
            server.close();
        }

        assertThat(accepting(port)).as("port %d still accepting", port).isFalse();
        assertThat(processes).noneMatch(ProcessHandle::isAlive);
        assertThat(dir).doesNotExist();
    }

    private static boolean accepting(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
