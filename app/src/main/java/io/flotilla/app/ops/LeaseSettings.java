package io.flotilla.app.ops;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Leader election for one process kind: the Lease {@code namespace/name} this replica competes for
 * as {@code identity}, with controller-runtime's timings (lease 15 s, renew deadline 10 s, retry 2
 * s by default). {@code enabled} false: the process runs without electing, but refuses to start
 * beside a replica that holds the Lease.
 */
public record LeaseSettings(
    boolean enabled,
    String namespace,
    String name,
    String identity,
    Duration leaseDuration,
    Duration renewDeadline,
    Duration retryPeriod) {

  public LeaseSettings {
    if (enabled && !(leaseDuration.compareTo(renewDeadline) > 0)) {
      throw new IllegalArgumentException(
          "--leader-election-lease-duration ("
              + leaseDuration.toSeconds()
              + "s) must be longer than --leader-election-renew-deadline ("
              + renewDeadline.toSeconds()
              + "s)");
    }
    if (enabled && !(renewDeadline.compareTo(retryPeriod) > 0)) {
      throw new IllegalArgumentException(
          "--leader-election-renew-deadline must be longer than --leader-election-retry-period");
    }
  }

  /**
   * The Lease of a controller named {@code base} (Flux's {@code <controller>-leader-election}); a
   * shard ({@code selector} set) elects on a Lease of its own, named after its selector.
   */
  public static String leaseName(String base, String selector) {
    String id = base + "-leader-election";
    if (selector == null || selector.isBlank()) {
      return id;
    }
    // FNV-1a, 32 bits, of the selector: short, stable, and a valid name suffix
    int hash = 0x811c9dc5;
    for (byte b : selector.getBytes(StandardCharsets.UTF_8)) {
      hash ^= b & 0xff;
      hash *= 0x01000193;
    }
    return id + "-" + String.format("%08x", hash);
  }
}
