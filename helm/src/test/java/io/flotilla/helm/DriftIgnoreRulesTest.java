package io.flotilla.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Which objects a HelmRelease's {@code driftDetection.ignore[].target} selects, as helm-controller
 * reads it: regular expressions for group, version, kind, name and namespace, the whole Kubernetes
 * label selector syntax for labels and annotations, and an error naming a rule it cannot read.
 */
class DriftIgnoreRulesTest {
  private static final GenericKubernetesResource WEB =
      new GenericKubernetesResourceBuilder()
          .withApiVersion("apps/v1")
          .withKind("Deployment")
          .withNewMetadata()
          .withName("web")
          .withNamespace("shop")
          .withLabels(Map.of("app", "web", "tier", "front"))
          .withAnnotations(Map.of("team", "blue"))
          .endMetadata()
          .build();

  private static List<String> ignored(DriftOptions.Selector target) throws ReleaseException {
    return DriftDetector.ignored(
        WEB,
        new DriftOptions(List.of(new DriftOptions.IgnoreRule(List.of("/spec/replicas"), target))));
  }

  private static DriftOptions.Selector labels(String labelSelector, String annotationSelector) {
    return new DriftOptions.Selector(
        null, null, null, null, null, labelSelector, annotationSelector);
  }

  @ParameterizedTest(name = "labels ''{0}'' annotations ''{1}'' → {2}")
  @CsvSource(
      delimiter = '|',
      nullValues = "-",
      value = {
        "app in (web, api)      | -                  | true",
        "app in (db)            | -                  | false",
        "tier notin (db),!canary | -                 | true",
        "tier notin (front)     | -                  | false",
        "app=web,tier==front    | -                  | true",
        "app!=web               | -                  | false",
        "-                      | team in (blue,red) | true",
        "-                      | team notin (blue)  | false",
        "app                    | team               | true",
      })
  void labelAndAnnotationSelectorsTakeKubernetesSyntax(
      String labelSelector, String annotationSelector, boolean selected) throws Exception {
    assertThat(ignored(labels(labelSelector, annotationSelector)))
        .isEqualTo(selected ? List.of("/spec/replicas") : List.of());
  }

  @Test
  void groupVersionKindNameAndNamespaceAreAnchoredRegularExpressions() throws Exception {
    assertThat(
            ignored(
                new DriftOptions.Selector(
                    "app.*", "v1", "Deploy.*", "w.b", "shop|web", null, null)))
        .containsExactly("/spec/replicas");
    assertThat(ignored(new DriftOptions.Selector(null, null, "Deploy", null, null, null, null)))
        .isEmpty();
    assertThat(ignored(new DriftOptions.Selector(null, null, null, null, "sho", null, null)))
        .isEmpty();
  }

  @Test
  void aRuleThatCannotBeReadIsAnErrorNamingItsField() {
    assertThatThrownBy(() -> ignored(labels("app in web", null)))
        .isInstanceOf(ReleaseException.class)
        .hasMessageStartingWith("drift detection ignore rule: invalid label selector: ")
        .hasMessageContaining("app in web");
    assertThatThrownBy(() -> ignored(labels(null, "team in blue")))
        .isInstanceOf(ReleaseException.class)
        .hasMessageStartingWith("drift detection ignore rule: invalid annotation selector: ");
    assertThatThrownBy(
            () -> ignored(new DriftOptions.Selector(null, null, "Deploy(", null, null, null, null)))
        .isInstanceOf(ReleaseException.class)
        .hasMessageStartingWith("drift detection ignore rule: invalid kind regex: ");
  }
}
