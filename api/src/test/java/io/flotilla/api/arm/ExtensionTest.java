package io.flotilla.api.arm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The k8s-extension request bodies as the CLI writes them: az's field order, absent fields left
 * out.
 */
class ExtensionTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void aCreateWithEveryPart() throws Exception {
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put("b", "2");
    settings.put("a", "1");
    var body =
        new Extension(
            Extension.Identity.SYSTEM_ASSIGNED,
            "westeurope",
            new Extension.Plan("p", "pub", "prod"),
            new Extension.Properties(
                "microsoft.flux",
                false,
                null,
                "1.2.3",
                new Extension.Scope(new Extension.ScopeCluster(null), null),
                settings,
                Map.of()));

    assertThat(JSON.writeValueAsString(body))
        .isEqualTo(
            "{\"identity\":{\"type\":\"SystemAssigned\"},\"location\":\"westeurope\","
                + "\"plan\":{\"name\":\"p\",\"publisher\":\"pub\",\"product\":\"prod\"},"
                + "\"properties\":{\"extensionType\":\"microsoft.flux\","
                + "\"autoUpgradeMinorVersion\":false,\"version\":\"1.2.3\","
                + "\"scope\":{\"cluster\":{}},\"configurationSettings\":{\"b\":\"2\",\"a\":\"1\"},"
                + "\"configurationProtectedSettings\":{}}}");
  }

  @Test
  void anUpdateCarriesOnlyTheChangedProperties() throws Exception {
    var patch =
        Extension.patch(
            new Extension.Properties(
                null,
                null,
                "preview",
                null,
                new Extension.Scope(null, new Extension.ScopeNamespace("apps")),
                null,
                null));

    assertThat(JSON.writeValueAsString(patch))
        .isEqualTo(
            "{\"properties\":{\"releaseTrain\":\"preview\","
                + "\"scope\":{\"namespace\":{\"targetNamespace\":\"apps\"}}}}");
  }
}
