package io.flotilla.source.helm;

import java.time.Duration;
import javax.net.ssl.SSLContext;

/**
 * How to talk to a chart repository: basic auth (null for anonymous), TLS (null for the JVM's
 * trust), whether credentials go to other hosts too ({@code passCredentials}), the timeout.
 */
public record RepositoryOptions(
    String username,
    String password,
    SSLContext sslContext,
    boolean passCredentials,
    Duration timeout) {

  public static RepositoryOptions anonymous(Duration timeout) {
    return new RepositoryOptions(null, null, null, false, timeout);
  }

  boolean hasCredentials() {
    return username != null && !username.isEmpty() && password != null && !password.isEmpty();
  }

  @Override
  public String toString() {
    return "RepositoryOptions[username=%s, passCredentials=%s, timeout=%s]"
        .formatted(username, passCredentials, timeout);
  }
}
