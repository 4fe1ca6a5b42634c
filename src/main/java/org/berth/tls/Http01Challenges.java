package org.berth.tls;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * http-01 validations in progress (RFC 8555 §8.3): token to key authorization. The proxy's plain
 * listener answers {@code GET /.well-known/acme-challenge/TOKEN} on any host with the key authorization
 * as {@code text/plain}. Tokens are the CA's random base64url strings; anything else is not looked up.
 */
public final class Http01Challenges {
    /** The path prefix the CA requests. */
    public static final String PATH_PREFIX = "/.well-known/acme-challenge/";
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_-]{1,256}");

    private final Map<String, String> answers = new ConcurrentHashMap<>();

    public void put(String token, String keyAuthorization) {
        answers.put(token, keyAuthorization);
    }

    public void remove(String token) {
        answers.remove(token);
    }

    /** The key authorization for a token, while its validation is in progress. */
    public Optional<String> answer(String token) {
        if (token == null || !TOKEN.matcher(token).matches()) {
            return Optional.empty();
        }
        return Optional.ofNullable(answers.get(token));
    }
}
