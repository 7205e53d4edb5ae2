package io.flotilla.kustomize.conformance;

import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Where the conformance cases live: the source tree when run by Maven, else the classpath. */
final class Corpus {
  private static final Path SOURCE = Path.of("src/test/resources/conformance");

  private Corpus() {}

  static Path root() {
    if (Files.isDirectory(SOURCE)) {
      return SOURCE.toAbsolutePath();
    }
    URL url = Corpus.class.getClassLoader().getResource("conformance");
    if (url == null) {
      throw new IllegalStateException("conformance corpus not found (" + SOURCE + ")");
    }
    try {
      return Path.of(url.toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Case directories, sorted by name. */
  static List<Path> cases() throws IOException {
    try (Stream<Path> s = Files.list(root())) {
      return s.filter(Files::isDirectory).sorted().toList();
    }
  }
}
