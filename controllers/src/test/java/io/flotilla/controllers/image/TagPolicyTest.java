package io.flotilla.controllers.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flotilla.api.flux.image.ImagePolicySpec;
import io.flotilla.api.flux.image.ImagePolicySpec.Choice;
import io.flotilla.api.flux.image.ImagePolicySpec.Order;
import io.flotilla.api.flux.image.ImagePolicySpec.Ordered;
import io.flotilla.api.flux.image.ImagePolicySpec.SemVer;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** ImagePolicy's tag selection: Flux's semver, alphabetical and numerical policies and filters. */
class TagPolicyTest {
  static final List<String> TAGS =
      List.of("1.0.0", "1.2.0", "v1.10.1", "2.0.0-rc.1", "1.9.9", "latest", "sha-abc");

  static Optional<String> latest(Choice choice, List<String> tags) throws Exception {
    return TagPolicy.of(choice).latest(tags);
  }

  @Test
  void semverPicksTheHighestVersionInRangeIgnoringPrereleasesAndNonVersions() throws Exception {
    assertThat(latest(new Choice(new SemVer(">=1.0.0"), null, null), TAGS)).contains("v1.10.1");
    assertThat(latest(new Choice(new SemVer("~1.2"), null, null), TAGS)).contains("1.2.0");
    assertThat(latest(new Choice(new SemVer(">=2.0.0-0"), null, null), TAGS))
        .contains("2.0.0-rc.1");
    assertThat(latest(new Choice(new SemVer(">=3.0.0"), null, null), TAGS)).isEmpty();
  }

  @Test
  void alphabeticalAndNumericalOrders() throws Exception {
    List<String> letters = List.of("b", "a", "c");
    assertThat(latest(new Choice(null, new Ordered(null), null), letters)).contains("c");
    assertThat(latest(new Choice(null, new Ordered(Order.DESC), null), letters)).contains("a");
    List<String> numbers = List.of("9", "10", "2.5", "-1");
    assertThat(latest(new Choice(null, null, new Ordered(Order.ASC)), numbers)).contains("10");
    assertThat(latest(new Choice(null, null, new Ordered(Order.DESC)), numbers)).contains("-1");
  }

  @Test
  void numericalNamesTheTagItCannotReadAndHowToSkipIt() {
    assertThatThrownBy(() -> latest(new Choice(null, null, new Ordered(null)), List.of("1", "x1")))
        .isInstanceOf(TagPolicy.InvalidTag.class)
        .hasMessageContaining("failed to parse invalid numeric value 'x1'")
        .hasMessageContaining("spec.filterTags");
  }

  @Test
  void exactlyOnePolicyAndAValidRange() {
    assertThatThrownBy(() -> TagPolicy.of(new Choice(null, null, null)))
        .hasMessageContaining("set exactly one of spec.policy.semver, alphabetical or numerical");
    assertThatThrownBy(() -> TagPolicy.of(new Choice(new SemVer("not a range"), null, null)))
        .hasMessageContaining("spec.policy.semver.range 'not a range'");
  }

  @Test
  void filterKeepsMatchingTagsAndComparesTheExtractedPart() throws Exception {
    List<String> tags = List.of("main-100-abc", "main-99-def", "dev-300-x", "main-7-y");
    Map<String, String> kept =
        TagFilter.of(new ImagePolicySpec.TagFilter("^main-(?<ts>[0-9]+)-", "$ts")).apply(tags);
    assertThat(kept).containsOnlyKeys("100", "99", "7");
    String best =
        TagPolicy.of(new Choice(null, null, new Ordered(null))).latest(kept.keySet()).get();
    assertThat(kept.get(best)).isEqualTo("main-100-abc");
    assertThat(
            TagFilter.of(new ImagePolicySpec.TagFilter("^v(\\d+)\\.(\\d+)", "${1}.$2-x"))
                .apply(List.of("v1.2")))
        .containsEntry("1.2-x", "v1.2");
    assertThatThrownBy(() -> TagFilter.of(new ImagePolicySpec.TagFilter("([", null)))
        .hasMessage(
            "invalid policy: failed to filter tags: invalid regular expression pattern '([':"
                + " error parsing regexp: missing closing ]: `[`");
  }

  @Test
  void filterReadsTheExampleOfFluxsDocumentation() throws Exception {
    // Flux documents filterTags with a Go named group, (?P<ts>…), which Java's regex refuses.
    List<String> tags =
        List.of("main-abc1234-1700000001", "main-def5678-1700000300", "feature-1-1700000999");
    Map<String, String> kept =
        TagFilter.of(new ImagePolicySpec.TagFilter("^main-[a-fA-F0-9]+-(?P<ts>.*)", "$ts"))
            .apply(tags);
    assertThat(kept).containsOnlyKeys("1700000001", "1700000300");
    String best =
        TagPolicy.of(new Choice(null, new Ordered(null), null)).latest(kept.keySet()).get();
    assertThat(kept.get(best)).isEqualTo("main-def5678-1700000300");
  }

  @Test
  void scanKeepsTheTenGreatestTagsAndDropsSignatures() throws Exception {
    List<String> tags = new java.util.ArrayList<>();
    for (int i = 0; i < 15; i++) tags.add("1." + i + ".0");
    tags.add("sha256-abc.sig");
    List<String> kept =
        TagScan.of(io.flotilla.api.flux.image.ImageRepositorySpec.DEFAULT_EXCLUSION_LIST)
            .filter(tags);
    assertThat(kept).hasSize(15).doesNotContain("sha256-abc.sig");
    assertThat(TagScan.latest(kept))
        .containsExactly(
            "1.9.0", "1.8.0", "1.7.0", "1.6.0", "1.5.0", "1.4.0", "1.3.0", "1.2.0", "1.14.0",
            "1.13.0");
    assertThat(TagScan.revision(List.of("a", "b"))).isEqualTo(TagScan.revision(List.of("b", "a")));
  }

  @Test
  void imageNamesAsAContainerRuntimeReadsThem() {
    assertThat(ImageReference.parse("alpine").canonical())
        .isEqualTo("index.docker.io/library/alpine");
    assertThat(ImageReference.parse("org/app").canonical()).isEqualTo("index.docker.io/org/app");
    assertThat(ImageReference.parse("127.0.0.1:5000/team/app").registry())
        .isEqualTo("127.0.0.1:5000");
    assertThat(ImageReference.parse("myacr.azurecr.io/app").repository()).isEqualTo("app");
    assertThatThrownBy(() -> ImageReference.parse("https://ghcr.io/app"))
        .hasMessageContaining("should not start with URL scheme; remove 'https://'");
    assertThatThrownBy(() -> ImageReference.parse("ghcr.io/app:v1"))
        .hasMessageContaining("should not contain a tag; remove ':v1'");
  }
}
