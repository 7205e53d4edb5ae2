package io.flotilla.controllers.image;

import io.flotilla.api.flux.image.ImagePolicySpec;
import io.flotilla.kustomize.GoRegexp;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code spec.filterTags}: keeps the tags {@code pattern} finds (anywhere in the tag, as Go's
 * regexp does) and compares each by {@code extract}, a template of {@code $1}, {@code ${1}}, {@code
 * $name} or {@code ${name}} expanded as Go's {@code Regexp.ExpandString} does.
 */
final class TagFilter {
  private static final Pattern REFERENCE =
      Pattern.compile("\\$(?:\\{([A-Za-z0-9_]+)\\}|([A-Za-z0-9_]+)|(\\$))");
  private final GoRegexp pattern;
  private final String extract;

  private TagFilter(GoRegexp pattern, String extract) {
    this.pattern = pattern;
    this.extract = extract;
  }

  /**
   * @throws IllegalArgumentException naming {@code spec.filterTags.pattern} when it does not
   *     compile
   */
  static TagFilter of(ImagePolicySpec.TagFilter spec) {
    String p = spec.pattern() == null ? "" : spec.pattern();
    try {
      return new TagFilter(GoRegexp.compile(p), spec.extract() == null ? "" : spec.extract());
    } catch (GoRegexp.SyntaxError e) {
      throw new IllegalArgumentException(
          "invalid policy: failed to filter tags: invalid regular expression pattern '%s': %s"
              .formatted(p, e.getMessage()));
    }
  }

  /** The value each kept tag is compared by, mapped to the tag itself (last one wins, as Flux). */
  Map<String, String> apply(Collection<String> tags) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String tag : tags) {
      Matcher m = pattern.matcher(tag);
      if (m.find()) {
        out.put(extract.isEmpty() ? tag : expand(m), tag);
      }
    }
    return out;
  }

  private String expand(Matcher m) {
    StringBuilder out = new StringBuilder();
    Matcher ref = REFERENCE.matcher(extract);
    int last = 0;
    while (ref.find()) {
      out.append(extract, last, ref.start());
      if (ref.group(3) != null) {
        out.append('$');
      } else {
        String name = ref.group(1) != null ? ref.group(1) : ref.group(2);
        out.append(group(m, name));
      }
      last = ref.end();
    }
    return out.append(extract.substring(last)).toString();
  }

  /** A group by number or name; an unknown or unmatched one is empty, as in Go. */
  private String group(Matcher m, String name) {
    String g = pattern.group(m, name);
    return g == null ? "" : g;
  }
}
