package io.flotilla.controllers.fluxconfig;

import static org.assertj.core.api.Assertions.assertThat;

import io.flotilla.api.flux.meta.Condition;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ComplianceTest {
  private static List<Condition> ready(String status, String reason) {
    return List.of(new Condition("Ready", status, 1L, "2026-01-01T00:00:00Z", reason, "m"));
  }

  @ParameterizedTest(name = "Ready={0}/{1} at generation {2}, observed {3} -> {4}")
  @CsvSource({
    "True,ReconciliationSucceeded,1,1,Compliant",
    "True,ReconciliationSucceeded,2,1,Pending",
    "False,DependencyNotReady,1,1,Pending",
    "Unknown,Progressing,1,1,Pending",
    "False,GitOperationFailed,1,1,Non-Compliant",
    "False,HealthCheckFailed,1,1,Non-Compliant"
  })
  void objectStateFollowsItsReadyCondition(
      String status, String reason, long gen, long observed, String expected) {
    assertThat(Compliance.ofObject(false, gen, observed, ready(status, reason)))
        .isEqualTo(expected);
  }

  @Test
  void anObjectWithoutConditionsIsUnknownAndASuspendedOneSuspended() {
    assertThat(Compliance.ofObject(false, 1L, null, List.of())).isEqualTo("Unknown");
    assertThat(Compliance.ofObject(true, 1L, 1L, ready("False", "Failed"))).isEqualTo("Suspended");
  }

  @Test
  void theConfigurationTakesTheWorstStateOfItsObjects() {
    assertThat(Compliance.aggregate(false, List.of("Compliant", "Compliant")))
        .isEqualTo("Compliant");
    assertThat(Compliance.aggregate(false, List.of("Compliant", "Pending"))).isEqualTo("Pending");
    assertThat(Compliance.aggregate(false, List.of("Pending", "Non-Compliant")))
        .isEqualTo("Non-Compliant");
    assertThat(Compliance.aggregate(false, List.of("Compliant", "Unknown"))).isEqualTo("Unknown");
    assertThat(Compliance.aggregate(false, List.of())).isEqualTo("Unknown");
    assertThat(Compliance.aggregate(true, List.of("Non-Compliant"))).isEqualTo("Suspended");
  }

  @ParameterizedTest
  @CsvSource({
    "main@sha1:0ba6f0d3,main/0ba6f0d3",
    "v1.0.0@sha1:abc,v1.0.0/abc",
    "sha1:abc,abc",
    "feature/x@sha1:abc,feature/x/abc"
  })
  void reportsTheSyncedCommitInTheApiForm(String revision, String expected) {
    assertThat(Compliance.syncedCommitId(revision)).isEqualTo(expected);
  }
}
