package org.berth.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.net.InetAddresses;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

class ForwardingHeadersTest {
    private static final InetSocketAddress LOCAL = new InetSocketAddress(InetAddresses.forString("::"), 80);

    private static final Predicate<InetAddress> TEN_SLASH_EIGHT = ip -> ip.getAddress().length == 4 && ip.getAddress()[0] == 10;

    /** A peer whose headers are believed when {@code trusted}, as a trusted-proxies list of everything would. */
    private static ClientPeer peer(String address, boolean trusted) {
        return ClientPeer.of(new InetSocketAddress(InetAddresses.forString(address), 40000), LOCAL, ip -> trusted,
                ip -> trusted);
    }

    /** A peer judged by a trusted-proxies list of 10.0.0.0/8. */
    private static ClientPeer behindTenSlashEight(String address) {
        return ClientPeer.of(new InetSocketAddress(InetAddresses.forString(address), 40000), LOCAL, TEN_SLASH_EIGHT,
                TEN_SLASH_EIGHT);
    }

    /** Keter's ip-from-header alone: every peer believed, no hop a trusted proxy. */
    private static ClientPeer keterPeer(String address) {
        return ClientPeer.of(new InetSocketAddress(InetAddresses.forString(address), 40000), LOCAL, ip -> true,
                ip -> false);
    }

    private static InetAddress client(ClientPeer peer, String... headerLines) {
        HttpHeaders headers = new DefaultHttpHeaders();
        for (String line : headerLines) {
            int colon = line.indexOf(':');
            headers.add(line.substring(0, colon), line.substring(colon + 1).trim());
        }
        return ForwardingHeaders.client(peer, headers);
    }

    private static InetAddress ip(String text) {
        return InetAddresses.forString(text);
    }

    @Test
    void anIpv6ClientIsQuotedAndBracketedInForwarded() {
        HttpHeaders headers = new DefaultHttpHeaders();
        ForwardingHeaders.apply(headers, peer("2001:db8::1", false), "example.org", "http");
        assertThat(headers.get("Forwarded")).isEqualTo("for=\"[2001:db8::1]\";host=example.org;proto=http");
        assertThat(headers.get("X-Forwarded-For")).isEqualTo("2001:db8::1");
        assertThat(headers.get("X-Forwarded-Port")).isEqualTo("80");
    }

    @Test
    void aHostThatIsNoTokenIsQuotedWithItsQuotesEscaped() {
        assertThat(ForwardingHeaders.element(peer("192.0.2.1", false), "a\"b:81", "http"))
                .isEqualTo("for=192.0.2.1;host=\"a\\\"b:81\";proto=http");
    }

    @Test
    void withoutHostForwardedLeavesItOut() {
        HttpHeaders headers = new DefaultHttpHeaders().add("X-Forwarded-Host", "spoofed");
        ForwardingHeaders.apply(headers, peer("192.0.2.1", false), null, "http");
        assertThat(headers.get("Forwarded")).isEqualTo("for=192.0.2.1;proto=http");
        assertThat(headers.contains("X-Forwarded-Host")).isFalse();
    }

    @Test
    void repeatedForwardedForLinesFromATrustedProxyAreJoinedInOrder() {
        HttpHeaders headers = new DefaultHttpHeaders().add("X-Forwarded-For", "203.0.113.1").add("X-Forwarded-For", "10.0.0.1");
        ForwardingHeaders.apply(headers, peer("10.0.0.2", true), "example.org", "http");
        assertThat(headers.getAll("X-Forwarded-For")).containsExactly("203.0.113.1, 10.0.0.1, 10.0.0.2");
    }

    @Test
    void theClientAddressComesFromATrustedProxysHeaderOnly() {
        HttpHeaders headers = new DefaultHttpHeaders().add("X-Forwarded-For", "203.0.113.1, 10.0.0.1");
        assertThat(ForwardingHeaders.client(peer("10.0.0.2", true), headers)).isEqualTo(InetAddresses.forString("203.0.113.1"));
        assertThat(ForwardingHeaders.client(peer("10.0.0.2", false), headers)).isEqualTo(InetAddresses.forString("10.0.0.2"));
        assertThat(ForwardingHeaders.client(peer("10.0.0.2", true), new DefaultHttpHeaders().add("X-Forwarded-For", "junk")))
                .isEqualTo(InetAddresses.forString("10.0.0.2"));
    }

    @Test
    void aSpoofedLeftmostEntryBehindAnAppendingTrustedProxyIsNotTheClient() {
        // The client sent "X-Forwarded-For: 127.0.0.1"; the load balancer 10.0.0.2 appended what it saw.
        assertThat(client(behindTenSlashEight("10.0.0.2"), "X-Forwarded-For: 127.0.0.1, 203.0.113.9"))
                .isEqualTo(ip("203.0.113.9"));
    }

    @Test
    void trustedHopsAreSkippedFromTheRightAndAllTrustedMeansTheLeftmost() {
        assertThat(client(behindTenSlashEight("10.0.0.2"), "X-Forwarded-For: 198.51.100.1, 203.0.113.9, 10.0.0.7"))
                .isEqualTo(ip("203.0.113.9"));
        assertThat(client(behindTenSlashEight("10.0.0.2"), "X-Forwarded-For: 10.9.9.9, 10.0.0.7"))
                .isEqualTo(ip("10.9.9.9"));
        // Every header line counts, in order, not only the first.
        assertThat(client(behindTenSlashEight("10.0.0.2"), "X-Forwarded-For: 127.0.0.1", "X-Forwarded-For: 203.0.113.9"))
                .isEqualTo(ip("203.0.113.9"));
        // A peer outside the list is not believed at all.
        assertThat(client(behindTenSlashEight("192.0.2.50"), "X-Forwarded-For: 203.0.113.9")).isEqualTo(ip("192.0.2.50"));
    }

    @Test
    void withKetersIpFromHeaderAloneThePeerIsBelievedForTheHopItAppended() {
        assertThat(client(keterPeer("192.0.2.50"), "X-Forwarded-For: 127.0.0.1, 203.0.113.9")).isEqualTo(ip("203.0.113.9"));
        assertThat(client(keterPeer("192.0.2.50"), "X-Forwarded-For: 203.0.113.9")).isEqualTo(ip("203.0.113.9"));
    }

    @Test
    void aHopThatIsNoAddressStopsTheWalk() {
        assertThat(client(behindTenSlashEight("10.0.0.2"), "X-Forwarded-For: 203.0.113.9, unknown, 10.0.0.7"))
                .isEqualTo(ip("10.0.0.7"));
        assertThat(client(behindTenSlashEight("10.0.0.2"), "X-Forwarded-For: 203.0.113.9, junk")).isEqualTo(ip("10.0.0.2"));
    }

    @Test
    void addressesWithPortsAreRead() {
        assertThat(client(behindTenSlashEight("10.0.0.2"), "X-Forwarded-For: 203.0.113.9:4711")).isEqualTo(ip("203.0.113.9"));
        assertThat(client(behindTenSlashEight("10.0.0.2"), "X-Forwarded-For: [2001:db8::7]:4711")).isEqualTo(ip("2001:db8::7"));
        assertThat(client(behindTenSlashEight("10.0.0.2"), "X-Forwarded-For: 2001:db8::7")).isEqualTo(ip("2001:db8::7"));
    }

    @Test
    void withoutForwardedForTheForwardedHeaderThenXRealIpTellTheChain() {
        assertThat(client(behindTenSlashEight("10.0.0.2"),
                "Forwarded: for=127.0.0.1;proto=https, for=\"[2001:db8::7]:4711\";host=\"a,b\", For=10.0.0.3"))
                .isEqualTo(ip("2001:db8::7"));
        assertThat(client(behindTenSlashEight("10.0.0.2"), "Forwarded: for=203.0.113.9, proto=http"))
                .isEqualTo(ip("10.0.0.2"));
        assertThat(client(behindTenSlashEight("10.0.0.2"), "X-Real-IP: 203.0.113.9")).isEqualTo(ip("203.0.113.9"));
        // X-Forwarded-For comes first when both are sent.
        assertThat(client(behindTenSlashEight("10.0.0.2"), "X-Forwarded-For: 203.0.113.9", "X-Real-IP: 127.0.0.1"))
                .isEqualTo(ip("203.0.113.9"));
    }

    @Test
    void xRealIpSentOnIsTheClientBerthBelievesNotTheOneThatCameIn() {
        HttpHeaders headers = new DefaultHttpHeaders().add("X-Forwarded-For", "127.0.0.1, 203.0.113.9")
                .add("X-Real-IP", "127.0.0.1");
        ForwardingHeaders.apply(headers, behindTenSlashEight("10.0.0.2"), "example.org", "http");
        assertThat(headers.getAll("X-Real-IP")).containsExactly("203.0.113.9");
        assertThat(headers.get("X-Forwarded-For")).isEqualTo("127.0.0.1, 203.0.113.9, 10.0.0.2");
    }
}
