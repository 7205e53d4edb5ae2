package io.flotilla.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Snapshot of the whole store in {@code <dataDir>/kube/state.json}, written atomically. */
final class Persistence {
  private final Path file;

  Persistence(Path dataDir) {
    this.file = dataDir.resolve("kube").resolve("state.json");
  }

  Path file() {
    return file;
  }

  /** Creates {@code f} empty with mode 0600 where the file system has POSIX modes. */
  private static void ownerOnly(Path f) throws IOException {
    Files.deleteIfExists(f);
    if (f.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      Files.createFile(
          f,
          java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
              java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
    }
  }

  boolean load(Store store) {
    if (!Files.isRegularFile(file)) {
      return false;
    }
    try {
      JsonNode root = Json.MAPPER.readTree(file.toFile());
      Map<String, List<ObjectNode>> objects = new LinkedHashMap<>();
      root.path("buckets")
          .fields()
          .forEachRemaining(
              e -> {
                List<ObjectNode> list = new ArrayList<>();
                e.getValue().forEach(o -> list.add((ObjectNode) o));
                objects.put(e.getKey(), list);
              });
      store.restore(root.path("resourceVersion").asLong(0), objects);
      return true;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read Kubernetes state from " + file, e);
    }
  }

  void save(Store store) {
    ObjectNode root = Json.object();
    root.put("kind", "FlotillaKubeState");
    Map<String, List<ObjectNode>> snap;
    long rv;
    synchronized (store.lock) {
      snap = store.snapshot();
      rv = store.resourceVersion();
    }
    root.put("resourceVersion", rv);
    ObjectNode buckets = root.putObject("buckets");
    snap.forEach(
        (k, list) -> {
          ArrayNode arr = buckets.putArray(k);
          list.forEach(arr::add);
        });
    try {
      Files.createDirectories(file.getParent());
      Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
      ownerOnly(tmp); // every Secret of the cluster is in it
      Json.MAPPER.writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), root);
      try {
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write Kubernetes state to " + file, e);
    }
  }
}
