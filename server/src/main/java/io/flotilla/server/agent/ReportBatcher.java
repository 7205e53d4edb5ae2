package io.flotilla.server.agent;

import io.flotilla.api.agent.ConfigurationStatus;
import io.flotilla.api.agent.ExtensionStatus;
import io.flotilla.server.store.GroupedTransactions;
import java.time.Instant;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Writes agents' status reports in groups ({@link GroupedTransactions}): reports that arrive
 * together share one transaction (one connection, one commit), so that 10,000 agents reconnecting
 * at once wait for a few dozen commits instead of queueing 10,000 transactions for a 16-connection
 * pool. A report is answered only after its group committed; a group that fails is written again
 * report by report, so one bad report fails alone.
 */
final class ReportBatcher implements AutoCloseable {
  /** Reports per transaction at most. */
  static final int MAX_GROUP = 250;

  /** Groups in flight: two keep a group's round trips overlapping the next one's. */
  static final int WRITERS = 2;

  record Report(
      String clusterId,
      List<ConfigurationStatus> statuses,
      List<ExtensionStatus> extensionStatuses,
      Instant at) {}

  /** Applies a group of reports inside its transaction; answers in the group's order. */
  @FunctionalInterface
  interface Applier {
    List<AgentService.Applied> apply(Handle h, List<Report> group);
  }

  private final GroupedTransactions<Report, AgentService.Applied> groups;

  ReportBatcher(Jdbi jdbi, Applier applier) {
    this.groups =
        new GroupedTransactions<>(
            jdbi,
            "status-writer",
            WRITERS,
            MAX_GROUP,
            (h, group) -> inClusterOrder(h, group, applier));
  }

  /**
   * By cluster (stable: one cluster's reports keep their order), so that two groups lock rows in
   * the same order.
   */
  private static List<AgentService.Applied> inClusterOrder(
      Handle h, List<Report> group, Applier applier) {
    Integer[] order = new Integer[group.size()];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Arrays.sort(order, Comparator.comparing(i -> group.get(i).clusterId()));
    List<Report> sorted = Arrays.stream(order).map(group::get).toList();
    List<AgentService.Applied> applied = applier.apply(h, sorted);
    AgentService.Applied[] out = new AgentService.Applied[order.length];
    for (int i = 0; i < order.length; i++) {
      out[order[i]] = applied.get(i);
    }
    return Arrays.asList(out);
  }

  /** Queues the report and waits until it is committed; rethrows what writing it threw. */
  AgentService.Applied submit(Report report) {
    return groups.submit(report);
  }

  /** Waits until queued reports are written. */
  @Override
  public void close() {
    groups.close();
  }
}
