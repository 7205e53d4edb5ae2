package io.flotilla.controllers.notification;

import static io.flotilla.controllers.RunningControllers.CONVERGE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.flotilla.api.agent.FluxExtension;
import io.flotilla.controllers.ExtensionSettingsWriter;
import io.flotilla.controllers.GitSources;
import io.flotilla.controllers.RunningControllers;
import io.flotilla.testkit.http.FakeEndpoint;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The {@code microsoft.flux} extension's {@code notification-controller.enabled} stops and starts
 * notification-controller in process: no deliveries and no receiver endpoint while disabled.
 */
class NotificationSettingsIT {

  @RegisterExtension
  static final RunningControllers cluster = RunningControllers.withNotificationReceiver();

  @AutoClose static FakeEndpoint hook;

  @BeforeAll
  static void start() throws Exception {
    hook = new FakeEndpoint();
    cluster.namespace(FluxExtension.NAMESPACE);
  }

  /** A GitRepository that cannot fetch, in a new namespace, with an Alert on its errors. */
  static String failingSource() {
    String ns = cluster.newNamespace("s");
    cluster.create(
        "apiVersion: notification.toolkit.fluxcd.io/v1beta3\nkind: Provider\n"
            + "metadata:\n  name: p\n  namespace: "
            + ns
            + "\nspec:\n  type: generic\n  address: "
            + hook.url()
            + "\n");
    cluster.create(
        "apiVersion: notification.toolkit.fluxcd.io/v1beta3\nkind: Alert\n"
            + "metadata:\n  name: a\n  namespace: "
            + ns
            + "\nspec:\n  providerRef:\n    name: p\n"
            + "  eventSeverity: error\n  eventSources:\n  - kind: GitRepository\n    name: '*'\n");
    cluster
        .client()
        .resource(GitSources.onMain(ns, "gone", "http://127.0.0.1:1/gone.git", "1h"))
        .create();
    return ns;
  }

  /** Sets notification-controller.enabled; returns the applied settings once they settle. */
  private static String settleEnabled(String enabled) throws Exception {
    return ExtensionSettingsWriter.settleApplied(
        cluster.client(), Map.of("notification-controller.enabled", enabled), CONVERGE);
  }

  @Test
  void disabledMeansNoDeliveriesAndNoReceiverThenEnabledAgain() throws Exception {
    assertThat(cluster.controllers().receiverBaseUrl()).isNotNull();
    assertThat(settleEnabled("false")).contains("notification-controller: disabled");
    assertThat(cluster.controllers().receiverBaseUrl()).isNull();
    String quiet = failingSource();
    await()
        .atMost(CONVERGE)
        .until(
            () ->
                cluster.client().v1().events().inNamespace(quiet).list().getItems().stream()
                    .anyMatch(e -> "GitRepository".equals(e.getInvolvedObject().getKind())));
    assertThat(hook.poll(Duration.ofSeconds(2))).as("nothing delivered while disabled").isNull();

    assertThat(settleEnabled("true")).contains("notification-controller: running");
    assertThat(cluster.controllers().receiverBaseUrl()).isNotNull();
    String loud = failingSource();
    // the first source keeps failing too: take the first delivery about the new one
    FakeEndpoint.Request r = hook.next(CONVERGE);
    while (!r.body().contains("\"namespace\":\"" + loud + "\"")) {
      r = hook.next(CONVERGE);
    }
    assertThat(r.body())
        .contains("\"namespace\":\"" + loud + "\"")
        .contains("\"severity\":\"error\"")
        .contains("\"reportingController\":\"source-controller\"");
  }
}
