package org.berth.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.berth.config.ResponseFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ErrorPagesTest {
    private static final String HTML = "text/html; charset=utf-8";

    @TempDir
    Path dir;

    @Test
    void builtInPagesHaveTheirStatusAndType() {
        ErrorPages pages = ErrorPages.builtIn();

        assertThat(pages.missingHost().status()).isEqualTo(502);
        assertThat(pages.missingHost().contentType()).isEqualTo(HTML);
        assertThat(pages.missingHost().bodyText()).startsWith("<!DOCTYPE html>").contains("Host header");
        assertThat(pages.backendFailure().status()).isEqualTo(502);
        assertThat(pages.backendFailure().contentType()).isEqualTo(HTML);
        assertThat(pages.backendFailure().bodyText()).contains("could not be reached");
        assertThat(pages.unknownHost("shop.example").status()).isEqualTo(404);
        assertThat(pages.unknownHost("shop.example").contentType()).isEqualTo(HTML);
        assertThat(pages.unknownHost("shop.example").bodyText()).contains("<code>shop.example</code>");
    }

    @Test
    void theUnknownHostIsEscaped() {
        String body = ErrorPages.builtIn().unknownHost("<script>alert('x')</script>&\"").bodyText();

        assertThat(body).doesNotContain("<script>");
        assertThat(body).contains("<code>&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;&quot;</code>");
    }

    @Test
    void configuredFilesAreReadOnceAndSentAsTheyAre() throws IOException {
        Path unknown = Files.writeString(dir.resolve("unknown.html"), "<p>no such site</p>");
        Path missing = Files.writeString(dir.resolve("missing.html"), "<p>say which host</p>");
        Path failure = Files.writeString(dir.resolve("failure.html"), "<p>down for maintenance</p>");

        ErrorPages pages = ErrorPages.load(new ResponseFiles(Optional.of(unknown), Optional.of(missing),
                Optional.of(failure)));
        Files.writeString(unknown, "changed later");

        assertThat(pages.unknownHost("<b>").bodyText()).isEqualTo("<p>no such site</p>");
        assertThat(pages.unknownHost("<b>").status()).isEqualTo(404);
        assertThat(pages.missingHost().bodyText()).isEqualTo("<p>say which host</p>");
        assertThat(pages.missingHost().status()).isEqualTo(502);
        assertThat(pages.backendFailure().bodyText()).isEqualTo("<p>down for maintenance</p>");
        assertThat(pages.backendFailure().contentType()).isEqualTo(HTML);
    }

    @Test
    void aFileThatHasGoneFallsBackToTheBuiltInPage() {
        ErrorPages pages = ErrorPages.load(new ResponseFiles(Optional.of(dir.resolve("gone.html")),
                Optional.empty(), Optional.of(dir.resolve("also-gone.html"))));

        assertThat(pages.unknownHost("a.example")).isEqualTo(ErrorPages.builtIn().unknownHost("a.example"));
        assertThat(pages.backendFailure()).isEqualTo(ErrorPages.builtIn().backendFailure());
    }

    @Test
    void theBodyIsSharedReadOnly() {
        ErrorPage page = ErrorPages.builtIn().backendFailure();
        ByteBuffer first = page.body();

        assertThat(first.isReadOnly()).isTrue();
        assertThat(first.remaining()).isEqualTo(page.contentLength());
        first.get(new byte[10]);
        assertThat(page.body().remaining()).isEqualTo(page.contentLength());
    }
}
