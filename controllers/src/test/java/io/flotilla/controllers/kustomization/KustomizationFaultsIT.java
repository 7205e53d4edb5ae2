package io.flotilla.controllers.kustomization;

import static io.flotilla.controllers.KustomizationSpecs.ready;
import static io.flotilla.controllers.RunningControllers.CONVERGE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.flotilla.api.flux.kustomize.Kustomization;
import io.flotilla.api.flux.kustomize.KustomizationSpec;
import io.flotilla.api.flux.kustomize.ResourceInventory;
import io.flotilla.api.flux.meta.Condition;
import io.flotilla.api.flux.source.GitRepository;
import io.flotilla.controllers.ConfigMaps;
import io.flotilla.controllers.GitSources;
import io.flotilla.controllers.KustomizationSpecs;
import io.flotilla.controllers.RunningControllers;
import io.flotilla.testkit.Edits;
import io.flotilla.testkit.GitFixture;
import io.flotilla.testkit.ReconcileRequest;
import io.flotilla.testkit.TestObjects;
import io.flotilla.testkit.YamlBombs;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a Flux user sees when a Kustomization meets bad input or a fault: Ready=False with the
 * specific reason and a message naming what is wrong, nothing pruned after a failed apply, an
 * inventory that still lists everything that may be on the cluster, and a next reconcile that
 * repairs once the cause is gone. The API server enforces RBAC so that one fault can be a write the
 * impersonated service account may not make. (Invalid CEL is in {@link KustomizationCelIT}.)
 */
class KustomizationFaultsIT {

  @RegisterExtension
  static final RunningControllers cluster = RunningControllers.withQuickRetriesAndRbac();

  @TempDir static Path tmp;

  /** A Git repository of its own and a GitRepository {@code name} polling it every second. */
  private GitFixture repo(String name) {
    return cluster.git("repo-" + name);
  }

  private static void createSource(String name, GitFixture repo) {
    GitRepository source = GitSources.onMain("default", name, repo.fileUrl(), "1s");
    cluster.client().resource(source).create();
  }

  /** Commits {@code files} to {@code repo} and creates its GitRepository: the first revision. */
  private static String serve(
      String name, GitFixture repo, Map<String, String> files, String message) {
    repo.write(files);
    String revision = commit(repo, message);
    createSource(name, repo);
    return revision;
  }

  /** ConfigMaps {@code <prefix>-keep} and {@code <prefix>-gone}, one file each under app/. */
  private static Map<String, String> keepAndGone(String prefix) {
    return Map.of(
        "app/keep.yaml", ConfigMaps.yaml(prefix + "-keep"),
        "app/gone.yaml", ConfigMaps.yaml(prefix + "-gone"));
  }

  private static String commit(GitFixture repo, String message) {
    return "main@sha1:" + repo.commit(message);
  }

  private static Set<String> inventory(String name) {
    Set<String> ids = new TreeSet<>();
    ResourceInventory inv = KustomizationSpecs.get(cluster.client(), name).getStatus().inventory();
    if (inv != null && inv.entries() != null) {
      inv.entries().forEach(e -> ids.add(e.id()));
    }
    return ids;
  }

  private static void awaitApplied(String name, String revision) {
    await()
        .atMost(CONVERGE)
        .untilAsserted(
            () -> {
              Condition ready = ready(cluster.client(), name);
              assertThat(ready.status()).as(ready.toString()).isEqualTo("True");
              assertThat(ready.reason()).isEqualTo("ReconciliationSucceeded");
              assertThat(ready.message()).isEqualTo("Applied revision: " + revision);
            });
  }

  /** {@link #awaitApplied}, then ConfigMap {@code cm} holds (at least) {@code data}. */
  private static void awaitAppliedWith(
      String name, String revision, String cm, Map<String, String> data) {
    awaitApplied(name, revision);
    assertThat(configMap(cm).getData()).containsAllEntriesOf(data);
  }

  /** Waits for Ready=False with {@code reason} after {@code revision} was attempted. */
  private static Condition awaitFailed(String name, String revision, String reason) {
    await()
        .atMost(CONVERGE)
        .untilAsserted(
            () -> {
              Kustomization ks = KustomizationSpecs.get(cluster.client(), name);
              Condition ready = ready(cluster.client(), name);
              assertThat(ready.status()).as(ready.toString()).isEqualTo("False");
              assertThat(ready.reason()).as(ready.toString()).isEqualTo(reason);
              if (revision != null) {
                assertThat(ks.getStatus().lastAttemptedRevision()).isEqualTo(revision);
              }
            });
    return ready(cluster.client(), name);
  }

  /**
   * BuildFailed with {@code message} for {@code revision}, and ConfigMap {@code cm} not applied.
   */
  private static void awaitNothingApplied(String name, String revision, String cm, String message) {
    assertThat(awaitFailed(name, revision, "BuildFailed").message()).isEqualTo(message);
    assertThat(configMap(cm)).isNull();
  }

  private static ConfigMap configMap(String name) {
    return cluster.client().configMaps().inNamespace("default").withName(name).get();
  }

  @Test
  void aBuildErrorIsBuildFailedNamingTheFileAndAFixingCommitRepairs() {
    GitFixture repo = repo("build");
    String good =
        serve(
            "build",
            repo,
            Map.of(
                "app/kustomization.yaml",
                "resources:\n- cm.yaml\n",
                "app/cm.yaml",
                ConfigMaps.yaml("build-kept")),
            "good");
    KustomizationSpecs.of("GitRepository", "build", "./app").create(cluster.client(), "build");
    awaitApplied("build", good);

    // kustomization.yaml lists a file the commit does not have
    repo.write(Map.of("app/kustomization.yaml", "resources:\n- cm.yaml\n- extra.yaml\n"));
    String broken = commit(repo, "kustomization.yaml lists a missing file");
    Condition failed = awaitFailed("build", broken, "BuildFailed");
    assertThat(failed.message())
        .startsWith("kustomize build failed: ")
        .contains("accumulating resources from 'extra.yaml'")
        .contains("no such file or directory");
    // nothing was applied nor pruned: what the last good revision applied stays, and listed
    assertThat(configMap("build-kept")).isNotNull();
    assertThat(inventory("build")).containsExactly("default_build-kept__ConfigMap");
    assertThat(KustomizationSpecs.get(cluster.client(), "build").getStatus().lastAppliedRevision())
        .isEqualTo(good);

    repo.write(Map.of("app/kustomization.yaml", "resources:\n- cm.yaml\n"));
    String fixed = commit(repo, "fixed");
    awaitApplied("build", fixed);
  }

  /**
   * A 1 KB file whose nine levels of aliases would expand to 387 million nodes fails its own
   * Kustomization with go-yaml's words, at once; a Kustomization of the same source beside it
   * applies, so the process is unharmed.
   */
  @Test
  void anAliasBombFailsOnlyItsOwnKustomization() {
    String bomb =
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: bomb\n  namespace: default\ndata:\n"
            + YamlBombs.laughs(9, 9, "  ");
    GitFixture repo = repo("laughs");
    String revision =
        serve(
            "laughs",
            repo,
            Map.of("bomb/cm.yaml", bomb, "fine/cm.yaml", ConfigMaps.yaml("laughs-fine")),
            "a billion laughs beside a fine folder");
    KustomizationSpecs.of("GitRepository", "laughs", "./bomb")
        .create(cluster.client(), "laughs-bomb");
    KustomizationSpecs.of("GitRepository", "laughs", "./fine")
        .create(cluster.client(), "laughs-fine");

    Condition failed = awaitFailed("laughs-bomb", revision, "BuildFailed");
    assertThat(failed.message())
        .isEqualTo(
            "kustomize build failed: failed to decode Kubernetes YAML from cm.yaml:"
                + " MalformedYAMLError: yaml: document contains excessive aliasing in File: cm.yaml");
    awaitApplied("laughs-fine", revision);
    assertThat(configMap("laughs-fine")).isNotNull();
    assertThat(configMap("bomb")).isNull();
  }

  /**
   * A link in the repository to a file outside it is refused by the source, naming the link, rather
   * than left out of a folder that then applies without it; the Kustomization applies nothing until
   * a commit removes the link.
   */
  @Test
  void aSymlinkOutOfTheRepositoryIsRefusedNamingItAndRemovingItRepairs() throws Exception {
    GitFixture repo = repo("link");
    repo.write(Map.of("app/cm.yaml", ConfigMaps.yaml("link-cm")));
    Path outside = tmp.resolve("outside.yaml");
    java.nio.file.Files.writeString(outside, ConfigMaps.yaml("link-outside"));
    java.nio.file.Files.createSymbolicLink(repo.dir().resolve("app/outside.yaml"), outside);
    commit(repo, "a link to a file outside the repository");
    createSource("link", repo);
    KustomizationSpecs.of("GitRepository", "link", "./app").create(cluster.client(), "link");
    await()
        .atMost(CONVERGE)
        .untilAsserted(
            () -> {
              GitRepository source = cluster.get(GitRepository.class, "link");
              assertThat(source.getStatus()).isNotNull();
              Condition ready =
                  source.getStatus().conditions().stream()
                      .filter(c -> c.type().equals("Ready"))
                      .findFirst()
                      .orElseThrow();
              assertThat(ready.status()).isEqualTo("False");
              assertThat(ready.message())
                  .contains(
                      "symlink 'app/outside.yaml' points outside the source tree (to '"
                          + outside
                          + "')");
            });
    assertThat(configMap("link-cm")).isNull();

    repo.delete("app/outside.yaml");
    String fixed = commit(repo, "no link");
    awaitApplied("link", fixed);
    assertThat(configMap("link-cm")).isNotNull();
    assertThat(configMap("link-outside")).isNull();
  }

  @Test
  void anObjectTheApiRejectsFailsTheApplyWithoutPruningAndAFixingCommitRepairs() {
    GitFixture repo = repo("reject");
    String first = serve("reject", repo, keepAndGone("reject"), "two objects");
    KustomizationSpecs.of("GitRepository", "reject", "./app").create(cluster.client(), "reject");
    awaitApplied("reject", first);
    assertThat(inventory("reject"))
        .containsExactly("default_reject-gone__ConfigMap", "default_reject-keep__ConfigMap");

    // one commit removes an object and adds one the API server refuses (422: invalid data key)
    repo.delete("app/gone.yaml");
    repo.write(
        Map.of(
            "app/bad.yaml",
            "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: reject-bad\n"
                + "  namespace: default\ndata:\n  'not a key!': x\n"));
    String bad = commit(repo, "remove one, add an invalid one");
    Condition failed = awaitFailed("reject", bad, "ReconciliationFailed");
    assertThat(failed.message()).contains("ConfigMap/default/reject-bad").contains("not a key!");
    // a failed apply prunes nothing, and the inventory still lists what may be on the cluster
    assertThat(configMap("reject-gone")).isNotNull();
    assertThat(inventory("reject"))
        .contains("default_reject-gone__ConfigMap", "default_reject-keep__ConfigMap");
    assertThat(configMap("reject-bad")).isNull();

    repo.write(
        Map.of(
            "app/bad.yaml",
            "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: reject-bad\n"
                + "  namespace: default\ndata:\n  a-key: x\n"));
    String fixed = commit(repo, "valid key");
    awaitAppliedWith("reject", fixed, "reject-bad", Map.of("a-key", "x"));
    assertThat(configMap("reject-gone")).isNull();
    assertThat(inventory("reject"))
        .containsExactly("default_reject-bad__ConfigMap", "default_reject-keep__ConfigMap");
  }

  @Test
  void aMissingSourceIsArtifactFailedAndCreatingTheSourceRepairs() {
    GitFixture repo = repo("late");
    repo.write(Map.of("app/cm.yaml", ConfigMaps.yaml("late-cm")));
    String revision = commit(repo, "manifests");
    KustomizationSpecs.of("GitRepository", "late", "./app").create(cluster.client(), "late");

    Condition failed = awaitFailed("late", null, "ArtifactFailed");
    // Flux puts the API's NotFound error in the condition
    assertThat(failed.message())
        .isEqualTo("gitrepositories.source.toolkit.fluxcd.io \"late\" not found");
    assertThat(configMap("late-cm")).isNull();

    createSource("late", repo);
    awaitApplied("late", revision);
    assertThat(configMap("late-cm")).isNotNull();
  }

  @Test
  void aMissingSubstitutionVariableIsBuildFailedNamingItAndAddingItRepairs() {
    GitFixture repo = repo("vars");
    repo.write(
        Map.of(
            "app/cm.yaml",
            "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: vars-cm\n  namespace: default\n"
                + "data:\n  cluster: ${CLUSTER_NAME}\n  color: ${COLOR}\n"));
    String revision = commit(repo, "manifests with variables");
    cluster
        .client()
        .resource(TestObjects.configMap("default", "vars", Map.of("CLUSTER_NAME", "dev")))
        .create();
    createSource("vars", repo);
    createWithPostBuild(
        "vars",
        new KustomizationSpec.PostBuild(
            null, List.of(new KustomizationSpec.SubstituteReference("ConfigMap", "vars", null))));

    awaitNothingApplied(
        "vars",
        revision,
        "vars-cm",
        "post build failed for 'ConfigMap.v1.[noGrp]/vars-cm': envsubst error: variable"
            + " substitution failed: variable not set (strict mode): \"COLOR\"");

    Edits.edit(
        cluster.client().configMaps().inNamespace("default").withName("vars"),
        cm -> new ConfigMapBuilder(cm).addToData("COLOR", "blue").build());
    requestReconcile("vars", "vars-added");
    awaitAppliedWith("vars", revision, "vars-cm", Map.of("cluster", "dev", "color", "blue"));
  }

  /**
   * As Flux, a value's newlines are removed before it is substituted, so a value cannot add lines
   * (keys) to the object: here what is left is not YAML, and the build fails naming the object
   * instead of applying a second {@code owner} key. A value without the lines applies.
   */
  @Test
  void aSubstitutedValueCannotAddAKey() {
    GitFixture repo = repo("inject");
    String revision =
        serve(
            "inject",
            repo,
            Map.of(
                "app/cm.yaml",
                "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: inject-cm\n  namespace: default\n"
                    + "data:\n  note: ${NOTE}\n  owner: git\n"),
            "a note from the cluster's variables");
    createWithPostBuild(
        "inject", new KustomizationSpec.PostBuild(Map.of("NOTE", "hello\nowner: attacker"), null));

    awaitNothingApplied(
        "inject",
        revision,
        "inject-cm",
        "post build failed for 'ConfigMap.v1.[noGrp]/inject-cm': envsubst error: YAMLToJSON:"
            + " yaml: line 3: mapping values are not allowed in this context");

    Edits.edit(
        KustomizationSpecs.resource(cluster.client(), "inject"),
        k -> {
          k.setSpec(
              withPostBuild(
                  k.getSpec(), new KustomizationSpec.PostBuild(Map.of("NOTE", "hello"), null)));
          return k;
        });
    awaitAppliedWith("inject", revision, "inject-cm", Map.of("note", "hello", "owner", "git"));
  }

  /**
   * Flux applies with {@code force: true} on every server-side apply (ssa.ApplyOptions
   * ForceOwnership, independent of {@code spec.force}, which is about recreating immutable
   * objects): a field another manager applied is taken over, the value from Git wins, and the other
   * manager loses ownership of it. kubectl's managers are even removed from managedFields before
   * apply; other managers keep what they own alone.
   */
  @Test
  void aFieldAppliedByAnotherManagerIsTakenOver() {
    ConfigMap theirs =
        TestObjects.configMap("default", "shared-cm", Map.of("color", "blue", "theirs", "kept"));
    cluster
        .client()
        .resource(theirs)
        .fieldManager("other-writer")
        .forceConflicts()
        .serverSideApply();

    GitFixture repo = repo("shared");
    String revision =
        serve(
            "shared",
            repo,
            Map.of(
                "app/cm.yaml",
                "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: shared-cm\n"
                    + "  namespace: default\ndata:\n  color: green\n"),
            "our color");
    KustomizationSpecs.of("GitRepository", "shared", "./app").create(cluster.client(), "shared");
    awaitAppliedWith("shared", revision, "shared-cm", Map.of("color", "green", "theirs", "kept"));
    assertThat(owners(configMap("shared-cm"), "f:color")).containsExactly("kustomize-controller");

    // the other writer takes the field back; the next reconcile corrects the drift
    cluster
        .client()
        .resource(
            new ConfigMapBuilder(theirs).withData(Map.of("color", "red", "theirs", "kept")).build())
        .fieldManager("other-writer")
        .forceConflicts()
        .serverSideApply();
    assertThat(configMap("shared-cm").getData()).containsEntry("color", "red");
    requestReconcile("shared", "take-back");
    await()
        .atMost(CONVERGE)
        .untilAsserted(
            () -> {
              assertThat(configMap("shared-cm").getData()).containsEntry("color", "green");
              assertThat(
                      KustomizationSpecs.get(cluster.client(), "shared")
                          .getStatus()
                          .lastHandledReconcileAt())
                  .isEqualTo("take-back");
              assertThat(ready(cluster.client(), "shared").status()).isEqualTo("True");
            });
    assertThat(owners(configMap("shared-cm"), "f:color")).containsExactly("kustomize-controller");
  }

  /** The managers whose managedFields list {@code data.<field>}. */
  @SuppressWarnings("unchecked")
  private static List<String> owners(ConfigMap cm, String field) {
    List<String> out = new ArrayList<>();
    for (ManagedFieldsEntry e : cm.getMetadata().getManagedFields()) {
      Object fields = e.getFieldsV1() == null ? null : e.getFieldsV1().getAdditionalProperties();
      if (fields instanceof Map<?, ?> m
          && m.get("f:data") instanceof Map<?, ?> data
          && data.containsKey(field)) {
        out.add(e.getManager());
      }
    }
    return out;
  }

  /**
   * The impersonated service account may create Namespaces and ConfigMaps but not Secrets: the
   * first stage (a new Namespace) is written, then the Secret's write fails. The Kustomization
   * reports the server's error, prunes nothing, and its inventory keeps the old entries plus the
   * Namespace it did create. Granting Secrets repairs it at the next retry.
   */
  @Test
  void anApiErrorMidApplyKeepsTheInventoryAndTheNextReconcileRepairs() {
    cluster
        .client()
        .resource(
            new ServiceAccountBuilder()
                .withNewMetadata()
                .withName("applier")
                .withNamespace("default")
                .endMetadata()
                .build())
        .create();
    cluster.client().resource(applierRole(false)).create();
    cluster
        .client()
        .resource(
            new ClusterRoleBindingBuilder()
                .withNewMetadata()
                .withName("applier")
                .endMetadata()
                .withNewRoleRef("rbac.authorization.k8s.io", "ClusterRole", "applier")
                .addNewSubject(null, "ServiceAccount", "applier", "default")
                .build())
        .create();

    GitFixture repo = repo("midway");
    String first = serve("midway", repo, keepAndGone("midway"), "two objects");
    KustomizationSpecs.of("GitRepository", "midway", "./app")
        .withServiceAccountName("applier")
        .create(cluster.client(), "midway");
    awaitApplied("midway", first);

    repo.delete("app/gone.yaml");
    repo.write(
        Map.of(
            "app/ns.yaml",
            "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: midway-ns\n",
            "app/secret.yaml",
            "apiVersion: v1\nkind: Secret\nmetadata:\n  name: midway-secret\n"
                + "  namespace: default\nstringData:\n  token: t\n"));
    String second = commit(repo, "remove one, add a namespace and a secret");
    Condition failed = awaitFailed("midway", second, "ReconciliationFailed");
    assertThat(failed.message())
        .contains("Secret/default/midway-secret")
        .contains("system:serviceaccount:default:applier")
        .contains("forbidden");
    assertThat(cluster.client().namespaces().withName("midway-ns").get()).isNotNull();
    assertThat(configMap("midway-gone")).as("not pruned after a failed apply").isNotNull();
    assertThat(inventory("midway"))
        .contains(
            "default_midway-gone__ConfigMap",
            "default_midway-keep__ConfigMap",
            "_midway-ns__Namespace");

    cluster.client().resource(applierRole(true)).update();
    awaitApplied("midway", second);
    assertThat(configMap("midway-gone")).isNull();
    assertThat(cluster.client().secrets().inNamespace("default").withName("midway-secret").get())
        .isNotNull();
    assertThat(inventory("midway"))
        .containsExactly(
            "_midway-ns__Namespace",
            "default_midway-keep__ConfigMap",
            "default_midway-secret__Secret");
  }

  private static ClusterRole applierRole(boolean secrets) {
    List<String> resources = new ArrayList<>(List.of("namespaces", "configmaps"));
    if (secrets) {
      resources.add("secrets");
    }
    return new ClusterRoleBuilder()
        .withNewMetadata()
        .withName("applier")
        .endMetadata()
        .withRules(
            new PolicyRuleBuilder()
                .withApiGroups("")
                .withResources(resources)
                .withVerbs("get", "list", "watch", "create", "update", "patch", "delete")
                .build())
        .build();
  }

  private static void requestReconcile(String name, String token) {
    ReconcileRequest.send(KustomizationSpecs.resource(cluster.client(), name), token);
  }

  /** Kustomization {@code name} of the source of that name, path ./app, with {@code postBuild}. */
  private static void createWithPostBuild(String name, KustomizationSpec.PostBuild postBuild) {
    Kustomization ks = new Kustomization();
    ks.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace("default").build());
    ks.setSpec(
        withPostBuild(KustomizationSpecs.of("GitRepository", name, "./app").build(), postBuild));
    cluster.client().resource(ks).create();
  }

  private static KustomizationSpec withPostBuild(
      KustomizationSpec s, KustomizationSpec.PostBuild postBuild) {
    return s.with(b -> b.postBuild = postBuild);
  }
}
