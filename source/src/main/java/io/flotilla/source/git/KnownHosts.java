package io.flotilla.source.git;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import org.apache.sshd.client.config.hosts.KnownHostEntry;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntryResolver;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.sshd.ServerKeyDatabase;

/**
 * The server keys an SSH fetch trusts: exactly the secret's {@code known_hosts} lines, never the
 * user's {@code ~/.ssh/known_hosts} and never trust-on-first-use. Remembers why it refused a key,
 * so the error can name the host instead of JGit's generic "did not validate".
 */
final class KnownHosts implements ServerKeyDatabase {
  private final List<KnownHostEntry> entries;
  private volatile String rejection;

  private KnownHosts(List<KnownHostEntry> entries) {
    this.entries = entries;
  }

  /** Parses {@code known_hosts} text; unparseable lines are an error naming the line. */
  static KnownHosts parse(byte[] knownHosts) throws IOException {
    List<KnownHostEntry> out = new ArrayList<>();
    try (BufferedReader r =
        new BufferedReader(
            new InputStreamReader(new ByteArrayInputStream(knownHosts), StandardCharsets.UTF_8))) {
      String line;
      int n = 0;
      while ((line = r.readLine()) != null) {
        n++;
        String t = line.strip();
        if (t.isEmpty() || t.startsWith("#")) {
          continue;
        }
        KnownHostEntry e;
        try {
          e = KnownHostEntry.parseKnownHostEntry(t);
        } catch (RuntimeException ex) {
          e = null;
        }
        if (e == null || e.getKeyEntry() == null) {
          throw new IOException("invalid known_hosts line " + n);
        }
        out.add(e);
      }
    }
    if (out.isEmpty()) {
      throw new IOException("known_hosts has no entries");
    }
    return new KnownHosts(out);
  }

  /** Why the last key was refused, e.g. {@code knownhosts: key mismatch …}; null if none was. */
  String rejection() {
    return rejection;
  }

  @Override
  public List<PublicKey> lookup(
      String connectAddress, InetSocketAddress remoteAddress, Configuration config) {
    List<PublicKey> keys = new ArrayList<>();
    for (KnownHostEntry e : matching(connectAddress, remoteAddress)) {
      PublicKey k = resolve(e);
      if (k != null) {
        keys.add(k);
      }
    }
    return keys;
  }

  @Override
  public boolean accept(
      String connectAddress,
      InetSocketAddress remoteAddress,
      PublicKey serverKey,
      Configuration config,
      CredentialsProvider provider) {
    List<KnownHostEntry> candidates = matching(connectAddress, remoteAddress);
    for (KnownHostEntry e : candidates) {
      if (KeyUtils.compareKeys(serverKey, resolve(e))) {
        return true;
      }
    }
    String host = display(connectAddress, remoteAddress);
    String presented = KeyUtils.getKeyType(serverKey) + " " + KeyUtils.getFingerPrint(serverKey);
    rejection =
        candidates.isEmpty()
            ? "knownhosts: key is unknown: host '%s' is not in known_hosts (it presented %s)"
                .formatted(host, presented)
            : "knownhosts: key mismatch: host '%s' presented %s, which is not the key in known_hosts"
                .formatted(host, presented);
    return false;
  }

  private List<KnownHostEntry> matching(String connectAddress, InetSocketAddress remote) {
    HostPort hp = HostPort.of(connectAddress, remote);
    List<KnownHostEntry> out = new ArrayList<>();
    for (KnownHostEntry e : entries) {
      if (e.getMarker() != null && !e.getMarker().isEmpty()) {
        continue; // @revoked / @cert-authority are not supported: never trust through them
      }
      if (e.isHostMatch(hp.host(), hp.port())
          || (remote != null
              && remote.getAddress() != null
              && e.isHostMatch(remote.getAddress().getHostAddress(), hp.port()))) {
        out.add(e);
      }
    }
    return out;
  }

  private static PublicKey resolve(KnownHostEntry e) {
    try {
      return e.getKeyEntry().resolvePublicKey(null, PublicKeyEntryResolver.IGNORING);
    } catch (IOException | java.security.GeneralSecurityException | RuntimeException ex) {
      return null;
    }
  }

  private static String display(String connectAddress, InetSocketAddress remote) {
    HostPort hp = HostPort.of(connectAddress, remote);
    return hp.port() == 22 ? hp.host() : "[" + hp.host() + "]:" + hp.port();
  }

  /** JGit passes {@code host} or {@code [host]:port} as the connect address. */
  private record HostPort(String host, int port) {
    static HostPort of(String connectAddress, InetSocketAddress remote) {
      int port = remote == null ? 22 : remote.getPort();
      String a = connectAddress == null ? "" : connectAddress;
      if (a.startsWith("[")) {
        int close = a.indexOf(']');
        if (close > 0) {
          String host = a.substring(1, close);
          if (a.length() > close + 2 && a.charAt(close + 1) == ':') {
            try {
              port = Integer.parseInt(a.substring(close + 2));
            } catch (NumberFormatException ignored) {
              // keep the socket's port
            }
          }
          return new HostPort(host, port);
        }
      }
      if (a.isEmpty() && remote != null) {
        a = remote.getHostString();
      }
      return new HostPort(a, port);
    }
  }
}
