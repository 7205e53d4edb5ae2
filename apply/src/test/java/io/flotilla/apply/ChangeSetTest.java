package io.flotilla.apply;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ChangeSetTest {
  static final ObjectRef NS = new ObjectRef("", "v1", "Namespace", "", "apps");
  static final ObjectRef DEPLOY = new ObjectRef("apps", "v1", "Deployment", "apps", "podinfo");

  static ChangeSet namespaceUnchangedAndDeployment(Action deployment) {
    return new ChangeSet(
        List.of(new ChangeSetEntry(NS, Action.UNCHANGED), new ChangeSetEntry(DEPLOY, deployment)));
  }

  @Test
  void summaryIsOneLinePerObjectInFluxWording() {
    ChangeSet cs = namespaceUnchangedAndDeployment(Action.CONFIGURED);
    assertThat(cs.summary())
        .isEqualTo("Namespace/apps unchanged\nDeployment/apps/podinfo configured");
    assertThat(cs.changed()).isTrue();
    assertThat(cs.changes().summary()).isEqualTo("Deployment/apps/podinfo configured");
    assertThat(cs.refs()).containsExactly(NS, DEPLOY);
  }

  @Test
  void unchangedAndSkippedAreNotChanges() {
    ChangeSet cs = namespaceUnchangedAndDeployment(Action.SKIPPED);
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
