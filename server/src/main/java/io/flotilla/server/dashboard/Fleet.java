package io.flotilla.server.dashboard;

import io.flotilla.api.arm.ClusterRef;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** The values the fleet overview shows. */
final class Fleet {
  private Fleet() {}

  /** Which clusters to show: all filters optional; {@code page} counts from 1. */
  record Filter(String q, Reach reach, String compliance, int page, int size) {
    static final int DEFAULT_SIZE = 50;
    static final int MAX_SIZE = 200;

    Filter {
      q = q == null ? "" : q.strip();
      compliance = compliance == null || compliance.isBlank() ? null : compliance;
      page = Math.max(1, page);
      size = size <= 0 ? DEFAULT_SIZE : Math.min(size, MAX_SIZE);
    }

    static Filter all() {
      return new Filter("", null, null, 1, DEFAULT_SIZE);
    }

    Filter withPage(int p) {
      return new Filter(q, reach, compliance, p, size);
    }
  }

  /** The connectivity filter. */
  enum Reach {
    ONLINE,
    OFFLINE
  }

  /** The flux extension of a cluster as the service knows it. */
  record Extension(String name, String provisioningState, String version) {}

  /**
   * One cluster. {@code counts} are configurations by compliance (all Unknown while the cluster is
   * offline, as the service renders them); {@code attention} names configurations not Compliant,
   * {@code matching} those whose name matched the search.
   */
  record Row(
      String id,
      ClusterRef ref,
      Instant lastSeen,
      boolean offline,
      Extension extension,
      Map<String, Integer> counts,
      List<String> attention,
      List<String> matching) {}

  record Page(List<Row> rows, long total, Filter filter, Instant now) {
    int pages() {
      return (int) Math.max(1, (total + filter.size() - 1) / filter.size());
    }
  }
}
