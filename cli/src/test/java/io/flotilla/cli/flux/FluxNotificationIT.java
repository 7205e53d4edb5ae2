package io.flotilla.cli.flux;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code flotilla flux create alert-provider|alert|receiver}: the objects applied to the embedded
 * API with flux's messages, and flux's refusals ({@code --export} YAML: {@link FluxCreateIT}).
 */
class FluxNotificationIT extends FluxClusterIT {

  @Test
  void createAppliesProviderAlertAndReceiver() {
    cluster.namespace("alerts");
    var provider =
        flux(
            "create alert-provider hook -n alerts --type=generic --address=https://example.org/hook");
    assertThat(provider.err())
        .isEqualTo(
            creating(
                "Provider",
                """
            ✔ Provider hook is ready
            """));
    assertThat(provider.exitCode()).isZero();
    assertThat(spec(FluxKind.ALERT_PROVIDER, "alerts", "hook"))
        .containsEntry("type", "generic")
        .containsEntry("address", "https://example.org/hook");

    var alert =
        flux("create alert all -n alerts --provider-ref=hook --event-source=Kustomization/*");
    assertThat(alert.err()).endsWith("✔ Alert all is ready\n");
    assertThat(spec(FluxKind.ALERT, "alerts", "all"))
        .containsEntry("eventSources", List.of(Map.of("kind", "Kustomization", "name", "*")));

    try (var controller = receiverController("alerts")) {
      var receiver =
          flux(
              "create receiver gh -n alerts --type=github --secret-ref=token"
                  + " --resource=GitRepository/webapp");
      assertThat(receiver.err())
          .isEqualTo(
              creating(
                  "Receiver",
                  """
              ✔ Receiver gh is ready
              ✔ generated webhook URL /hook/0123abcd
              """));
      assertThat(receiver.exitCode()).isZero();
    }
    // flux get all lists the notification kinds after the Kustomizations, as flux's does
    var all = cluster.run("flux", "get", "all", "-n", "alerts");
    assertThat(all.out()).contains("receiver/gh", "provider/hook", "alert/all");
    assertThat(all.out().indexOf("receiver/gh")).isLessThan(all.out().indexOf("provider/hook"));
    assertThat(all.out().indexOf("provider/hook")).isLessThan(all.out().indexOf("alert/all"));
  }

  @Test
  void theNotificationKindsTakeFluxsOtherVerbs() {
    cluster.namespace("verbs");
    cluster.create(
        """
        apiVersion: notification.toolkit.fluxcd.io/v1beta3
        kind: Provider
        metadata: {name: hook, namespace: verbs}
        spec: {type: generic, address: "https://example.org/hook"}
        """);
    cluster.create(
        """
        apiVersion: notification.toolkit.fluxcd.io/v1beta3
        kind: Alert
        metadata: {name: all, namespace: verbs}
        spec:
          providerRef: {name: hook}
          eventSources: [{kind: Kustomization, name: '*'}]
        """);
    var exported = cluster.run("flux", "export", "alert", "all", "-n", "verbs");
    assertThat(exported.out())
        .isEqualTo(
            """
            ---
            apiVersion: notification.toolkit.fluxcd.io/v1beta3
            kind: Alert
            metadata:
              name: all
              namespace: verbs
            spec:
              eventSeverity: info
              eventSources:
              - kind: Kustomization
                name: '*'
              providerRef:
                name: hook
            """);

    var suspended = cluster.run("flux", "suspend", "alert", "all", "-n", "verbs");
    assertThat(suspended.err())
        .isEqualTo(
            """
            ► suspending alert all in verbs namespace
            ✔ alert suspended
            """);
    assertThat(spec(FluxKind.ALERT, "verbs", "all")).containsEntry("suspend", true);
    var resumed = cluster.run("flux", "resume", "alert", "all", "-n", "verbs");
    assertThat(resumed.err())
        .isEqualTo(
            """
            ► resuming alert all in verbs namespace
            ✔ alert resumed
            ◎ waiting for Alert reconciliation
            ✔ Alert all reconciliation completed
            ✔ Alert reconciliation completed
            """);
    assertThat(spec(FluxKind.ALERT, "verbs", "all")).doesNotContainKey("suspend");

    cluster.create(
        """
        apiVersion: notification.toolkit.fluxcd.io/v1
        kind: Receiver
        metadata: {name: gh, namespace: verbs}
        spec:
          type: github
          secretRef: {name: token}
          resources: [{kind: GitRepository, name: webapp}]
        """);
    try (var controller = receiverController("verbs")) {
      var reconciled = cluster.run("flux", "reconcile", "receiver", "gh", "-n", "verbs");
      assertThat(reconciled.err())
          .isEqualTo(
              """
              ► annotating Receiver gh in verbs namespace
              ✔ Receiver annotated
              ◎ waiting for Receiver reconciliation
              ✔ Receiver reconciliation completed
              """);
      assertThat(reconciled.exitCode()).isZero();
    }

    assertThat(cluster.run("flux", "get", "alert-providers", "-n", "verbs").out())
        .isEqualTo(
            "NAME\tREADY\tMESSAGE" + " ".repeat(10) + " \n" + "hook\tTrue \tProvider is Ready\t\n");
    assertThat(cluster.run("flux", "get", "alerts", "-n", "verbs").out())
        .isEqualTo(
            "NAME\tSUSPENDED\tREADY\tMESSAGE"
                + " ".repeat(7)
                + " \n"
                + "all \tFalse    \tTrue \tAlert is Ready\t\n");
    assertThat(cluster.run("flux", "get", "receivers", "-n", "verbs").out())
        .startsWith("NAME\tSUSPENDED\tREADY\tMESSAGE")
        .contains("gh  \tFalse    \tTrue \tReceiver initialized for path: /hook/0123abcd\t\n");

    var deleted =
        cluster.run("flux", "delete", "alert-provider", "hook", "-n", "verbs", "--silent");
    assertThat(deleted.err())
        .isEqualTo(
            """
            ► deleting alert-provider hook in verbs namespace
            ✔ alert-provider deleted
            """);
    assertThat(cluster.get(FluxKind.ALERT_PROVIDER, "verbs", "hook")).isNull();
    assertThat(cluster.run("flux", "suspend", "alert-provider", "x", "-n", "verbs").exitCode())
        .as("flux has no suspend alert-provider")
        .isNotZero();
  }

  @Test
  void badInputIsRefusedWithFluxsWordsAndNothingIsWritten() {
    cluster.namespace("refusals");
    assertThat(cluster.run("flux", "create", "alert-provider", "pp", "-n", "refusals").err())
        .contains("Provider type is required");
    assertThat(cluster.run("flux", "create", "alert", "aa", "-n", "refusals").err())
        .contains("provider ref is required");
    var noKind = flux("create alert aa -n refusals --provider-ref=pp --event-source=x");
    assertThat(noKind.err()).contains("invalid event source 'x', must be in format <kind>/<name>");
    assertThat(noKind.exitCode()).isEqualTo(1);
    assertThat(
            cluster
                .run("flux", "create", "alert", "aa", "-n", "refusals", "--provider-ref=pp")
                .err())
        .contains("at least one event source is required");
    assertThat(
            cluster
                .run("flux", "create", "receiver", "rr", "-n", "refusals", "--type=github")
                .err())
        .contains("secret ref is required");
    assertThat(
            cluster
                .run(
                    "flux",
                    "create",
                    "receiver",
                    "rr",
                    "-n",
                    "refusals",
                    "--type=github",
                    "--secret-ref=t")
                .err())
        .contains("atleast one resource is required");
    assertThat(cluster.get(FluxKind.ALERT_PROVIDER, "refusals", "pp")).isNull();
    assertThat(cluster.get(FluxKind.ALERT, "refusals", "aa")).isNull();
    assertThat(cluster.get(FluxKind.RECEIVER, "refusals", "rr")).isNull();
  }

  /** A stand-in notification-controller that readies every Receiver in {@code ns}. */
  private static FakeController receiverController(String ns) {
    return FakeController.start(
        cluster,
        FluxKind.RECEIVER,
        ns,
        r ->
            "webhookPath: /hook/0123abcd\n"
                + ready("Receiver initialized for path: /hook/0123abcd"));
  }
}
