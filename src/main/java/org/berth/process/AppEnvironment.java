package org.berth.process;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * The complete environment of an app's process, built the way Keter builds it. Highest
 * precedence first:
 *
 * <ol>
 *   <li>the stanza's {@code env};</li>
 *   <li>{@code forward-env}: the named variables copied from berth's own environment;</li>
 *   <li>variables from plugins (PostgreSQL: {@code PGHOST} …);</li>
 *   <li>the global config's {@code env};</li>
 *   <li>{@code PORT} and every {@code port-env-vars} name = the assigned port, and
 *       {@code APPROOT}.</li>
 * </ol>
 *
 * Nothing else is inherited from berth, as in Keter — except that berth adds a default
 * {@code PATH} ({@link #DEFAULT_PATH}, lowest precedence, so any of the above may replace it),
 * because a process without one cannot find {@code sh}. And unlike Keter, no source may change
 * {@code PORT} (or a {@code port-env-vars} name): the app must listen where the proxy sends
 * traffic, so such a value is ignored with a warning.
 */
public final class AppEnvironment {
    /** The {@code PATH} apps get unless their environment sets one (the same as recipes get). */
    public static final String DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    private AppEnvironment() {
    }

    /**
     * @param port        the assigned port; empty for a background process, which gets no PORT
     * @param approot     {@code http(s)://<first host>[:external port]}; empty for a background process
     * @param warningsOut receives one sentence per ignored value or missing forwarded variable
     */
    public static Map<String, String> build(Map<String, String> stanzaEnv, List<String> forwardEnv,
                                            Map<String, String> daemonEnv, Map<String, String> pluginVars,
                                            Map<String, String> globalEnv, OptionalInt port,
                                            List<String> portEnvVars, Optional<String> approot,
                                            List<String> warningsOut) {
        Map<String, String> forwarded = forwarded(forwardEnv, daemonEnv, warningsOut);
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("PATH", DEFAULT_PATH);
        approot.ifPresent(value -> environment.put("APPROOT", value));
        // Lowest precedence first, so that each later source overrides the earlier ones.
        environment.putAll(globalEnv);
        environment.putAll(pluginVars);
        environment.putAll(forwarded);
        environment.putAll(stanzaEnv);
        if (port.isPresent()) {
            String assigned = Integer.toString(port.getAsInt());
            for (String name : portNames(portEnvVars)) {
                warnIfSet(name, assigned, "the stanza's env", stanzaEnv, warningsOut);
                warnIfSet(name, assigned, "forward-env", forwarded, warningsOut);
                warnIfSet(name, assigned, "a plugin", pluginVars, warningsOut);
                warnIfSet(name, assigned, "the global env", globalEnv, warningsOut);
                environment.put(name, assigned);
            }
        }
        return Collections.unmodifiableMap(environment);
    }

    private static Map<String, String> forwarded(List<String> names, Map<String, String> daemonEnv,
                                                 List<String> warningsOut) {
        Map<String, String> forwarded = new LinkedHashMap<>();
        for (String name : names) {
            String value = daemonEnv.get(name);
            if (value == null) {
                warningsOut.add("forward-env names " + name + ", which is not set in berth's environment: not passed on");
            } else {
                forwarded.put(name, value);
            }
        }
        return forwarded;
    }

    private static Set<String> portNames(List<String> portEnvVars) {
        Set<String> names = new LinkedHashSet<>();
        names.add("PORT");
        names.addAll(portEnvVars);
        return names;
    }

    private static void warnIfSet(String name, String assigned, String source, Map<String, String> values,
                                  List<String> warningsOut) {
        String value = values.get(name);
        if (value != null && !value.equals(assigned)) {
            warningsOut.add(name + "=" + value + " from " + source + " is ignored: berth sets " + name
                    + " to the port it assigned, " + assigned);
        }
    }
}
