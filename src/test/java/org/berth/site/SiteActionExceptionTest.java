package org.berth.site;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SiteActionExceptionTest {

    @Test
    void usesAlkanesMessage() {
        SiteActionException e = new SiteActionException("init", "acme.tld", "Can't resolve site path");
        assertThat(e.getMessage()).isEqualTo("Can't run deployment action 'init' for site 'acme.tld': Can't resolve site path");
        assertThat(e.reason()).isEqualTo("Can't resolve site path");
    }

    @Test
    void escapesControlCharactersInTheName() {
        SiteActionException e = new SiteActionException("update", "a\nb\u001b[31mc\u007f", "bad");
        assertThat(e.getMessage()).isEqualTo("Can't run deployment action 'update' for site 'a\\x0ab\\x1b[31mc\\x7f': bad");
    }

    @Test
    void boundsTheLengthOfAHostileName() {
        SiteActionException e = new SiteActionException("init", "x".repeat(10_000), "too long");
        assertThat(e.getMessage()).isEqualTo("Can't run deployment action 'init' for site '" + "x".repeat(120) + "…': too long");
    }

    @Test
    void aNameOfExactly120CharactersIsNotMarkedAsCut() {
        String name = "y".repeat(120);
        SiteActionException e = new SiteActionException("init", name, "r");
        assertThat(e.getMessage()).isEqualTo("Can't run deployment action 'init' for site '" + name + "': r");
    }
}
