package org.berth.site;

import java.util.Optional;

/**
 * A caller's request to act on a site, before anything is checked.
 *
 * @param rawSite  the name as given (URL segment, command-line argument), not yet validated
 * @param context  Alkane's context (the HTTP body, or --context), passed as ALKANE_SITE_CONTEXT
 * @param artifact Alkane's optional ARTIFACT argument, passed as BERTH_ARTIFACT
 * @param trigger  cli, http or webhook
 * @param caller   who asked: a user name, or an address with the token or webhook name
 */
public record SiteActionRequest(String rawSite, SiteAction action, Optional<String> context, Optional<String> artifact,
                                Trigger trigger, String caller) {

    public long contextSize() {
        return context.map(text -> (long) text.getBytes(java.nio.charset.StandardCharsets.UTF_8).length).orElse(0L);
    }
}
