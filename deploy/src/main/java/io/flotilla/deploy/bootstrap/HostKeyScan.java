package io.flotilla.deploy.bootstrap;

import io.flotilla.deploy.install.InstallRefused;
import java.io.IOException;
import java.security.PublicKey;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.signature.BuiltinSignatures;

/**
 * The host key of an ssh Git server as a {@code known_hosts} line, as {@code flux bootstrap git}
 * scans it (trust on first use) for its own connection and for the {@code known_hosts} of the
 * {@code flux-system} Secret: one connection, the key the server offers for the first of {@code
 * algorithms} it has (all that the client knows when none are given), and the line in OpenSSH's
 * form — {@code host} on port 22, {@code [host]:port} otherwise.
 */
public final class HostKeyScan {
  private HostKeyScan() {}

  public static String knownHostsLine(
      String host, int port, List<String> algorithms, Duration timeout) {
    for (String a : algorithms) {
      BuiltinSignatures s = BuiltinSignatures.fromFactoryName(a);
      if (s == null || !s.isSupported()) {
        throw new InstallRefused(
            "invalid --ssh-hostkey-algos \""
                + a
                + "\": not a host key algorithm this client supports (for example ssh-ed25519,"
                + " ecdsa-sha2-nistp256, rsa-sha2-512, rsa-sha2-256)");
      }
    }
    AtomicReference<PublicKey> offered = new AtomicReference<>();
    SshClient client = SshClient.setUpDefaultClient();
    if (!algorithms.isEmpty()) {
      client.setSignatureFactoriesNames(algorithms);
    }
    // the key is what we came for: keep it and end the handshake there, never authenticating
    client.setServerKeyVerifier(
        (session, address, key) -> {
          offered.set(key);
          return false;
        });
    client.start();
    try (ClientSession session =
        client.connect("git", host, port).verify(timeout).getClientSession()) {
      session.waitFor(EnumSet.of(ClientSession.ClientSessionEvent.CLOSED), timeout);
    } catch (IOException | RuntimeException e) {
      if (offered.get() == null) {
        throw new InstallRefused(
            "failed to scan the host key of "
                + address(host, port)
                + ": "
                + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
      }
    } finally {
      client.stop();
    }
    if (offered.get() == null) {
      throw new InstallRefused(
          "failed to scan the host key of "
              + address(host, port)
              + ": the server offered none"
              + (algorithms.isEmpty() ? "" : " of " + String.join(", ", algorithms)));
    }
    return address(host, port) + " " + PublicKeyEntry.toString(offered.get());
  }

  private static String address(String host, int port) {
    return port == 22 || port <= 0 ? host : "[" + host + "]:" + port;
  }
}
