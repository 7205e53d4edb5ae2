package io.flotilla.app.up;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * What a data dir's `flotilla up` serves, remembered in {@code <data-dir>/up.json}: the connected
 * cluster (subscription, resource group, name) and the artifact server's port, so that a restart
 * serves the same cluster and artifact URLs stored in the cluster stay valid.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
record ServedCluster(
    String subscription, String resourceGroup, String clusterName, int artifactPort) {
  static final String FILE = "up.json";
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  static Optional<ServedCluster> load(Path dataDir) {
    Path file = dataDir.resolve(FILE);
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    try {
      ServedCluster c = JSON.readValue(file.toFile(), ServedCluster.class);
      if (c.subscription() == null || c.resourceGroup() == null || c.clusterName() == null) {
        throw new StartRefused(
            file
                + " does not name the cluster this data dir serves (subscription, resourceGroup,"
                + " clusterName); restore it, or choose another --data-dir.");
      }
      return Optional.of(c);
    } catch (IOException e) {
      throw new StartRefused(
          file
              + " cannot be read ("
              + e.getMessage().lines().findFirst().orElse("")
              + "); restore it, or choose another --data-dir.",
          e);
    }
  }

  /** Written beside and moved into place, so that a crash leaves the old file or the new one. */
  void save(Path dataDir) {
    Path file = dataDir.resolve(FILE);
    Path tmp = dataDir.resolve(FILE + ".tmp");
    try {
      Files.deleteIfExists(tmp);
      if (dataDir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
        Files.createFile(
            tmp,
            java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
      }
      JSON.writeValue(tmp.toFile(), this);
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  /**
   * The cluster this start serves: what the data dir remembers, unless {@code --resource-group} or
   * {@code --cluster-name} (null when not given) name another; then only with {@code
   * --replace-cluster}, else refused with how to keep or replace it.
   */
  static ServedCluster choose(
      Optional<ServedCluster> remembered,
      String subscription,
      String resourceGroup,
      String clusterName,
      boolean replace,
      Path dataDir) {
    if (remembered.isEmpty()) {
      return new ServedCluster(subscription, orLocal(resourceGroup), orLocal(clusterName), NO_PORT);
    }
    ServedCluster was = remembered.get();
    String rg = resourceGroup == null ? was.resourceGroup() : resourceGroup;
    String name = clusterName == null ? was.clusterName() : clusterName;
    if (was.sameCluster(rg, name)) {
      return was;
    }
    if (replace) {
      return new ServedCluster(was.subscription(), rg, name, was.artifactPort());
    }
    throw new StartRefused(
        "the data dir "
            + dataDir
            + " serves cluster '"
            + was.clusterName()
            + "' in resource group '"
            + was.resourceGroup()
            + "' (subscription "
            + was.subscription()
            + "), not '"
            + name
            + "' in '"
            + rg
            + "'; nothing was started or changed.\n"
            + "  To keep serving it, start with its names (or without --cluster-name and"
            + " --resource-group):\n"
            + "    flotilla up --data-dir "
            + dataDir
            + " --resource-group "
            + was.resourceGroup()
            + " --cluster-name "
            + was.clusterName()
            + "\n"
            + "  To serve '"
            + name
            + "' instead, start it with another --data-dir, or register it in this one with"
            + " --replace-cluster. Nothing is deleted either way: the configurations of '"
            + was.clusterName()
            + "' stay in the service, and what they applied stays in the cluster.");
  }

  /** No artifact port remembered yet. */
  static final int NO_PORT = 0;

  private static String orLocal(String s) {
    return s == null ? "local" : s;
  }

  ServedCluster withArtifactPort(int port) {
    return new ServedCluster(subscription, resourceGroup, clusterName, port);
  }

  boolean sameCluster(String rg, String name) {
    return resourceGroup.equalsIgnoreCase(rg) && clusterName.equalsIgnoreCase(name);
  }
}
