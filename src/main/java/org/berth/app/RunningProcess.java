package org.berth.app;

import java.util.OptionalInt;
import org.berth.bundle.Stanza;
import org.berth.process.SupervisedProcess;

/** One process of a running release: its stanza (by index in the bundle), its port if a webapp, its supervisor. */
public record RunningProcess(int stanzaIndex, Stanza stanza, OptionalInt port, SupervisedProcess process) {
}
