package org.berth.route;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class RouteTableTest {
    static Route route(String host, String app, int port) {
        return new Route(new HostPattern(host), app, 1, new RouteTarget.Backend("127.0.0.1", port));
    }

    @Test
    void wildcardMatchesExactlyOneLabelAtAnyLevel() {
        HostPattern star = new HostPattern("*.example.com");
        assertThat(star.matches("a.example.com")).isTrue();
        assertThat(star.matches("A.Example.COM")).isTrue();
        assertThat(star.matches("a.b.example.com")).isFalse();
        assertThat(star.matches("example.com")).isFalse();
        assertThat(star.matches(".example.com")).isFalse();
        HostPattern middle = new HostPattern("foo.*.example.com");
        assertThat(middle.matches("foo.bar.example.com")).isTrue();
        assertThat(middle.matches("foo.example.com")).isFalse();
    }

    @Test
    void explicitHostWinsOverWildcardAndPortIsIgnored() {
        RouteTable table = RouteTable.EMPTY
                .withApp("wild", List.of(route("*.example.com", "wild", 1000)))
                .withApp("www", List.of(route("www.example.com", "www", 2000)));
        assertThat(table.lookup("www.example.com").orElseThrow().app()).isEqualTo("www");
        assertThat(table.lookup("WWW.example.com:8080").orElseThrow().app()).isEqualTo("www");
        assertThat(table.lookup("blog.example.com").orElseThrow().app()).isEqualTo("wild");
        assertThat(table.lookup("example.com")).isEmpty();
        assertThat(table.lookup("")).isEmpty();
        assertThat(table.lookup(null)).isEmpty();
    }

    @Test
    void anExactEntryWithAPortWins() {
        RouteTable table = RouteTable.EMPTY.withApp("a", List.of(route("localhost:8080", "a", 1), route("localhost", "a", 2)));
        assertThat(((RouteTarget.Backend) table.lookup("localhost:8080").orElseThrow().target()).port()).isEqualTo(1);
        assertThat(((RouteTarget.Backend) table.lookup("localhost:9090").orElseThrow().target()).port()).isEqualTo(2);
    }

    @Test
    void replacingAnAppSwapsAllItsRoutesAndLeavesOthers() {
        RouteTable v1 = RouteTable.EMPTY
                .withApp("a", List.of(route("a.example.com", "a", 1), route("old.example.com", "a", 1)))
                .withApp("b", List.of(route("b.example.com", "b", 3)));
        RouteTable v2 = v1.withApp("a", List.of(route("a.example.com", "a", 2)));
        assertThat(((RouteTarget.Backend) v2.lookup("a.example.com").orElseThrow().target()).port()).isEqualTo(2);
        assertThat(v2.lookup("old.example.com")).isEmpty();
        assertThat(v2.lookup("b.example.com")).isPresent();
        // the old table is untouched: readers holding it see a consistent state
        assertThat(((RouteTarget.Backend) v1.lookup("a.example.com").orElseThrow().target()).port()).isEqualTo(1);
        assertThat(v2.withoutApp("a").routesOf("a")).isEmpty();
    }

    @Test
    void ownerOfFindsAnotherAppHoldingAHost() {
        RouteTable table = RouteTable.EMPTY.withApp("a", List.of(route("x.example.com", "a", 1)));
        assertThat(table.ownerOf(new HostPattern("X.example.com"), "b")).hasValue("a");
        assertThat(table.ownerOf(new HostPattern("x.example.com"), "a")).isEmpty();
    }

    @Test
    void routerSwapsAtomically() {
        Router router = new Router();
        router.update(table -> table.withApp("a", List.of(route("a.example.com", "a", 1))));
        assertThat(router.table().lookup("a.example.com")).isPresent();
    }
}
