package io.flotilla.source.git;

import io.flotilla.source.SourceException;
import java.time.Duration;
import org.eclipse.jgit.api.TransportCommand;

/**
 * The transport settings a fetch uses (basic/bearer auth, a CA bundle, ssh with only the given
 * identity and known_hosts), for commands that write to a repository: {@code flux bootstrap git}
 * clones and pushes with the credentials it then stores for the cluster's GitRepository.
 */
public final class GitTransport implements AutoCloseable {
  private final GitSession session;

  private GitTransport(GitSession session) {
    this.session = session;
  }

  /**
   * @throws SourceException when the credentials do not fit the URL (an ssh URL without identity or
   *     known_hosts, an unreadable CA)
   */
  public static GitTransport open(String url, GitCredentials credentials, Duration timeout)
      throws SourceException {
    return new GitTransport(GitSession.open(url, credentials, timeout));
  }

  /** Applies the settings to a clone, fetch, ls-remote or push. */
  public <T extends TransportCommand<?, ?>> T configure(T command) {
    return session.configure(command);
  }

  /** Runs a remote call with the https settings (CA bundle, client certificate) in force. */
  public <R> R call(java.util.concurrent.Callable<R> call) throws Exception {
    return session.call(call::call);
  }

  @Override
  public void close() {
    session.close();
  }
}
