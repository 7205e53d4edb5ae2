package io.flotilla.kube;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The sub-packages of kube import one way, so each can be read on its own. (testkit's PackageCycles
 * cannot be used here: testkit depends on kube.) An import of a package that imports back, directly
 * or through others, is reported as the pair and the classes that import.
 */
class PackageCyclesTest {
  private static final Pattern PACKAGE =
      Pattern.compile("(?m)^package (io\\.flotilla\\.kube[\\w.]*);");
  private static final Pattern IMPORT =
      Pattern.compile("(?m)^import (?:static )?(io\\.flotilla\\.kube(?:\\.[a-z]\\w*)*)\\.[A-Z]");

  @Test
  void noPackageImportsBackIntoOneThatImportsIt() throws IOException {
    Map<String, Set<String>> imports = new TreeMap<>();
    Map<String, Set<String>> importers = new TreeMap<>();
    try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
      for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
        String source = Files.readString(f);
        Matcher p = PACKAGE.matcher(source);
        if (!p.find()) {
          continue;
        }
        String from = p.group(1);
        imports.computeIfAbsent(from, k -> new TreeSet<>());
        for (Matcher i = IMPORT.matcher(source); i.find(); ) {
          if (!i.group(1).equals(from)) {
            imports.get(from).add(i.group(1));
            importers
                .computeIfAbsent(from + " -> " + i.group(1), k -> new TreeSet<>())
                .add(f.getFileName().toString());
          }
        }
      }
    }
    List<String> backEdges = new ArrayList<>();
    importers.forEach(
        (edge, classes) -> {
          String[] ends = edge.split(" -> ");
          if (reachable(imports, ends[1]).contains(ends[0])) {
            backEdges.add(edge + " " + classes);
          }
        });
    assertThat(imports).containsKeys("io.flotilla.kube.core", "io.flotilla.kube.http");
    assertThat(backEdges).isEmpty();
  }

  private static Set<String> reachable(Map<String, Set<String>> imports, String start) {
    Set<String> seen = new HashSet<>();
    Deque<String> todo = new ArrayDeque<>(List.of(start));
    while (!todo.isEmpty()) {
      for (String next : imports.getOrDefault(todo.pop(), Set.of())) {
        if (seen.add(next)) {
          todo.push(next);
        }
      }
    }
    return seen;
  }
}
