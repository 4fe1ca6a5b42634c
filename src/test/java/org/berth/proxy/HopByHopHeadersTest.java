package org.berth.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import org.junit.jupiter.api.Test;

class HopByHopHeadersTest {

    @Test
    void connectionCannotStripTheHeadersThatFrameOrRouteTheMessage() {
        HttpHeaders headers = new DefaultHttpHeaders().add("Connection", "Transfer-Encoding, content-length, Host, X-A")
                .add("Transfer-Encoding", "chunked").add("Host", "a.test").add("X-A", "1");
        HopByHopHeaders.strip(headers);
        assertThat(headers.get("Transfer-Encoding")).isEqualTo("chunked");
        assertThat(headers.get("Host")).isEqualTo("a.test");
        assertThat(headers.contains("X-A")).isFalse();
        assertThat(headers.contains("Connection")).isFalse();
    }

    @Test
    void everyConnectionLineCountsAndTokensAreTrimmed() {
        HttpHeaders headers = new DefaultHttpHeaders().add("Connection", "x-one , ,").add("Connection", "X-Two")
                .add("X-One", "1").add("X-Two", "2").add("X-Three", "3");
        HopByHopHeaders.strip(headers);
        assertThat(headers.names()).containsExactly("X-Three");
    }

    @Test
    void connectionTokensAreMatchedWholeAndCaseInsensitively() {
        HttpHeaders headers = new DefaultHttpHeaders().add("Connection", "keep-alive, Upgrade");
        assertThat(HopByHopHeaders.connectionHas(headers, "upgrade")).isTrue();
        assertThat(HopByHopHeaders.connectionHas(headers, "upgr")).isFalse();
        assertThat(HopByHopHeaders.connectionHas(new DefaultHttpHeaders(), "upgrade")).isFalse();
    }
}
