package io.flotilla.testkit.arch;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The package cycles of a source tree, read from its {@code package} and {@code import} lines: each
 * cycle is a set of packages that all reach each other. A module's architecture test asserts there
 * are none, so that its packages can be read (and split off) one at a time. It lives in a module of
 * its own, with no dependencies, so that every module's tests can use it: kube's too, which testkit
 * depends on.
 */
public final class PackageCycles {
  private static final Pattern PACKAGE = Pattern.compile("(?m)^package ([\\w.]+);");
  private static final Pattern IMPORT =
      Pattern.compile("(?m)^import (?:static )?([\\w.]+)\\.[\\w*]+;");

  private PackageCycles() {}

  /** Every cycle among the packages under {@code sourceRoot}, each as its sorted package names. */
  public static List<Set<String>> in(Path sourceRoot) {
    Map<String, Set<String>> imports = imports(sourceRoot);
    Map<String, Set<String>> edges = new TreeMap<>();
    imports.forEach(
        (pkg, targets) -> {
          Set<String> to = new TreeSet<>();
          for (String t : targets) {
            String owner = owner(imports.keySet(), t);
            if (owner != null && !owner.equals(pkg)) {
              to.add(owner);
            }
          }
          edges.put(pkg, to);
        });
    return new Tarjan(edges).cycles();
  }

  /**
   * The packages under {@code sourceRoot}, so that a test can show it read the tree it meant to (a
   * wrong root has no cycles either).
   */
  public static Set<String> packages(Path sourceRoot) {
    return imports(sourceRoot).keySet();
  }

  /** Each package of the tree with every name its files import. */
  private static Map<String, Set<String>> imports(Path sourceRoot) {
    Map<String, Set<String>> imports = new TreeMap<>();
    try (Stream<Path> files = Files.walk(sourceRoot)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
        String source = Files.readString(file);
        Matcher p = PACKAGE.matcher(source);
        if (!p.find()) {
          continue;
        }
        Set<String> targets = imports.computeIfAbsent(p.group(1), k -> new TreeSet<>());
        for (Matcher i = IMPORT.matcher(source); i.find(); ) {
          targets.add(i.group(1));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return imports;
  }

  /** The longest package of the tree that {@code name} (a package or a nested class) is in. */
  private static String owner(Set<String> packages, String name) {
    for (String n = name; ; n = n.substring(0, n.lastIndexOf('.'))) {
      if (packages.contains(n)) {
        return n;
      }
      if (n.indexOf('.') < 0) {
        return null;
      }
    }
  }

  /** Strongly connected components with more than one package. */
  private static final class Tarjan {
    private final Map<String, Set<String>> edges;
    private final Map<String, Integer> index = new HashMap<>();
    private final Map<String, Integer> low = new HashMap<>();
    private final Deque<String> stack = new ArrayDeque<>();
    private final List<Set<String>> cycles = new ArrayList<>();

    Tarjan(Map<String, Set<String>> edges) {
      this.edges = edges;
    }

    List<Set<String>> cycles() {
      edges
          .keySet()
          .forEach(
              p -> {
                if (!index.containsKey(p)) {
                  visit(p);
                }
              });
      return cycles;
    }

    private void visit(String p) {
      index.put(p, index.size());
      low.put(p, index.get(p));
      stack.push(p);
      for (String q : edges.getOrDefault(p, Set.of())) {
        if (!index.containsKey(q)) {
          visit(q);
          low.put(p, Math.min(low.get(p), low.get(q)));
        } else if (stack.contains(q)) {
          low.put(p, Math.min(low.get(p), index.get(q)));
        }
      }
      if (low.get(p).equals(index.get(p))) {
        Set<String> component = new TreeSet<>();
        String q;
        do {
          q = stack.pop();
          component.add(q);
        } while (!q.equals(p));
        if (component.size() > 1) {
          cycles.add(component);
        }
      }
    }
  }
}
