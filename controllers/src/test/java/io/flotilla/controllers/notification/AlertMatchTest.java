package io.flotilla.controllers.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.fabric8.kubernetes.client.utils.Serialization;
import io.flotilla.api.flux.notification.Alert;
import io.flotilla.controllers.runtime.FluxEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class AlertMatchTest {
  private final List<String> refused = new ArrayList<>();

  private static Alert alert(String spec) {
    return Serialization.unmarshal(
        "apiVersion: notification.toolkit.fluxcd.io/v1beta3\nkind: Alert\nmetadata:\n"
            + "  name: a\n  namespace: apps\nspec:\n  providerRef:\n    name: p\n"
            + spec,
        Alert.class);
  }

  /**
   * An Alert with {@code spec} on every object of {@code kind}; {@code source} adds to that event
   * source.
   */
  private static Alert onEvery(String kind, String spec, String source) {
    return alert(spec + "  eventSources:\n  - kind: " + kind + "\n    name: '*'\n" + source);
  }

  private static FluxEvent event(String kind, String ns, String name, String severity, String msg) {
    return new FluxEvent(
        new FluxEvent.InvolvedObject(kind, ns, name, "u", "x/v1", null),
        severity,
        "t",
        msg,
        "R",
        Map.of("revision", "r1"),
        "c",
        "i");
  }

  private boolean matches(Alert a, FluxEvent e, boolean tenancy, Map<String, String> labels) {
    return AlertMatch.matches(a, e, tenancy, x -> labels, refused::add);
  }

  /** Whether {@code a} takes Kustomization apps/w's event, without multi-tenancy. */
  private boolean takes(Alert a, String severity, String message) {
    return matches(a, event("Kustomization", "apps", "w", severity, message), false, null);
  }

  /** Rows: an event's kind, namespace and name, and whether the Alert on apps' web takes it. */
  @ParameterizedTest(name = "{0} {1}/{2} taken: {3}")
  @CsvSource({
    "Kustomization, apps, web, true",
    "Kustomization, apps, api, false",
    "GitRepository, apps, web, false",
    "Kustomization, other, web, false",
  })
  void sourcesMatchByKindNameAndTheAlertsNamespace(
      String kind, String ns, String name, boolean taken) {
    Alert a = alert("  eventSources:\n  - kind: Kustomization\n    name: web\n");
    assertThat(matches(a, event(kind, ns, name, "info", "m"), false, null)).isEqualTo(taken);
  }

  @Test
  void aStarTakesEveryNameWithTheLabelsAsked() {
    Alert a = onEvery("HelmRelease", "", "    matchLabels:\n      team: pay\n");
    FluxEvent e = event("HelmRelease", "apps", "any", "info", "m");
    assertThat(matches(a, e, false, Map.of("team", "pay", "x", "y"))).isTrue();
    assertThat(matches(a, e, false, Map.of("team", "web"))).isFalse();
    assertThat(matches(a, e, false, null)).isFalse();
  }

  /** Rows: what more of an Alert's spec (on all Kustomizations) takes of which event. */
  static Stream<Arguments> filters() {
    String error = "  eventSeverity: error\n";
    String lists = "  inclusionList:\n  - '.*failed.*'\n  exclusionList:\n  - 'timeout'\n";
    return Stream.of(
        arguments("error severity", error, "info", "m", false),
        arguments("error severity", error, "error", "m", true),
        arguments("inclusion narrows", lists, "error", "build failed", true),
        arguments("inclusion narrows", lists, "error", "applied", false),
        arguments("exclusion wins", lists, "error", "failed: timeout", false),
        arguments("suspended", "  suspend: true\n", "info", "m", false));
  }

  @ParameterizedTest(name = "{0}: {1} ''{3}'' taken: {4}")
  @MethodSource("filters")
  void severityListsAndSuspendDecideWhatIsTaken(
      String title, String spec, String severity, String message, boolean taken) {
    Alert a = onEvery("Kustomization", spec, "");
    assertThat(takes(a, severity, message)).isEqualTo(taken);
  }

  @Test
  void listsAreGoRegexesAndOneThatBacktracksForEverIsStopped() {
    // Go's (?P<name>…) and POSIX classes, which Java's own regex refuses or misreads.
    Alert go =
        onEvery("Kustomization", "  inclusionList:\n  - '(?P<what>[[:alpha:]]+) failed'\n", "");
    assertThat(takes(go, "error", "build failed")).isTrue();
    assertThat(takes(go, "error", "42 failed")).isFalse();
    Alert slow = onEvery("Kustomization", "  inclusionList:\n  - '(.*,){11}x'\n", "");
    assertThat(takes(slow, "error", ",".repeat(60))).isFalse();
    assertThat(refused)
        .singleElement()
        .asString()
        .startsWith("Alert 'apps/a': regexp `(.*,){11}x` was stopped on a 60-character text");
  }

  @Test
  void otherNamespacesAreRefusedUnderMultiTenancy() {
    Alert a = onEvery("Kustomization", "", "    namespace: flux-system\n");
    FluxEvent e = event("Kustomization", "flux-system", "w", "info", "m");
    assertThat(matches(a, e, false, null)).isTrue();
    assertThat(matches(a, e, true, null)).isFalse();
    assertThat(refused)
        .containsExactly(
            "Alert 'apps/a': can't access 'Kustomization/flux-system/*', cross-namespace references have been blocked");
  }

  @Test
  void eventMetadataAndSummaryNeverOverrideTheEmitters() {
    Alert a =
        onEvery(
            "Kustomization",
            "  summary: prod cluster\n  eventMetadata:\n    env: prod\n    revision: not-this\n",
            "");
    FluxEvent e = AlertMatch.enrich(a, event("Kustomization", "apps", "w", "info", "m"));
    assertThat(e.metadata())
        .containsExactlyEntriesOf(
            new java.util.TreeMap<>(
                Map.of("env", "prod", "revision", "r1", "summary", "prod cluster")));
  }
}
