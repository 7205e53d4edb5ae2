package io.flotilla.testkit;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One IT class's cluster as a JUnit extension ({@code @RegisterExtension static}): the embedded
 * API, what the IT runs on it (controllers, say: the {@link Workload}), and the Git repositories
 * the test commits to. All of it starts before the class's {@code @BeforeAll} methods and stops
 * after its {@code @AfterAll} ones.
 *
 * @param <T> what runs on the cluster
 */
public class ClusterHarness<T extends AutoCloseable>
    implements BeforeAllCallback, AfterAllCallback {

  /** What runs on the cluster, started with the API's client and a data directory of its own. */
  @FunctionalInterface
  public interface Workload<T> {
    T start(KubernetesClient client, Path dataDir) throws Exception;
  }

  private final Workload<T> workload;
  private final boolean rbac;
  private final List<GitFixture> repos = new ArrayList<>();
  private Path dir;
  private TestKube kube;
  private T running;

  /**
   * @param rbac whether the API enforces RBAC (the client is then a {@code system:masters} admin)
   */
  protected ClusterHarness(Workload<T> workload, boolean rbac) {
    this.workload = workload;
    this.rbac = rbac;
  }

  /** {@code workload} on an API server where every request is allowed. */
  public static <T extends AutoCloseable> ClusterHarness<T> running(Workload<T> workload) {
    return new ClusterHarness<>(workload, false);
  }

  /** What runs on the cluster. */
  public T running() {
    return running;
  }

  /** Stops what runs on the cluster; the API, its objects and the data directory stay. */
  public void stop() throws Exception {
    if (running != null) running.close();
    running = null;
  }

  /** Starts what runs on the cluster again, on the same API and data directory. */
  public void start() throws Exception {
    running = workload.start(kube.client(), dataDir());
  }

  /** The data directory of what runs (artifacts, work trees). */
  public Path dataDir() {
    return dir.resolve("data");
  }

  /** An empty Git repository {@code name} on branch main, open for the IT's commits. */
  public GitFixture git(String name) {
    GitFixture repo = GitFixture.init(dir.resolve("git").resolve(name));
    repos.add(repo);
    return repo;
  }

  /**
   * A Git repository {@code name} with {@code files} in one commit ({@code message}) on main;
   * returns its {@code file://} URL.
   */
  public String gitRepository(String name, Map<String, String> files, String message) {
    GitFixture repo = git(name).write(files);
    repo.commit(message);
    return repo.fileUrl();
  }

  /** Creates or replaces Secret {@code namespace/name} with {@code data} as its stringData. */
  public void secret(String namespace, String name, Map<String, String> data) {
    client().resource(TestObjects.secret(namespace, name, data)).createOr(r -> r.update());
  }

  /** Creates namespace {@code name}; returns its name. */
  public String namespace(String name) {
    return TestObjects.namespace(client(), name);
  }

  /** Creates a namespace named {@code <prefix><n>} that no other test of the JVM uses. */
  public String newNamespace(String prefix) {
    return TestObjects.newNamespace(client(), prefix);
  }

  /** Creates the object of {@code yaml}. */
  public void create(String yaml) {
    TestObjects.create(client(), yaml);
  }

  /** Applies the object of {@code yaml} server-side, as {@code kubectl apply --server-side}. */
  public void apply(String yaml) {
    TestObjects.apply(client(), yaml);
  }

  /** {@code default/name} of {@code type}, null when there is none. */
  public <R extends HasMetadata> R get(Class<R> type, String name) {
    return get(type, "default", name);
  }

  /** {@code namespace/name} of {@code type}, null when there is none. */
  public <R extends HasMetadata> R get(Class<R> type, String namespace, String name) {
    return client().resources(type).inNamespace(namespace).withName(name).get();
  }

  public KubernetesClient client() {
    return kube.client();
  }

  public TestKube kube() {
    return kube;
  }

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    dir = Files.createTempDirectory("flotilla-it-");
    kube = rbac ? TestKube.startWithRbac() : TestKube.start();
    start();
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    stop();
    if (kube != null) kube.close();
    repos.forEach(GitFixture::close);
    TempDirs.delete(dir);
  }
}
