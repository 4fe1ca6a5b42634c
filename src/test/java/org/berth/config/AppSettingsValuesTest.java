package org.berth.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.net.InetAddresses;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The small values inside AppSettings: bind hosts, port ranges, CIDR blocks, and who is trusted. */
class AppSettingsValuesTest {

    @Test
    void bindHostKinds() {
        assertThat(BindHost.parse("*").kind()).isEqualTo(BindHost.Kind.ANY);
        assertThat(BindHost.parse("*4").kind()).isEqualTo(BindHost.Kind.ANY_PREFER_IPV4);
        assertThat(BindHost.parse("*6").kind()).isEqualTo(BindHost.Kind.ANY_PREFER_IPV6);
        assertThat(BindHost.parse("!4").kind()).isEqualTo(BindHost.Kind.IPV4_ONLY);
        assertThat(BindHost.parse("!6").kind()).isEqualTo(BindHost.Kind.IPV6_ONLY);
        for (String named : List.of("127.0.0.1", "::1", "0.0.0.0", "localhost", "www.example.org", "host-1.example.")) {
            assertThat(BindHost.parse(named)).isEqualTo(new BindHost(BindHost.Kind.ADDRESS_OR_NAME, named));
        }
        for (String bad : List.of("", "**", "!5", "1.2.3.999", "-a.example.org", "a b", "[::1]", "http://x")) {
            assertThatThrownBy(() -> BindHost.parse(bad)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("expected \"*\", \"*4\"");
        }
    }

    @Test
    void portRanges() {
        PortRange range = PortRange.parse(" 2000 - 2001 ");
        assertThat(range).isEqualTo(new PortRange(2000, 2001));
        assertThat(range.size()).isEqualTo(2);
        assertThat(range.contains(2000)).isTrue();
        assertThat(range.contains(2002)).isFalse();
        assertThat(PortRange.KETER_DEFAULT.toString()).isEqualTo("43124-44320");
        for (String bad : List.of("2000-2000", "1023-2000", "60000-65536", "2000", "a-b", "99999-100000")) {
            assertThatThrownBy(() -> PortRange.parse(bad)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("expected a range of ports like 43124-44320");
        }
    }

    @Test
    void cidrBlocksContainTheirAddressesOnly() {
        CidrBlock ten = CidrBlock.parse("10.0.0.0/8");
        assertThat(ten.contains(InetAddresses.forString("10.255.1.2"))).isTrue();
        assertThat(ten.contains(InetAddresses.forString("11.0.0.1"))).isFalse();
        assertThat(ten.contains(InetAddresses.forString("::ffff:10.1.1.1"))).isTrue();
        assertThat(ten.contains(InetAddresses.forString("fd00::1"))).isFalse();

        CidrBlock one = CidrBlock.parse("192.168.1.7");
        assertThat(one.prefixLength()).isEqualTo(32);
        assertThat(one.contains(InetAddresses.forString("192.168.1.7"))).isTrue();
        assertThat(one.contains(InetAddresses.forString("192.168.1.8"))).isFalse();

        CidrBlock unique = CidrBlock.parse("fd00::/8");
        assertThat(unique.contains(InetAddresses.forString("fdab:1::2"))).isTrue();
        assertThat(unique.contains(InetAddresses.forString("fe80::1"))).isFalse();
        assertThat(unique.contains(InetAddresses.forString("10.0.0.1"))).isFalse();

        assertThat(CidrBlock.parse("0.0.0.0/0").contains(InetAddresses.forString("8.8.8.8"))).isTrue();
        assertThat(CidrBlock.parse("10.0.0.0/12").toString()).isEqualTo("10.0.0.0/12");
        assertThatThrownBy(() -> CidrBlock.parse("10.16.0.0/11"))
                .hasMessage("expected the network's first address, 10.0.0.0/11; found \"10.16.0.0/11\"");
        assertThatThrownBy(() -> CidrBlock.parse("10.0.0.0/x"))
                .hasMessage("expected a prefix length from 0 to 32 after the IPv4 address; found \"10.0.0.0/x\"");
    }

    @Test
    void forwardingHeadersAreTrustedAsKeterDoesUnlessAListNarrowsIt() {
        AppSettings keter = withForwarding(true, List.of());
        assertThat(keter.trustsForwardingFrom(InetAddresses.forString("203.0.113.9"))).isTrue();

        AppSettings off = withForwarding(false, List.of());
        assertThat(off.trustsForwardingFrom(InetAddresses.forString("127.0.0.1"))).isFalse();

        AppSettings listed = withForwarding(true, List.of(CidrBlock.parse("10.0.0.0/8")));
        assertThat(listed.trustsForwardingFrom(InetAddresses.forString("10.1.2.3"))).isTrue();
        assertThat(listed.trustsForwardingFrom(InetAddresses.forString("203.0.113.9"))).isFalse();
    }

    @Test
    void onlyAListMakesTheHopsOfAForwardingChainTrustedProxies() {
        // Keter's ip-from-header believes every peer, but names no proxy whose own reports are believed.
        assertThat(withForwarding(true, List.of()).isTrustedProxy(InetAddresses.forString("203.0.113.9"))).isFalse();
        AppSettings listed = withForwarding(false, List.of(CidrBlock.parse("10.0.0.0/8")));
        assertThat(listed.isTrustedProxy(InetAddresses.forString("10.1.2.3"))).isTrue();
        assertThat(listed.isTrustedProxy(InetAddresses.forString("203.0.113.9"))).isFalse();
    }

    @Test
    void listenerDescriptions() {
        TlsListenerSpec tls = new TlsListenerSpec(java.nio.file.Path.of("/c"), java.nio.file.Path.of("/k"), List.of(), false);
        assertThat(new ListenerSpec(BindHost.parse("!6"), 443, Optional.of(tls)).describe()).isEqualTo("!6:443 (TLS)");
        assertThat(ListenerSpec.DEFAULT.describe()).isEqualTo("*:80");
        assertThat(ListenerSpec.DEFAULT.secure()).isFalse();
    }

    private static AppSettings withForwarding(boolean ipFromHeader, List<CidrBlock> proxies) {
        AppSettings defaults = AppSettings.DEFAULTS;
        AppPolicy apps = defaults.apps();
        AppPolicy policy = new AppPolicy(apps.portRange(), apps.startTimeout(), apps.healthTimeout(), apps.drainTimeout(),
                apps.stopTimeout(), apps.bundleSizeLimit(), apps.bundleEntryLimit(), apps.keepReleases(),
                apps.rescanInterval(), proxies, apps.connectTimeout(), apps.idleTimeout());
        return new AppSettings(defaults.listeners(), defaults.setuid(), defaults.env(), ipFromHeader,
                defaults.externalHttpPort(), defaults.externalHttpsPort(), defaults.connectionTimeBound(),
                defaults.rotateLogs(), defaults.healthcheckPath(), defaults.responseFiles(), GlobalReverseProxies.NONE, policy, defaults.accessLog());
    }
}
