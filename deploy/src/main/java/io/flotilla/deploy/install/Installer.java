package io.flotilla.deploy.install;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.flotilla.apply.ApplyException;
import io.flotilla.apply.ApplyOptions;
import io.flotilla.apply.ChangeSet;
import io.flotilla.apply.ObjectRef;
import io.flotilla.apply.ResourceManager;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/**
 * Puts objects into a cluster as {@code flux install} does: checks first (reach, permissions,
 * conflicts), then server-side apply in stages (CRDs and namespaces first), then waits until the
 * Deployments are ready.
 */
public final class Installer {
  /** The field manager of everything {@code flotilla install} applies. */
  public static final String FIELD_MANAGER = "flotilla";

  private final KubernetesClient client;
  private final Consumer<String> progress;
  private final Preflight preflight;

  public Installer(KubernetesClient client, Consumer<String> progress) {
    this.client = client;
    this.progress = progress;
    this.preflight = new Preflight(client);
  }

  /**
   * Everything checked before a write: the cluster answers, the user may write every object, and no
   * other Flux or Flotilla runs there (unless {@code force}).
   *
   * @throws InstallRefused saying what is wrong
   */
  public void check(InstallOptions options, List<? extends HasMetadata> objects, boolean force) {
    preflight.reach();
    preflight.permissions(objects);
    preflight.conflicts(options, force);
  }

  /** Applies and waits for the Deployments (and every other object's kstatus) to be ready. */
  public ChangeSet apply(List<? extends HasMetadata> objects, Duration timeout)
      throws ApplyException {
    ResourceManager rm = new ResourceManager(client, FIELD_MANAGER);
    ChangeSet changes =
        rm.applyAllStaged(
            Manifests.generic(objects),
            ApplyOptions.defaults()
                .withWaitInterval(Duration.ofMillis(200))
                .withWaitTimeout(timeout));
    for (var entry : changes.entries()) {
      progress.accept(entry.toString());
    }
    List<ObjectRef> deployments =
        changes.refs().stream().filter(r -> r.kind().equals("Deployment")).toList();
    progress.accept("◎ verifying installation");
    rm.waitForHealth(deployments, timeout);
    for (ObjectRef d : deployments) {
      progress.accept("✔ " + d.name() + ": deployment ready");
    }
    return changes;
  }

  /** The check, then the apply. */
  public ChangeSet install(
      InstallOptions options, List<? extends HasMetadata> objects, boolean force, Duration timeout)
      throws ApplyException {
    check(options, objects, force);
    return apply(objects, timeout);
  }
}
