package io.flotilla.controllers.image;

import static org.assertj.core.api.Assertions.assertThat;

import io.flotilla.api.flux.image.ImageRepositorySpec.AccessFrom;
import io.flotilla.api.flux.image.ImageRepositorySpec.NamespaceSelector;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** accessFrom's namespace selectors, as Flux's ACL matches them on the namespace's labels. */
class RepositoryAclTest {
  static final Map<String, String> LABELS = Map.of("team", "a", "env", "prod");

  @SafeVarargs
  static AccessFrom selecting(Map<String, String>... selectors) {
    return new AccessFrom(Arrays.stream(selectors).map(NamespaceSelector::new).toList());
  }

  @Test
  void aSelectorAdmitsANamespaceThatCarriesAllItsLabels() {
    assertThat(RepositoryAcl.admits(selecting(Map.of("team", "a")), LABELS)).isTrue();
    assertThat(RepositoryAcl.admits(selecting(Map.of("team", "a", "env", "prod")), LABELS))
        .isTrue();
    assertThat(RepositoryAcl.admits(selecting(Map.of("team", "a", "env", "dev")), LABELS))
        .isFalse();
    assertThat(RepositoryAcl.admits(selecting(Map.of("team", "b")), LABELS)).isFalse();
    assertThat(RepositoryAcl.admits(selecting(Map.of("team", "a")), Map.of())).isFalse();
  }

  @Test
  void anySelectorMayAdmitAndAnEmptyOneAdmitsEveryNamespace() {
    assertThat(RepositoryAcl.admits(selecting(Map.of("team", "b"), Map.of("env", "prod")), LABELS))
        .isTrue();
    assertThat(RepositoryAcl.admits(selecting(Map.of()), Map.of())).isTrue();
    assertThat(
            RepositoryAcl.admits(
                new AccessFrom(Arrays.asList(new NamespaceSelector(null))), Map.of()))
        .isTrue();
  }

  @Test
  void noSelectorsAdmitNoOne() {
    assertThat(RepositoryAcl.admits(new AccessFrom(List.of()), LABELS)).isFalse();
    assertThat(RepositoryAcl.admits(new AccessFrom(null), LABELS)).isFalse();
  }
}
