package io.flotilla.deploy.bootstrap;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.flotilla.apply.ApplyException;
import io.flotilla.apply.ObjectRef;
import io.flotilla.apply.ResourceManager;
import io.flotilla.deploy.install.InstallManifests;
import io.flotilla.deploy.install.InstallOptions;
import io.flotilla.deploy.install.InstallRefused;
import io.flotilla.deploy.install.Installer;
import io.flotilla.gitenv.GitEnvironment;
import io.flotilla.source.SourceException;
import io.flotilla.source.git.GitCredentials;
import io.flotilla.source.git.GitTransport;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.transport.PushResult;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.RemoteRefUpdate;

/**
 * {@code flux bootstrap git}: commit the install and sync manifests to {@code <path>/flux-system}
 * and push, then (only once the push is accepted) install the components, store the Git credentials
 * in {@code flux-system/flux-system} and apply the sync objects, then wait for the Kustomization to
 * reconcile. A re-run commits and changes nothing when nothing changed.
 */
public final class GitBootstrap {
  static {
    GitEnvironment.isolate();
  }

  /** What {@code bootstrap git} was given. */
  public record Request(
      String url,
      String branch,
      String path,
      GitCredentials credentials,
      Map<String, String> secretData,
      String authorName,
      String authorEmail,
      String interval,
      InstallOptions install,
      boolean force,
      Duration timeout) {}

  private final KubernetesClient client;
  private final Consumer<String> progress;

  public GitBootstrap(KubernetesClient client, Consumer<String> progress) {
    this.client = client;
    this.progress = progress;
  }

  public void run(Request r) throws ApplyException {
    String path = normalize(r.path());
    List<HasMetadata> components = InstallManifests.render(r.install());
    SyncManifests sync =
        new SyncManifests(r.install().namespace(), r.url(), r.branch(), path, r.interval());
    Installer installer = new Installer(client, progress);
    // every check against the cluster before Git is written, so a refusal leaves both untouched
    installer.check(r.install(), components, r.force());

    pushManifests(r, path, components, sync);

    progress.accept("► installing components in \"" + r.install().namespace() + "\" namespace");
    installer.apply(components, r.timeout());
    progress.accept("✔ installed components");

    progress.accept(
        "► applying source secret \"" + r.install().namespace() + "/" + SyncManifests.NAME + "\"");
    client
        .resource(secret(r))
        .fieldManager(Installer.FIELD_MANAGER)
        .forceConflicts()
        .serverSideApply();
    progress.accept("✔ reconciled source secret");

    progress.accept("► applying sync manifests");
    ResourceManager rm = new ResourceManager(client, Installer.FIELD_MANAGER);
    var changes = rm.applyAllStaged(sync.objects(), io.flotilla.apply.ApplyOptions.defaults());
    progress.accept("✔ reconciled sync configuration");
    List<ObjectRef> refs = changes.refs();
    for (ObjectRef ref : refs) {
      progress.accept(
          "◎ waiting for "
              + ref.kind()
              + " \""
              + ref.namespace()
              + "/"
              + ref.name()
              + "\" to be reconciled");
    }
    rm.waitForHealth(refs, r.timeout());
    for (ObjectRef ref : refs) {
      progress.accept("✔ " + ref.kind() + " reconciled successfully");
    }
  }

  private void pushManifests(
      Request r, String path, List<HasMetadata> components, SyncManifests sync) {
    Path work;
    try {
      work = Files.createTempDirectory("flotilla-bootstrap");
    } catch (IOException e) {
      throw new InstallRefused("cannot create a working directory: " + e.getMessage());
    }
    try (GitTransport transport = GitTransport.open(r.url(), r.credentials(), r.timeout());
        Git git = checkout(transport, r, work)) {
      Path dir = work.resolve(path).resolve(SyncManifests.NAME);
      Files.createDirectories(dir);
      List<RevCommit> commits = new ArrayList<>();
      progress.accept("► generating component manifests");
      String componentsYaml =
          "---\n# Flotilla version: "
              + r.install().version()
              + "\n"
              + InstallManifests.yaml(components).substring(4);
      commit(
          git,
          r,
          dir,
          Map.of("gotk-components.yaml", componentsYaml),
          path,
          "Add Flotilla " + r.install().version() + " component manifests",
          commits);
      progress.accept("► generating sync manifests");
      Map<String, String> syncFiles = new LinkedHashMap<>();
      syncFiles.put("gotk-sync.yaml", sync.yaml());
      syncFiles.put("kustomization.yaml", SyncManifests.KUSTOMIZATION_YAML);
      commit(git, r, dir, syncFiles, path, "Add Flotilla sync manifests", commits);
      if (commits.isEmpty()) {
        progress.accept("✔ repository is up to date");
        return;
      }
      progress.accept("► pushing manifests to \"" + r.url() + "\"");
      push(transport, git, r);
    } catch (SourceException e) {
      throw new InstallRefused(e.getMessage());
    } catch (IOException | GitAPIException e) {
      throw new InstallRefused(gitError(r.url(), e));
    } finally {
      delete(work);
    }
  }

  private Git checkout(GitTransport transport, Request r, Path work)
      throws GitAPIException, IOException {
    progress.accept(
        "► cloning branch \"" + r.branch() + "\" from Git repository \"" + r.url() + "\"");
    var refs =
        remote(
            transport,
            () ->
                transport
                    .configure(Git.lsRemoteRepository().setRemote(r.url()).setHeads(true))
                    .call());
    boolean exists = refs.stream().map(Ref::getName).anyMatch(("refs/heads/" + r.branch())::equals);
    Git git;
    if (exists) {
      git =
          remote(
              transport,
              () ->
                  transport
                      .configure(
                          Git.cloneRepository()
                              .setURI(r.url())
                              .setBranch(r.branch())
                              .setDirectory(work.toFile()))
                      .call());
    } else {
      // an empty repository or a new branch: the first commit creates it, as flux does
      git = Git.init().setDirectory(work.toFile()).setInitialBranch(r.branch()).call();
      try {
        git.remoteAdd()
            .setName("origin")
            .setUri(new org.eclipse.jgit.transport.URIish(r.url()))
            .call();
      } catch (java.net.URISyntaxException e) {
        git.close();
        throw new InstallRefused("invalid --url \"" + r.url() + "\": " + e.getMessage());
      }
    }
    progress.accept("✔ cloned repository");
    return git;
  }

  private void commit(
      Git git,
      Request r,
      Path dir,
      Map<String, String> files,
      String path,
      String message,
      List<RevCommit> commits)
      throws IOException, GitAPIException {
    for (var f : files.entrySet()) {
      Files.writeString(dir.resolve(f.getKey()), f.getValue(), StandardCharsets.UTF_8);
      git.add().addFilepattern(path + "/" + SyncManifests.NAME + "/" + f.getKey()).call();
    }
    if (git.status().call().getUncommittedChanges().isEmpty()
        && git.getRepository().resolve("HEAD") != null) {
      return;
    }
    PersonIdent author = new PersonIdent(r.authorName(), r.authorEmail());
    RevCommit c = git.commit().setMessage(message).setAuthor(author).setCommitter(author).call();
    commits.add(c);
    progress.accept("✔ committed manifests to \"" + r.branch() + "\" (\"" + c.getName() + "\")");
  }

  private void push(GitTransport transport, Git git, Request r)
      throws GitAPIException, IOException {
    Iterable<PushResult> results =
        remote(
            transport,
            () ->
                transport
                    .configure(
                        git.push()
                            .setRemote("origin")
                            .setRefSpecs(
                                new RefSpec(
                                    "refs/heads/" + r.branch() + ":refs/heads/" + r.branch())))
                    .call());
    for (PushResult result : results) {
      for (RemoteRefUpdate u : result.getRemoteUpdates()) {
        if (u.getStatus() != RemoteRefUpdate.Status.OK
            && u.getStatus() != RemoteRefUpdate.Status.UP_TO_DATE) {
          String messages = result.getMessages() == null ? "" : result.getMessages().strip();
          throw new InstallRefused(
              "failed to push manifests to \""
                  + r.url()
                  + "\": "
                  + u.getRemoteName()
                  + " "
                  + u.getStatus().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ')
                  + (u.getMessage() == null ? "" : " (" + u.getMessage() + ")")
                  + (messages.isEmpty() ? "" : "\n" + messages)
                  + "\nnothing was applied to the cluster");
        }
      }
    }
  }

  /** A remote call with the transport's https settings; its failures as JGit reports them. */
  private static <R> R remote(GitTransport transport, java.util.concurrent.Callable<R> call)
      throws GitAPIException, IOException {
    try {
      return transport.call(call);
    } catch (GitAPIException | IOException | RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IOException(e.getMessage(), e);
    }
  }

  private static String gitError(String url, Exception e) {
    String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return "Git operation on \"" + url + "\" failed: " + m + "; nothing was applied to the cluster";
  }

  private Secret secret(Request r) {
    Map<String, String> data = new LinkedHashMap<>();
    r.secretData()
        .forEach(
            (k, v) ->
                data.put(
                    k, Base64.getEncoder().encodeToString(v.getBytes(StandardCharsets.UTF_8))));
    return new SecretBuilder()
        .withNewMetadata()
        .withName(SyncManifests.NAME)
        .withNamespace(r.install().namespace())
        .endMetadata()
        .withType("Opaque")
        .withData(data)
        .build();
  }

  /** {@code ./clusters/x/} → {@code clusters/x}; refuses a path that leaves the repository. */
  static String normalize(String path) {
    String p = path.replace('\\', '/');
    while (p.startsWith("./")) p = p.substring(2);
    while (p.endsWith("/")) p = p.substring(0, p.length() - 1);
    if (p.isEmpty() || p.startsWith("/") || Stream.of(p.split("/")).anyMatch(".."::equals)) {
      throw new InstallRefused(
          "invalid --path \""
              + path
              + "\": give a relative path inside the repository, such as clusters/my-cluster");
    }
    return p;
  }

  private static void delete(Path dir) {
    try (Stream<Path> s = Files.walk(dir)) {
      s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a temp dir left behind is harmless
    }
  }
}
