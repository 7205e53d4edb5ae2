package io.flotilla.controllers.image;

import io.flotilla.api.flux.image.ImagePolicySpec;
import io.flotilla.source.Semver;
import java.util.Collection;
import java.util.Optional;

/** How an ImagePolicy orders tags: {@code spec.policy}, exactly one of its three members. */
sealed interface TagPolicy {

  /** The latest of {@code tags} by this policy, empty when none qualifies. */
  Optional<String> latest(Collection<String> tags) throws InvalidTag;

  /** A short description for messages, e.g. {@code semver range '>=1.0'}. */
  String describe();

  record SemverRange(Semver.Range range) implements TagPolicy {
    @Override
    public Optional<String> latest(Collection<String> tags) {
      return Semver.best(range, tags);
    }

    @Override
    public String describe() {
      return "semver range '" + range.text() + "'";
    }
  }

  record Alphabetical(boolean ascending) implements TagPolicy {
    @Override
    public Optional<String> latest(Collection<String> tags) {
      // Go compares strings bytewise; String.compareTo agrees for every tag a registry accepts
      // (tags are ASCII: [A-Za-z0-9_][A-Za-z0-9_.-]{0,127})
      return ascending
          ? tags.stream().max(String::compareTo)
          : tags.stream().min(String::compareTo);
    }

    @Override
    public String describe() {
      return "alphabetical order " + (ascending ? "asc" : "desc");
    }
  }

  record Numerical(boolean ascending) implements TagPolicy {
    @Override
    public Optional<String> latest(Collection<String> tags) throws InvalidTag {
      String best = null;
      double bestValue = 0;
      for (String tag : tags) {
        double v;
        try {
          v = Double.parseDouble(tag);
        } catch (NumberFormatException e) {
          throw new InvalidTag(
              "failed to parse invalid numeric value '%s'; use spec.filterTags to select only numeric tags"
                  .formatted(tag));
        }
        if (best == null || (ascending ? v >= bestValue : v <= bestValue)) {
          best = tag;
          bestValue = v;
        }
      }
      return Optional.ofNullable(best);
    }

    @Override
    public String describe() {
      return "numerical order " + (ascending ? "asc" : "desc");
    }
  }

  /**
   * The policy of {@code spec.policy}.
   *
   * @throws IllegalArgumentException naming the field when none or several are set, or the range
   *     does not parse
   */
  static TagPolicy of(ImagePolicySpec.Choice choice) {
    if (choice == null) {
      throw new IllegalArgumentException(
          "invalid policy: spec.policy is empty; set one of semver, alphabetical or numerical");
    }
    int set =
        (choice.semver() != null ? 1 : 0)
            + (choice.alphabetical() != null ? 1 : 0)
            + (choice.numerical() != null ? 1 : 0);
    if (set != 1) {
      throw new IllegalArgumentException(
          "invalid policy: set exactly one of spec.policy.semver, alphabetical or numerical (found %d)"
              .formatted(set));
    }
    if (choice.semver() != null) {
      try {
        return new SemverRange(Semver.range(choice.semver().range()));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "invalid policy: spec.policy.semver.range '%s': %s"
                .formatted(choice.semver().range(), e.getMessage()));
      }
    }
    if (choice.alphabetical() != null) {
      return new Alphabetical(choice.alphabetical().order() != ImagePolicySpec.Order.DESC);
    }
    return new Numerical(choice.numerical().order() != ImagePolicySpec.Order.DESC);
  }

  /** A tag the policy cannot compare (a numerical policy over a non-numeric tag). */
  final class InvalidTag extends Exception {
    InvalidTag(String message) {
      super(message);
    }
  }
}
