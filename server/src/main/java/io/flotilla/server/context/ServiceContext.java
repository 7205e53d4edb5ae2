package io.flotilla.server.context;

import io.flotilla.server.security.ProtectedSettingsCipher;
import io.flotilla.server.signals.DesiredStateSignals;
import java.time.Clock;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.HandleConsumer;
import org.jdbi.v3.core.Jdbi;

/**
 * What every service that changes a cluster's desired state works with, made once at start: the
 * database, the clock (millisecond ticks), the cipher that seals protected settings, and the
 * signals that wake the cluster's long-poll after a change. The services run their work through
 * {@link #inTransaction} and {@link #withHandle}; {@link #jdbi()} is for the helpers they hand it
 * to.
 *
 * <p>Its own package because {@code cluster}, {@code fluxconfig}, {@code extension}, {@code
 * assignment}, {@code rollout} and {@code agent} all take it, and none of them may be imported
 * back.
 */
public record ServiceContext(
    Jdbi jdbi, Clock clock, ProtectedSettingsCipher cipher, DesiredStateSignals signals) {

  public <R, X extends Exception> R inTransaction(HandleCallback<R, X> work) throws X {
    return jdbi.inTransaction(work);
  }

  public <X extends Exception> void useTransaction(HandleConsumer<X> work) throws X {
    jdbi.useTransaction(work);
  }

  public <R, X extends Exception> R withHandle(HandleCallback<R, X> work) throws X {
    return jdbi.withHandle(work);
  }

  public <X extends Exception> void useHandle(HandleConsumer<X> work) throws X {
    jdbi.useHandle(work);
  }
}
