package io.flotilla.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.flotilla.app.up.Flotilla;
import io.flotilla.app.up.UpOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14, what `flotilla up` does with its data dir across restarts: it serves the cluster it
 * remembers and refuses other names unless told to replace it, keeps secrets owner-only, and
 * refuses bad input (a data dir it cannot write, a damaged store, a cluster it cannot reach) before
 * starting anything, saying what to do.
 */
class UpLifecycleE2E {
  @TempDir Path dir;

  private Flotilla start(Path data, String rg, String name) throws IOException {
    return Flotilla.start(
        UpOptions.defaults()
            .withPort(0)
            .withGitPort(0)
            .withDataDir(data)
            .withCluster(rg, name)
            .withAgentPollWait(Duration.ofSeconds(2)));
  }

  /** {@code flotilla up …} as typed, in process: only refusals, which return at once. */
  /** {@code flotilla up --data-dir data --port 0 <more>}, which must be refused: its stderr. */
  private String refused(Path data, String... more) {
    List<String> args =
        new ArrayList<>(List.of("up", "--data-dir", data.toString(), "--port", "0"));
    args.addAll(List.of(more));
    CliRun.Result r = new CliRun(dir.resolve("cli-config"), dir).run(args.toArray(String[]::new));
    assertThat(r.code()).as(r.toString()).isEqualTo(1);
    return r.err();
  }

  @Test
  void aRestartServesTheRememberedClusterAndRefusesOtherNamesSayingHowToKeepOrReplaceIt()
      throws Exception {
    Path data = dir.resolve("data");
    try (Flotilla first = start(data, "edge-rg", "edge")) {
      assertThat(first.clusterRef().clusterName()).isEqualTo("edge");
    }
    Map<String, String> before = contents(data);

    assertThat(refused(data, "--cluster-name", "x"))
        .contains(
            "flotilla up: cannot start: the data dir " + data,
            "serves cluster 'edge' in resource group 'edge-rg'",
            "not 'x' in 'edge-rg'",
            "nothing was started or changed",
            "flotilla up --data-dir " + data + " --resource-group edge-rg --cluster-name edge",
            "another --data-dir",
            "--replace-cluster",
            "Nothing is deleted");
    assertThat(contents(data)).isEqualTo(before);

    // a data dir from before up.json: the cluster in its store is the one it serves
    String subscription =
        new com.fasterxml.jackson.databind.ObjectMapper()
            .readTree(data.resolve("up.json").toFile())
            .get("subscription")
            .asText();
    Path saved = Files.move(data.resolve("up.json"), dir.resolve("up.json.saved"));
    Files.writeString(data.resolve("subscription"), subscription + "\n");
    assertThat(refused(data, "--cluster-name", "x"))
        .contains("serves cluster 'edge' in resource group 'edge-rg'");
    Files.move(saved, data.resolve("up.json"));

    // without names it serves the one it remembers; with --replace-cluster the new one
    try (Flotilla again = start(data, null, null)) {
      assertThat(again.clusterRef().resourceGroup()).isEqualTo("edge-rg");
      assertThat(again.clusterRef().clusterName()).isEqualTo("edge");
    }
    try (Flotilla replaced =
        Flotilla.start(
            UpOptions.defaults()
                .withPort(0)
                .withGitPort(0)
                .withDataDir(data)
                .withCluster(null, "x")
                .withReplaceCluster(true))) {
      assertThat(replaced.clusterRef().resourceGroup()).isEqualTo("edge-rg");
      assertThat(replaced.clusterRef().clusterName()).isEqualTo("x");
    }
    try (Flotilla remembered = start(data, null, null)) {
      assertThat(remembered.clusterRef().clusterName()).isEqualTo("x");
    }
  }

  @Test
  void aSecondUpInTheSameProcessIsRefusedToo() throws Exception {
    Path data = dir.resolve("data");
    try (Flotilla running = start(data, null, null)) {
      byte[] kubeconfig = Files.readAllBytes(data.resolve("kubeconfig"));

      assertThat(refused(data))
          .contains(
              "is in use by another flotilla up (pid " + ProcessHandle.current().pid(),
              "configuration service " + running.serviceUrl());
      assertThat(Files.readAllBytes(data.resolve("kubeconfig"))).isEqualTo(kubeconfig);
    }
  }

  @Test
  void secretsAreOwnerOnlyAndAnOlderDataDirIsFixedAtStart() throws Exception {
    Path data = dir.resolve("data");
    try (Flotilla f = start(data, null, null)) {
      f.client().secrets().inNamespace("default").resource(secret()).create();
    }
    // as an older Flotilla left them
    Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwxr-xr-x"));
    for (String f : SECRETS) {
      Files.setPosixFilePermissions(data.resolve(f), PosixFilePermissions.fromString("rw-r--r--"));
    }

    try (Flotilla f = start(data, null, null)) {
      assertThat(mode(data)).isEqualTo("rwx------");
      assertThat(mode(data.resolve("kube"))).isEqualTo("rwx------");
      for (String s : SECRETS) {
        assertThat(mode(data.resolve(s))).as(s).isEqualTo("rw-------");
      }
    }
    // the snapshot written while stopping, a new file, is owner-only too
    assertThat(mode(data.resolve("kube/state.json"))).isEqualTo("rw-------");
    assertThat(Files.readString(data.resolve("kube/state.json"))).contains("c2VjcmV0");
  }

  static final String[] SECRETS = {
    "kubeconfig",
    "kube/state.json",
    "kube/admin-token",
    "admin-token",
    "encryption-key",
    "flotilla.mv.db",
    "up.json"
  };

  @Test
  void aDataDirThatCannotBeWrittenIsRefusedBeforeAnythingStarts() throws Exception {
    Path file = Files.writeString(dir.resolve("a-file"), "not a directory\n");

    assertThat(refused(file))
        .contains("the data dir " + file + " is a file, not a directory", "--data-dir");
    assertThat(refused(file.resolve("data")))
        .contains(
            "the data dir " + file.resolve("data") + " cannot be written",
            "nothing was started",
            "--data-dir");
    assertThat(Files.readString(file)).isEqualTo("not a directory\n");
  }

  @Test
  void aDataDirOnAReadOnlyDiskIsRefusedBeforeAnythingStarts() throws Exception {
    // tests run as root, for whom permission bits never refuse; a read-only file system does
    try (SmallDisk disk = SmallDisk.mount(dir.resolve("ro"), 4)) {
      Path data = Files.createDirectories(disk.dir().resolve("data"));
      disk.readOnly();

      assertThat(refused(data))
          .contains(
              "the data dir " + data + " cannot be written (Read-only file system)",
              "nothing was started",
              "Fix its permissions, or choose another with --data-dir");
      try (Stream<Path> left = Files.list(data)) {
        assertThat(left).isEmpty();
      }
    }
  }

  @Test
  void aDamagedStoreIsRefusedWithHowToRecoverAndNeverReplacedByAnEmptyOne() throws Exception {
    Path data = dir.resolve("data");
    try (Flotilla f = start(data, null, null)) {
      assertThat(f.serviceUrl()).isNotBlank();
    }
    Path store = data.resolve("flotilla.mv.db");
    byte[] damaged = Files.readAllBytes(store);
    for (int i = 0; i < 8192; i++) {
      damaged[i] = (byte) (i * 31);
    }
    Files.write(store, damaged);
    Map<String, String> before = contents(data);

    assertThat(refused(data))
        .contains(
            "The configuration store " + store + " cannot be read",
            "Nothing was started or changed",
            "Restore flotilla.mv.db from a backup",
            "org.h2.tools.Recover",
            "move " + store + " aside")
        .doesNotContain("\tat ", "SQL State");
    assertThat(Files.readAllBytes(store)).isEqualTo(damaged);
    assertThat(contents(data)).isEqualTo(before);

    Files.write(store, new byte[0]);
    assertThat(refused(data)).contains("The configuration store " + store + " is empty (0 bytes)");
    assertThat(Files.size(store)).isZero();
  }

  @Test
  void aKubeconfigWhoseClusterCannotBeReachedIsSaidBeforeAnythingStarts() throws Exception {
    int closed = Ports.freeTriple();
    Path kubeconfig =
        Files.writeString(
            dir.resolve("unreachable.kubeconfig"),
            """
            apiVersion: v1
            kind: Config
            clusters:
            - name: c
              cluster:
                server: https://127.0.0.1:%d
            users:
            - name: u
              user:
                token: t
            contexts:
            - name: c
              context: {cluster: c, user: u}
            current-context: c
            """
                .formatted(closed));
    Path data = dir.resolve("data");

    assertThat(refused(data, "--kubeconfig", kubeconfig.toString()))
        .contains(
            "cannot reach the cluster of --kubeconfig " + kubeconfig,
            "https://127.0.0.1:" + closed,
            "connection refused",
            "nothing was started");
    assertThat(data.resolve("flotilla.mv.db")).doesNotExist();
    assertThat(data.resolve("up.json")).doesNotExist();
  }

  private static io.fabric8.kubernetes.api.model.Secret secret() {
    return new io.fabric8.kubernetes.api.model.SecretBuilder()
        .withNewMetadata()
        .withName("mine")
        .endMetadata()
        .addToData("password", "c2VjcmV0")
        .build();
  }

  private static String mode(Path p) throws IOException {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
  }

  /**
   * Every file under {@code root} with its size and modification time, but the lock and H2's trace
   * file (where H2 notes the error it met).
   */
  private static Map<String, String> contents(Path root) throws IOException {
    Map<String, String> out = new TreeMap<>();
    try (Stream<Path> files = Files.walk(root)) {
      for (Path p : (Iterable<Path>) files::iterator) {
        String name = p.getFileName().toString();
        if (Files.isRegularFile(p) && !name.equals("up.lock") && !name.endsWith(".trace.db")) {
          out.put(
              root.relativize(p).toString(),
              Files.size(p) + " " + Files.getLastModifiedTime(p).toMillis());
        }
      }
    }
    return out;
  }
}
