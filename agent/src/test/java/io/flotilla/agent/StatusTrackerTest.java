package io.flotilla.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.flotilla.api.agent.ConfigurationStatus;
import io.flotilla.api.fluxconfig.FluxConfig;
import io.flotilla.api.fluxconfig.FluxConfigStatus;
import java.util.List;
import org.junit.jupiter.api.Test;

class StatusTrackerTest {
  private static FluxConfig config(String name, long version, String compliance) {
    FluxConfig c = new FluxConfig();
    c.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace("ns").build());
    c.setStatus(
        new FluxConfigStatus(
            1L,
            version,
            List.of(),
            "Succeeded",
            compliance,
            List.of(),
            "main/abc",
            null,
            "t",
            null,
            ""));
    return c;
  }

  @Test
  void reportsAStatusOnceUntilItChanges() {
    StatusTracker tracker = new StatusTracker();
    tracker.observe(config("a", 1, "Pending"), null);
    List<ConfigurationStatus> first = tracker.drain();
    assertThat(first).extracting(ConfigurationStatus::complianceState).containsExactly("Pending");
    tracker.acknowledge(first);
    tracker.observe(config("a", 1, "Pending"), null);
    assertThat(tracker.drain()).as("unchanged status is not re-sent").isEmpty();
    tracker.observe(config("a", 1, "Compliant"), null);
    assertThat(tracker.drain())
        .extracting(ConfigurationStatus::complianceState)
        .containsExactly("Compliant");
  }

  @Test
  void keepsOnlyTheNewestUnsentStatusWhileTheServiceIsAway() {
    StatusTracker tracker = new StatusTracker();
    tracker.observe(config("a", 1, "Pending"), null);
    tracker.observe(config("a", 2, "Compliant"), null);
    tracker.observe(config("b", 1, "Non-Compliant"), null);
    assertThat(tracker.drain())
        .extracting(s -> s.name() + ":" + s.appliedVersion() + ":" + s.complianceState())
        .containsExactly("a:2:Compliant", "b:1:Non-Compliant");
  }

  @Test
  void aConfigurationTheControllerHasNotSeenYetIsNotReported() {
    StatusTracker tracker = new StatusTracker();
    FluxConfig fresh = config("a", 1, "Pending");
    fresh.setStatus(null);
    tracker.observe(fresh, null);
    assertThat(tracker.drain()).isEmpty();
  }

  @Test
  void confirmsDeletions() {
    StatusTracker tracker = new StatusTracker();
    tracker.deleted("gone");
    assertThat(tracker.drain()).singleElement().satisfies(s -> assertThat(s.deleted()).isTrue());
  }
}
