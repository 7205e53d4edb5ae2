package io.flotilla.kustomize.postbuild;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Flux's postBuild variables, with the strict mode on (the default) and off. */
class SubstitutionTest {
  private static final String DOC =
      "data:\n  region: ${region}\n  zone: ${zone:=a}\n  env: ${env}\n";

  @Test
  void strictModeFailsOnAnUnsetVariableNamingIt() {
    assertThatThrownBy(() -> Substitution.apply(DOC, Map.of("env", "prod")))
        .isInstanceOf(Substitution.SubstitutionException.class)
        .hasMessage("variable not set (strict mode): \"region\"");
  }

  @Test
  void withStrictModeOffAnUnsetVariableIsEmptyAndDefaultsStillApply() throws Exception {
    assertThat(Substitution.apply(DOC, Map.of("env", "prod"), false))
        .isEqualTo("data:\n  region: \n  zone: a\n  env: prod\n");
  }

  @Test
  void anEscapedExpressionStaysLiteralInBothModes() throws Exception {
    assertThat(Substitution.apply("v: $${region}\n", Map.of("x", "y"), false))
        .isEqualTo("v: ${region}\n");
    assertThat(Substitution.apply("v: $${region}\n", Map.of("x", "y"), true))
        .isEqualTo("v: ${region}\n");
  }
}
