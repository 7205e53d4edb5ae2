package io.flotilla.controllers.kustomization;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.flotilla.api.flux.meta.Reasons;
import io.flotilla.controllers.runtime.ReconcileException;
import io.flotilla.kustomize.Yaml;
import io.flotilla.sops.Format;
import io.flotilla.sops.Sops;
import io.flotilla.sops.SopsException;
import io.flotilla.sops.SopsKeys;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * kustomize-controller's SOPS decryption around a build. Before it, the files a kustomization feeds
 * to secret generators ({@code files}, {@code envs}) and patches ({@code patches[].path}) are
 * decrypted, following resources and components into their directories; after it, Secrets encrypted
 * whole and Secret data values that are SOPS documents are decrypted.
 *
 * <p>The artifact tree is shared by every Kustomization of a revision and must stay as fetched, so
 * the files are decrypted in a private copy ({@link #privateCopy}), removed after the build. A
 * failure names the file or object and the key types tried, never a value.
 */
final class SopsDecryption {
  /** kustomize-controller's size limit for one encrypted file. */
  static final long MAX_FILE_BYTES = 5L << 20;

  static final String DECRYPT_ANNOTATION = "kustomize.toolkit.fluxcd.io/decrypt";
  private static final List<String> KUSTOMIZATION_FILES =
      List.of("kustomization.yaml", "kustomization.yml", "Kustomization");

  private final SopsKeys keys;

  SopsDecryption(SopsKeys keys) {
    this.keys = keys;
  }

  /** A copy of {@code root} only this build reads and writes (0700), without symbolic links. */
  static Path privateCopy(Path root) throws IOException {
    Path copy =
        Files.createTempDirectory(
            "flotilla-sops-",
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    Files.walkFileTree(
        root,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs)
              throws IOException {
            Files.createDirectories(copy.resolve(root.relativize(dir).toString()));
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
              throws IOException {
            if (attrs.isRegularFile()) {
              Files.copy(
                  file, copy.resolve(root.relativize(file).toString()), LinkOption.NOFOLLOW_LINKS);
            }
            return FileVisitResult.CONTINUE;
          }
        });
    return copy;
  }

  static void delete(Path dir) {
    if (dir == null) {
      return;
    }
    try (var paths = Files.walk(dir)) {
      for (Path p : paths.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      // a leftover temp dir is removed with the JVM's temp files; nothing to report
    }
  }

  /** Decrypts, in place, the generator and patch files of the kustomization in {@code dir}. */
  void decryptSources(Path root, Path dir) throws ReconcileException {
    visit(
        root.toAbsolutePath().normalize(),
        dir.toAbsolutePath().normalize(),
        new HashSet<>(),
        new HashSet<>());
  }

  private void visit(Path root, Path dir, Set<Path> visited, Set<Path> decrypted)
      throws ReconcileException {
    if (!visited.add(dir)) {
      return;
    }
    JsonNode kus = kustomization(root, dir);
    if (kus == null) {
      return; // Flux generates one: it refers to no generator or patch file
    }
    for (JsonNode gen : kus.path("secretGenerator")) {
      for (JsonNode file : gen.path("files")) {
        String source = file.asText();
        int eq = source.indexOf('=');
        String key = eq < 0 ? source : source.substring(0, eq);
        String path = eq < 0 ? source : source.substring(eq + 1);
        decryptFile(root, dir, path, Format.forPath(key), decrypted);
      }
      List<String> envs = new ArrayList<>();
      gen.path("envs").forEach(e -> envs.add(e.asText()));
      if (gen.path("env").isTextual()) {
        envs.add(gen.path("env").asText());
      }
      for (String env : envs) {
        Format f = Format.forPath(env);
        decryptFile(root, dir, env, f == Format.BINARY ? Format.DOTENV : f, decrypted);
      }
    }
    for (JsonNode patch : kus.path("patches")) {
      String path = patch.path("path").asText("");
      if (!path.isEmpty() && !remote(path)) {
        decryptFile(root, dir, path, Format.forPath(path), decrypted);
      }
    }
    for (String field : List.of("resources", "components", "bases")) {
      for (JsonNode ref : kus.path(field)) {
        String r = ref.asText("");
        if (r.isEmpty() || remote(r)) {
          continue;
        }
        Path p = dir.resolve(r).normalize();
        if (p.startsWith(root) && Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
          visit(root, p, visited, decrypted);
        }
      }
    }
  }

  private JsonNode kustomization(Path root, Path dir) throws ReconcileException {
    for (String name : KUSTOMIZATION_FILES) {
      Path f = dir.resolve(name);
      if (Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)) {
        try {
          List<JsonNode> docs = Yaml.read(Files.readString(f, StandardCharsets.UTF_8));
          return docs.isEmpty() ? null : docs.get(0);
        } catch (IOException | Yaml.InvalidYamlException e) {
          throw new ReconcileException(
              Reasons.BUILD_FAILED,
              "failed to read kustomization file '" + relative(root, f) + "': " + e.getMessage(),
              false);
        }
      }
    }
    return null;
  }

  private void decryptFile(Path root, Path dir, String ref, Format format, Set<Path> decrypted)
      throws ReconcileException {
    Path file = dir.resolve(ref).normalize();
    if (!file.startsWith(root) || decrypted.contains(file)) {
      return; // outside the source: kustomize's own root check refuses it in the build
    }
    if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
      return; // a missing file is the build's error to report
    }
    String name = relative(root, file);
    try {
      if (Files.size(file) > MAX_FILE_BYTES) {
        throw fail(
            "cannot decrypt '%s': its size (%d bytes) exceeds the limit (%d)"
                .formatted(name, Files.size(file), MAX_FILE_BYTES));
      }
      byte[] data = Files.readAllBytes(file);
      if (!format.marks(data)) {
        return;
      }
      Files.write(file, Sops.decrypt(data, format, format, keys, true));
      decrypted.add(file);
    } catch (SopsException e) {
      throw fail(
          "failed to decrypt %s file '%s': %s".formatted(format.label(), name, e.getMessage()));
    } catch (IOException e) {
      throw fail("cannot decrypt '" + name + "': " + e.getMessage());
    }
  }

  /**
   * Decrypts a built object in place: a Secret encrypted whole (its {@code sops} field; the MAC is
   * not checked, since kustomize adds labels and namespaces), or the data values of a Secret that
   * are SOPS documents (written in the format of the key's extension, MAC checked).
   */
  void decryptResource(ObjectNode object) throws ReconcileException {
    if ("disabled"
        .equalsIgnoreCase(
            object.path("metadata").path("annotations").path(DECRYPT_ANNOTATION).asText(""))) {
      return;
    }
    JsonNode meta = object.path("metadata");
    String kind = object.path("kind").asText();
    // kustomize-controller's wording: '<namespace>/<name>' <Kind>
    String what =
        "'" + meta.path("namespace").asText("") + "/" + meta.path("name").asText() + "' " + kind;
    if (Sops.isEncryptedResource(object)) {
      try {
        Sops.decryptResource(object, keys);
      } catch (SopsException e) {
        throw fail("failed to decrypt and format " + what + " data: " + e.getMessage());
      }
      return;
    }
    if (!"Secret".equals(object.path("kind").asText()) || !object.path("data").isObject()) {
      return;
    }
    ObjectNode data = (ObjectNode) object.path("data");
    Iterator<Map.Entry<String, JsonNode>> it = data.fields();
    List<Map.Entry<String, JsonNode>> entries = new ArrayList<>();
    it.forEachRemaining(entries::add);
    for (Map.Entry<String, JsonNode> e : entries) {
      byte[] value;
      try {
        value = Base64.getDecoder().decode(e.getValue().asText(""));
      } catch (IllegalArgumentException ex) {
        continue; // the apply reports a value that is not base64
      }
      Format in = Format.detect(value);
      if (in == null) {
        continue;
      }
      try {
        byte[] plain = Sops.decrypt(value, in, Format.forPath(e.getKey()), keys, true);
        data.set(e.getKey(), TextNode.valueOf(Base64.getEncoder().encodeToString(plain)));
      } catch (SopsException ex) {
        throw fail(
            "failed to decrypt and format '"
                + what
                + "' Secret field '"
                + e.getKey()
                + "': "
                + ex.getMessage());
      }
    }
  }

  /** kustomize-controller refuses to apply a Secret still encrypted when nothing decrypts it. */
  static void refuseEncrypted(ObjectNode object) throws ReconcileException {
    if ("Secret".equals(object.path("kind").asText())
        && "v1".equals(object.path("apiVersion").asText())
        && object.has("sops")) {
      String ns = object.path("metadata").path("namespace").asText("");
      throw new ReconcileException(
          Reasons.RECONCILIATION_FAILED,
          "Secret/"
              + (ns.isEmpty() ? "" : ns + "/")
              + object.path("metadata").path("name").asText()
              + " is SOPS encrypted, configuring decryption is required for this secret to be"
              + " reconciled",
          false);
    }
  }

  private static ReconcileException fail(String message) {
    return new ReconcileException(Reasons.BUILD_FAILED, message, false);
  }

  private static boolean remote(String ref) {
    return ref.contains("://") || ref.startsWith("github.com/") || ref.startsWith("git@");
  }

  private static String relative(Path root, Path file) {
    return root.relativize(file).toString().replace('\\', '/');
  }
}
