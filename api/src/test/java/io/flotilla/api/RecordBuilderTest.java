package io.flotilla.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Copying a record with some fields changed, and the builders the copy refuses. */
class RecordBuilderTest {

  record Spec(String url, Integer retries, List<String> tags) {
    Spec {
      if (url == null || url.isBlank()) {
        throw new IllegalArgumentException("url is required");
      }
    }
  }

  static final class Builder extends RecordBuilder<Spec> {
    String url;
    Integer retries;
    List<String> tags;

    Builder(Spec s) {
      super(s);
    }
  }

  /** Misses {@code tags}. */
  static final class Missing extends RecordBuilder<Spec> {
    String url;
    Integer retries;

    Missing(Spec s) {
      super(s);
    }
  }

  /** Has a field {@code Spec} does not. */
  static final class Extra extends RecordBuilder<Spec> {
    String url;
    Integer retries;
    List<String> tags;
    String branch;

    Extra(Spec s) {
      super(s);
    }
  }

  /** {@code retries} is an {@code int}, not the component's {@code Integer}. */
  static final class WrongType extends RecordBuilder<Spec> {
    String url;
    int retries;
    List<String> tags;

    WrongType(Spec s) {
      super(s);
    }
  }

  private static final Spec SPEC = new Spec("https://example.com/repo", 3, List.of("a"));

  @Test
  void aCopyChangesOnlyTheFieldsTheEditSets() {
    Spec edited = RecordBuilder.edit(new Builder(SPEC), b -> b.retries = 5);

    assertThat(edited).isEqualTo(new Spec("https://example.com/repo", 5, List.of("a")));
    assertThat(SPEC.retries()).isEqualTo(3);
    assertThat(RecordBuilder.edit(new Builder(SPEC), b -> {})).isEqualTo(SPEC);
  }

  @Test
  void theRecordsOwnChecksStillRunAndTheirErrorReachesTheCaller() {
    assertThatThrownBy(() -> RecordBuilder.edit(new Builder(SPEC), b -> b.url = " "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("url is required");
  }

  @Test
  void aBuilderThatDoesNotMatchItsRecordFailsOnFirstUseNamingIt() {
    assertThatThrownBy(() -> new Missing(SPEC))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(Missing.class.getName())
        .hasMessageContaining("does not match");
    assertThatThrownBy(() -> new Extra(SPEC))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(Extra.class.getName())
        .hasMessageContaining("declares fields that");
    assertThatThrownBy(() -> new WrongType(SPEC))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("has a wrong")
        .hasMessageContaining("retries");
  }
}
