package io.flotilla.apply;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ChangeSetTest {
  static final ObjectRef NS = new ObjectRef("", "v1", "Namespace", "", "apps");
  static final ObjectRef DEPLOY = new ObjectRef("apps", "v1", "Deployment", "apps", "podinfo");

  @Test
  void summaryIsOneLinePerObjectInFluxWording() {
    ChangeSet cs =
        new ChangeSet(
            List.of(
                new ChangeSetEntry(NS, Action.UNCHANGED),
                new ChangeSetEntry(DEPLOY, Action.CONFIGURED)));
    assertThat(cs.summary())
        .isEqualTo("Namespace/apps unchanged\nDeployment/apps/podinfo configured");
    assertThat(cs.changed()).isTrue();
    assertThat(cs.changes().summary()).isEqualTo("Deployment/apps/podinfo configured");
    assertThat(cs.refs()).containsExactly(NS, DEPLOY);
  }

  @Test
  void unchangedAndSkippedAreNotChanges() {
    ChangeSet cs =
        new ChangeSet(
            List.of(
                new ChangeSetEntry(NS, Action.UNCHANGED),
                new ChangeSetEntry(DEPLOY, Action.SKIPPED)));
    assertThat(cs.changed()).isFalse();
    assertThat(ChangeSet.empty().summary()).isEmpty();
  }

  @Test
  void actionsPrintLowercase() {
    assertThat(Action.CREATED).hasToString("created");
    assertThat(Action.DELETED.changed()).isTrue();
    assertThat(Action.UNKNOWN.changed()).isFalse();
  }
}
