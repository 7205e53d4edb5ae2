package io.flotilla.server;

import io.flotilla.server.agent.AgentService;
import io.flotilla.server.agent.ChangeFeed;
import io.flotilla.server.cluster.Connectivity;
import io.flotilla.server.fluxconfig.FluxConfigurationService;
import io.flotilla.server.store.ClusterRepository;
import io.flotilla.server.store.Database;
import io.flotilla.server.store.DatabaseTimeouts;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The service's periodic jobs: reading the change feed, writing batched last-seen times, and the
 * purge of old recorded deletes and delivered protected settings. Each logs its failure and runs
 * again next time; none stops the schedule.
 */
final class Housekeeping {
  // The service's own logger, so that log settings and readers keep matching these lines.
  private static final Logger LOG = LoggerFactory.getLogger(ConfigurationServer.class);

  private Housekeeping() {}

  static void refresh(ChangeFeed feed) {
    try {
      feed.poll();
    } catch (RuntimeException e) {
      LOG.debug("Reading the change feed failed; polls fall back to reading versions", e);
    }
  }

  static void flush(Connectivity connectivity, Database db) {
    try {
      connectivity.flush(db.jdbi());
    } catch (RuntimeException e) {
      var unavailable = DatabaseTimeouts.unavailable(e);
      if (unavailable.isPresent()) {
        LOG.warn(
            "Writing clusters' last-seen times failed ({}); they will be written next time",
            unavailable.get());
      } else {
        LOG.warn("Writing clusters' last-seen times failed; they will be written next time", e);
      }
    }
  }

  static void purge(FluxConfigurationService service, AgentService agents, Database db) {
    try {
      db.jdbi()
          .useHandle(
              h ->
                  new ClusterRepository()
                      .pruneDeletions(h, java.time.Instant.now().minus(Duration.ofDays(1))));
      agents.pruneRecordedDeletes();
      int n = service.purgeProtectedSettings(ConfigurationServer.PROTECTED_SETTINGS_TTL);
      if (n > 0) {
        agents.renderedStale(); // the purged settings must not be delivered from memory
        LOG.info(
            "Purged the protected settings of {} flux configuration(s) delivered over 48 h ago", n);
      }
    } catch (RuntimeException e) {
      LOG.warn("Protected-settings purge failed; it will run again", e);
    }
  }
}
