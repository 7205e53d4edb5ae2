package io.flotilla.api.flux.notification;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class NotificationKindsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void webhookPathIsFluxsDigestOfTokenNameAndNamespace() {
    // printf 'tokenreceivernamespace' | sha256sum
    assertThat(Receiver.webhookPath("token", "receiver", "namespace"))
        .isEqualTo("/hook/effaae060b8e5d24f197f523163785e723cc4aaf3ba32cbb3a72cf228cb6b257");
  }

  @Test
  void providerTypesReadAndWriteFluxsNames() throws Exception {
    ProviderSpec spec =
        JSON.readValue(
            "{\"type\":\"generic-hmac\",\"address\":\"http://x\",\"timeout\":\"5s\"}",
            ProviderSpec.class);
    assertThat(spec.type()).isEqualTo(ProviderType.GENERIC_HMAC);
    assertThat(spec.type().value()).isEqualTo("generic-hmac");
    assertThat(ProviderType.INCIDENTIO.value()).isEqualTo("incident.io");
    assertThat(JSON.writeValueAsString(spec)).contains("\"type\":\"generic-hmac\"");
  }

  @Test
  void alertSourcesReadKindsByName() throws Exception {
    AlertSpec spec =
        JSON.readValue(
            """
            {"providerRef":{"name":"hook"},"eventSeverity":"error",
             "eventSources":[{"kind":"Kustomization","name":"*","matchLabels":{"app":"x"}}]}
            """,
            AlertSpec.class);
    assertThat(spec.eventSeverity()).isEqualTo(AlertSpec.Severity.ERROR);
    assertThat(spec.eventSources().get(0).kind()).isEqualTo(FluxKind.Kustomization);
  }
}
