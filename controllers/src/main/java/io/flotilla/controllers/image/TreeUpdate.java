package io.flotilla.controllers.image;

import io.flotilla.api.flux.image.ImageRef;
import io.flotilla.controllers.runtime.ReconcileException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The Setters strategy over {@code spec.update.path} of a clone: every {@code .yaml}/{@code .yml}
 * file with a marker (not under {@code .git}, links not followed) is rewritten in memory first;
 * only when every marker of every file could be resolved is anything written.
 */
final class TreeUpdate {
  private TreeUpdate() {}

  /** The new text and changes of each changed file, by its path under the update path. */
  record Changed(Path base, Map<String, Setters.Result> files) {
    boolean isEmpty() {
      return files.isEmpty();
    }

    void write() throws ReconcileException {
      for (var e : files.entrySet()) {
        try {
          Files.writeString(base.resolve(e.getKey()), e.getValue().text(), StandardCharsets.UTF_8);
        } catch (IOException ex) {
          throw new ReconcileException(
              ImageUpdateAutomationReconciler.UPDATE_FAILED,
              "cannot write %s: %s".formatted(e.getKey(), ex.getMessage()),
              false);
        }
      }
    }
  }

  static Changed apply(Path root, String path, Map<String, ImageRef> policies)
      throws ReconcileException {
    String rel = path == null ? "" : path.replaceFirst("^\\./?", "");
    Path base = root.resolve(rel).normalize();
    if (!base.startsWith(root)) {
      throw new ReconcileException(
          ImageUpdateAutomationReconciler.UPDATE_FAILED,
          "spec.update.path '%s' leads outside the repository".formatted(path),
          true);
    }
    if (!Files.isDirectory(base)) {
      throw new ReconcileException(
          ImageUpdateAutomationReconciler.UPDATE_FAILED,
          "spec.update.path '%s' is not a directory of the repository".formatted(path),
          false);
    }
    Map<String, Setters.Result> out = new TreeMap<>();
    List<Path> files;
    try (Stream<Path> walk = Files.walk(base)) {
      files =
          walk.filter(p -> !root.relativize(p).toString().startsWith(".git"))
              .filter(p -> Files.isRegularFile(p, java.nio.file.LinkOption.NOFOLLOW_LINKS))
              .filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml"))
              .sorted()
              .toList();
    } catch (IOException e) {
      throw new ReconcileException(
          ImageUpdateAutomationReconciler.UPDATE_FAILED,
          "cannot read spec.update.path '%s': %s".formatted(path, e.getMessage()),
          false);
    }
    for (Path f : files) {
      String name = base.relativize(f).toString();
      try {
        String text = Files.readString(f, StandardCharsets.UTF_8);
        Setters.Result r = Setters.apply(text, policies, root.relativize(f).toString());
        if (!r.changes().isEmpty()) {
          out.put(name, r);
        }
      } catch (Setters.MarkerException e) {
        throw new ReconcileException(
            ImageUpdateAutomationReconciler.UPDATE_FAILED, e.getMessage(), false);
      } catch (IOException e) {
        throw new ReconcileException(
            ImageUpdateAutomationReconciler.UPDATE_FAILED,
            "cannot read %s: %s".formatted(name, e.getMessage()),
            false);
      }
    }
    return new Changed(base, out);
  }
}
