package io.flotilla.server.context;

import io.flotilla.server.security.ProtectedSettingsCipher;
import io.flotilla.server.signals.DesiredStateSignals;
import java.time.Clock;
import org.jdbi.v3.core.Jdbi;

/**
 * What every service that changes a cluster's desired state works with, made once at start: the
 * database, the clock (millisecond ticks), the cipher that seals protected settings, and the
 * signals that wake the cluster's long-poll after a change.
 *
 * <p>Its own package because {@code cluster}, {@code fluxconfig}, {@code extension}, {@code
 * assignment}, {@code rollout} and {@code agent} all take it, and none of them may be imported
 * back.
 */
public record ServiceContext(
    Jdbi jdbi, Clock clock, ProtectedSettingsCipher cipher, DesiredStateSignals signals) {}
