package io.flotilla.api.arm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The copies of a configuration's properties change exactly the fields they name. */
class FluxConfigurationPropertiesTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Every field set, so that a copy that drops or swaps one shows in the JSON. */
  private static final String FULL =
      """
      {"scope":"cluster","namespace":"ns","sourceKind":"GitRepository","suspend":true,
       "gitRepository":{"url":"https://example.com/repo"},"bucket":{"url":"https://b"},
       "azureBlob":{"url":"https://a"},"ociRepository":{"url":"oci://o"},
       "kustomizations":{"k":{"path":"./app"}},"configurationProtectedSettings":{"key":"c2VjcmV0"},
       "statuses":[{"name":"k","kind":"Kustomization"}],"repositoryPublicKey":"pk",
       "sourceSyncedCommitId":"main@sha1:abc","sourceUpdatedAt":"t1","statusUpdatedAt":"t2",
       "waitForReconciliation":true,"reconciliationWaitDuration":"PT5M",
       "complianceState":"Compliant","provisioningState":"Succeeded","errorMessage":"none",
       "dependsOn":["base"]}
      """;

  private static final String[] STATUS = {
    "statuses",
    "repositoryPublicKey",
    "sourceSyncedCommitId",
    "sourceUpdatedAt",
    "statusUpdatedAt",
    "complianceState",
    "provisioningState",
    "errorMessage"
  };

  @Test
  void withProtectedSettingsChangesOnlyThem() throws Exception {
    ObjectNode expected = full();
    expected.putObject("configurationProtectedSettings").put("other", "eA==");
    assertThat(tree(properties().withProtectedSettings(Map.of("other", "eA=="))))
        .isEqualTo(expected);
  }

  @Test
  void withStatusOfTakesTheReadOnlyFieldsAndKeepsTheDeclaredOnes() throws Exception {
    FluxConfigurationProperties declared =
        FluxConfigurationProperties.of(
            b -> {
              b.scope = "namespace";
              b.namespace = "other";
            });
    ObjectNode expected = tree(declared);
    ObjectNode full = full();
    for (String f : STATUS) {
      expected.set(f, full.get(f));
    }
    assertThat(tree(declared.withStatusOf(properties()))).isEqualTo(expected);
  }

  @Test
  void desiredOnlyDropsStatusAndProtectedSettings() throws Exception {
    ObjectNode expected = full();
    expected.remove("configurationProtectedSettings");
    for (String f : STATUS) {
      expected.remove(f);
    }
    assertThat(tree(properties().desiredOnly())).isEqualTo(expected);
  }

  @Test
  void withABuilderEditChangesOnlyWhatItSets() throws Exception {
    ObjectNode expected = full();
    expected.put("suspend", false).put("errorMessage", "changed");
    assertThat(
            tree(
                properties()
                    .with(
                        b -> {
                          b.suspend = false;
                          b.errorMessage = "changed";
                        })))
        .isEqualTo(expected);
  }

  private static FluxConfigurationProperties properties() throws Exception {
    return JSON.readValue(FULL, FluxConfigurationProperties.class);
  }

  private static ObjectNode full() throws Exception {
    ObjectNode full = (ObjectNode) JSON.readTree(FULL);
    assertThat(tree(properties())).as("the fixture round-trips").isEqualTo(full);
    return full;
  }

  private static ObjectNode tree(FluxConfigurationProperties p) {
    return JSON.valueToTree(p);
  }
}
