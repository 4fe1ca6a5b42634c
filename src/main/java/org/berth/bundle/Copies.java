package org.berth.bundle;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Immutable copies that keep the order a config file gave (Map.copyOf would lose it). */
final class Copies {
    private Copies() {
    }

    static <K, V> Map<K, V> orderedMap(Map<K, V> map) {
        return Collections.unmodifiableMap(new LinkedHashMap<>(map));
    }

    static <T> List<T> list(List<T> list) {
        return List.copyOf(list);
    }
}
