package io.flotilla.deploy.connect;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.flotilla.apply.ApplyException;
import io.flotilla.cli.CliEnvironment;
import io.flotilla.cli.ClusterInstaller;
import io.flotilla.deploy.cmd.KubeTarget;
import io.flotilla.deploy.install.AgentIdentity;
import io.flotilla.deploy.install.InstallManifests;
import io.flotilla.deploy.install.InstallOptions;
import io.flotilla.deploy.install.InstallRefused;
import io.flotilla.deploy.install.Installer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * {@code connectedk8s connect --kube-config}: the install manifests with the agent's identity, as
 * {@code az connectedk8s connect} installs Arc's agents; {@code connectedk8s delete} removes them
 * again, keeping the CRDs and the objects of their kinds (deleting a CRD deletes every object of
 * it, which nobody asked for).
 */
public final class ConnectInstaller implements ClusterInstaller {
  static final Duration TIMEOUT = Duration.ofMinutes(5);

  @Override
  public void check(CliEnvironment env, Target target, boolean force) {
    InstallOptions options = InstallOptions.defaults();
    run(
        env,
        target,
        client -> new Installer(client, l -> {}).check(options, objects(options), force));
  }

  @Override
  public void install(
      CliEnvironment env,
      Target target,
      AgentIdentity agent,
      boolean force,
      Consumer<String> progress) {
    InstallOptions options = options(agent);
    run(
        env,
        target,
        client -> {
          List<HasMetadata> objects = objects(options);
          Installer installer = new Installer(client, progress);
          installer.check(options, objects, force);
          try {
            installer.apply(objects, TIMEOUT);
          } catch (ApplyException e) {
            throw new InstallRefused(e.getMessage());
          }
        });
  }

  @Override
  public String export(AgentIdentity agent) {
    return InstallManifests.yaml(objects(options(agent)));
  }

  @Override
  public void uninstall(CliEnvironment env, Target target, Consumer<String> progress) {
    // with an identity, so that the agent's Secret is among the objects
    InstallOptions options = options(new AgentIdentity("-", "-", "-", null));
    run(
        env,
        target,
        client -> {
          List<HasMetadata> objects = new ArrayList<>(objects(options));
          Collections.reverse(objects);
          for (HasMetadata o : objects) {
            if (o.getKind().equals("Namespace") || o.getKind().equals("CustomResourceDefinition")) {
              continue;
            }
            HasMetadata live = client.resource(o).get();
            Map<String, String> labels = live == null ? null : live.getMetadata().getLabels();
            if (labels == null
                || !InstallManifests.FLOTILLA.equals(labels.get(InstallManifests.PART_OF))) {
              continue; // not ours: left alone
            }
            client.resource(o).delete();
            progress.accept(o.getKind() + "/" + name(o) + " deleted");
          }
          progress.accept(
              "The Flux CRDs, their objects and the namespace "
                  + options.namespace()
                  + " were kept; delete them with kubectl if nothing uses them.");
        });
  }

  private static String name(HasMetadata o) {
    String ns = o.getMetadata().getNamespace();
    return ns == null ? o.getMetadata().getName() : ns + "/" + o.getMetadata().getName();
  }

  private static InstallOptions options(AgentIdentity agent) {
    return InstallOptions.defaults()
        .withAgent(
            new io.flotilla.deploy.install.AgentIdentity(
                agent.server(), agent.clusterId(), agent.token(), agent.caPem()));
  }

  private static List<HasMetadata> objects(InstallOptions options) {
    return InstallManifests.render(options);
  }

  private interface ClientAction {
    void run(KubernetesClient client);
  }

  private static void run(CliEnvironment env, Target target, ClientAction action) {
    try (KubernetesClient client = KubeTarget.client(env, target.kubeconfig(), target.context())) {
      action.run(client);
    } catch (InstallRefused e) {
      throw new Refused(e.getMessage());
    } catch (KubernetesClientException e) {
      throw new Refused(
          e.getStatus() != null && e.getStatus().getMessage() != null
              ? e.getStatus().getMessage()
              : e.getMessage());
    }
  }
}
