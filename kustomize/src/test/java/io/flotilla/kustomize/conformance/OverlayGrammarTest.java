package io.flotilla.kustomize.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flotilla.kustomize.conformance.OverlayGrammar.Feature;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class OverlayGrammarTest {
  @Test
  void theSameSeedGivesTheSameOverlay() {
    Set<Feature> all = EnumSet.allOf(Feature.class);
    assertThat(OverlayGrammar.generate(7, all)).isEqualTo(OverlayGrammar.generate(7, all));
    assertThat(OverlayGrammar.generate(7, all).files())
        .isNotEqualTo(OverlayGrammar.generate(8, all).files());
  }

  @Test
  void theDifferentialTestsSeedsExerciseEveryFeature() {
    Set<Feature> seen = EnumSet.noneOf(Feature.class);
    for (long seed = 4_2024L; seed < 4_2024L + 200; seed++) {
      seen.addAll(OverlayGrammar.generate(seed, EnumSet.allOf(Feature.class)).used());
    }
    assertThat(seen).containsExactlyInAnyOrderElementsOf(EnumSet.allOf(Feature.class));
  }

  @Test
  void onlyEnabledFeaturesAreUsed() {
    Set<Feature> enabled = EnumSet.of(Feature.RESOURCES, Feature.NAMESPACE);
    for (long seed = 0; seed < 30; seed++) {
      OverlayGrammar.Generated g = OverlayGrammar.generate(seed, enabled);
      assertThat(enabled).containsAll(g.used());
      assertThat(g.files().get("kustomization.yaml"))
          .doesNotContain("namePrefix", "patches", "configMapGenerator", "images");
    }
  }

  @Test
  void featureNamesAreTheFileKeys() {
    assertThat(Feature.of("patches-json6902")).isEqualTo(Feature.PATCHES_JSON6902);
    assertThatThrownBy(() -> Feature.of("helm"))
        .hasMessageContaining("unknown differential feature 'helm'")
        .hasMessageContaining("name-prefix");
  }

  @Test
  void quotedScalarsEscapeWhatYamlWouldReadDifferently() {
    assertThat(OverlayGrammar.quoted("say \"hi\"\n\tback\\slash"))
        .isEqualTo("\"say \\\"hi\\\"\\n\\tback\\\\slash\"");
  }
}
