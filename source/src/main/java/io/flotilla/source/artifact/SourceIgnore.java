package io.flotilla.source.artifact;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Which files of a source tree stay out of its artifact, as in Flux's source-controller: the VCS
 * files ({@code .git/ .gitignore .gitmodules .gitattributes}) always; the default exclusions
 * (images and archives, CI configuration, {@code .sops.yaml}, {@code .flux.yaml}, {@code
 * .goreleaser.yml}) only when no other rules are given; otherwise the {@code .sourceignore} files
 * found in the tree plus {@code spec.ignore}, both in gitignore syntax. The last matching rule
 * wins, so {@code !pattern} re-includes.
 */
public final class SourceIgnore {
  static final String IGNORE_FILE = ".sourceignore";
  static final List<String> VCS = List.of(".git/", ".gitignore", ".gitmodules", ".gitattributes");
  static final List<String> DEFAULTS =
      List.of(
          // images and archives
          "*.jpg",
          "*.jpeg",
          "*.gif",
          "*.png",
          "*.wmv",
          "*.flv",
          "*.tar.gz",
          "*.zip",
          // CI
          ".github/",
          ".circleci/",
          ".travis.yml",
          ".gitlab-ci.yml",
          "appveyor.yml",
          ".drone.yml",
          "cloudbuild.yaml",
          "codeship-services.yml",
          "codeship-steps.yml",
          // extra
          "**/.goreleaser.yml",
          "**/.sops.yaml",
          "**/.flux.yaml");

  private final String spec;

  private SourceIgnore(String spec) {
    this.spec = spec;
  }

  /** No {@code spec.ignore}: the defaults apply unless the tree has {@code .sourceignore} files. */
  public static SourceIgnore defaults() {
    return new SourceIgnore(null);
  }

  /**
   * The object's {@code spec.ignore} (gitignore lines); null or blank means {@link #defaults()}.
   */
  public static SourceIgnore of(String specIgnore) {
    return new SourceIgnore(specIgnore == null || specIgnore.isBlank() ? null : specIgnore);
  }

  /** The compiled rules for one tree, reading its {@code .sourceignore} files. */
  Matcher forTree(Path root) throws IOException {
    List<IgnorePattern> user = new ArrayList<>();
    loadIgnoreFiles(root, new ArrayList<>(), user);
    if (spec != null) {
      user.addAll(parseLines(spec, List.of()));
    }
    List<IgnorePattern> rules =
        user.isEmpty() ? parseLines(String.join("\n", DEFAULTS), List.of()) : user;
    return new Matcher(parseLines(String.join("\n", VCS), List.of()), List.copyOf(rules));
  }

  private static void loadIgnoreFiles(Path dir, List<String> domain, List<IgnorePattern> out)
      throws IOException {
    Path file = dir.resolve(IGNORE_FILE);
    if (Files.isRegularFile(file, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      out.addAll(parseLines(Files.readString(file), domain));
    }
    List<Path> children;
    try (var s = Files.list(dir)) {
      children = s.sorted().toList();
    }
    for (Path child : children) {
      String name = child.getFileName().toString();
      if (!name.equals(".git")
          && Files.isDirectory(child, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
        List<String> sub = new ArrayList<>(domain);
        sub.add(name);
        loadIgnoreFiles(child, sub, out);
      }
    }
  }

  /**
   * A matcher for object keys such as {@code apps/web/deploy.yaml}, from gitignore-syntax texts (a
   * bucket's {@code .sourceignore}, then {@code spec.ignore}; null texts are skipped): a key is
   * excluded when one of its parent directories is, or when it matches itself.
   */
  public static java.util.function.Predicate<String> keyMatcher(String... texts) {
    List<IgnorePattern> patterns = new ArrayList<>();
    for (String text : texts) {
      if (text != null) {
        patterns.addAll(parseLines(text, List.of()));
      }
    }
    Matcher matcher = new Matcher(List.of(), patterns);
    return key -> {
      List<String> parts = List.of(key.split("/"));
      for (int i = 1; i < parts.size(); i++) {
        if (matcher.excluded(parts.subList(0, i), true)) {
          return true;
        }
      }
      return matcher.excluded(parts, false);
    };
  }

  static List<IgnorePattern> parseLines(String text, List<String> domain) {
    List<IgnorePattern> out = new ArrayList<>();
    for (String line : text.split("\n")) {
      IgnorePattern p = IgnorePattern.parse(line, domain);
      if (p != null) {
        out.add(p);
      }
    }
    return out;
  }

  /** Compiled rules; {@link #excluded} answers for one path relative to the tree root. */
  record Matcher(List<IgnorePattern> vcs, List<IgnorePattern> patterns) {
    boolean excluded(List<String> path, boolean isDir) {
      // Git metadata never ships, whatever a negation says (Flux lets "!" re-include it)
      for (IgnorePattern p : vcs) {
        if (p.match(path, isDir) == IgnorePattern.Result.EXCLUDE) {
          return true;
        }
      }
      for (int i = patterns.size() - 1; i >= 0; i--) {
        switch (patterns.get(i).match(path, isDir)) {
          case EXCLUDE -> {
            return true;
          }
          case INCLUDE -> {
            return false;
          }
          case NONE -> {}
        }
      }
      return false;
    }
  }
}
