package io.flotilla.deploy.install;

import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import io.fabric8.kubernetes.api.model.rbac.SubjectBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.flotilla.api.FluxCrds;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything a cluster needs to run Flotilla, as objects: the namespace, the CRDs generated from
 * {@code api}'s types, one service account per component with RBAC as narrow as it needs, and the
 * controller's and agent's Deployments. The order is the order to apply in. {@code deploy/chart}
 * renders the same objects ({@code ChartIT} compares them).
 */
public final class InstallManifests {
  public static final String CONTROLLER = "flotilla-controller";
  public static final String AGENT = "flotilla-agent";
  public static final String AGENT_SECRET = "flotilla-agent";
  public static final String LEADER_ELECTION = "flotilla-leader-election";
  public static final String CLUSTER_RECONCILER = "flotilla-cluster-reconciler";
  public static final String PART_OF = "app.kubernetes.io/part-of";
  public static final String FLOTILLA = "flotilla";

  /** The controllers' health endpoints (as Flux's {@code --health-addr=:9440}). */
  public static final int HEALTH_PORT = 9440;

  /** Prometheus metrics (as Flux's {@code --metrics-addr=:8080}). */
  public static final int METRICS_PORT = 8080;

  /** The artifact server of {@code flotilla controller --artifact-port}. */
  public static final int ARTIFACT_PORT = 9090;

  /** Non-root, as distroless' nonroot user, which the image runs as. */
  static final long USER_ID = 65532;

  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  private InstallManifests() {}

  /** The objects, in apply order. */
  public static List<HasMetadata> render(InstallOptions options) {
    List<HasMetadata> out = new ArrayList<>();
    out.add(
        new NamespaceBuilder()
            .withMetadata(
                meta(options, options.namespace(), null)
                    .addToLabels("pod-security.kubernetes.io/warn", "restricted")
                    .addToLabels("pod-security.kubernetes.io/warn-version", "latest")
                    .build())
            .build());
    for (String crd : FluxCrds.NAMES) {
      CustomResourceDefinition definition = crd(crd);
      Map<String, String> labels = new LinkedHashMap<>(labels(options, null));
      if (definition.getMetadata().getLabels() != null) {
        labels.putAll(definition.getMetadata().getLabels());
      }
      definition.getMetadata().setLabels(labels);
      out.add(definition);
    }
    String ns = options.namespace();
    out.add(
        new ServiceAccountBuilder().withMetadata(meta(options, CONTROLLER, ns).build()).build());
    out.add(new ServiceAccountBuilder().withMetadata(meta(options, AGENT, ns).build()).build());
    out.add(
        new ClusterRoleBuilder()
            .withMetadata(meta(options, AGENT, null).build())
            .withRules(AgentRules.RULES)
            .build());
    out.add(
        new ClusterRoleBindingBuilder()
            .withMetadata(meta(options, AGENT, null).build())
            .withNewRoleRef("rbac.authorization.k8s.io", "ClusterRole", AGENT)
            .withSubjects(account(AGENT, ns))
            .build());
    // The controller applies whatever Git holds and grants each FluxConfig namespace's
    // flux-applier its role, so, as Flux's kustomize- and helm-controller (cluster-reconciler),
    // it needs cluster-admin; tenants are confined by impersonating flux-applier.
    out.add(
        new ClusterRoleBindingBuilder()
            .withMetadata(meta(options, CLUSTER_RECONCILER, null).build())
            .withNewRoleRef("rbac.authorization.k8s.io", "ClusterRole", "cluster-admin")
            .withSubjects(account(CONTROLLER, ns))
            .build());
    out.add(
        new RoleBuilder()
            .withMetadata(meta(options, LEADER_ELECTION, ns).build())
            .withRules(
                rule("coordination.k8s.io", "leases", ALL_VERBS),
                rule("", "events", "create", "patch"))
            .build());
    out.add(
        new RoleBindingBuilder()
            .withMetadata(meta(options, LEADER_ELECTION, ns).build())
            .withNewRoleRef("rbac.authorization.k8s.io", "Role", LEADER_ELECTION)
            .withSubjects(account(CONTROLLER, ns), account(AGENT, ns))
            .build());
    if (options.agent() != null) {
      out.add(agentSecret(options));
    }
    out.add(
        new ServiceBuilder()
            .withMetadata(meta(options, CONTROLLER, ns).build())
            .withNewSpec()
            .withType("ClusterIP")
            .withSelector(Map.of("app", CONTROLLER))
            .addNewPort()
            .withName("http")
            .withPort(80)
            .withProtocol("TCP")
            .withTargetPort(new IntOrString("http"))
            .endPort()
            .endSpec()
            .build());
    out.add(controller(options));
    out.add(agent(options));
    return out;
  }

  /** The objects as one YAML stream, documents separated by {@code ---}. */
  public static String yaml(List<HasMetadata> objects) {
    return Manifests.yaml(objects);
  }

  static final String[] ALL_VERBS = {"get", "list", "watch", "create", "update", "patch", "delete"};

  static PolicyRule rule(String group, String resources, String... verbs) {
    return new PolicyRuleBuilder()
        .withApiGroups(group)
        .withResources(List.of(resources.split(",")))
        .withVerbs(verbs)
        .build();
  }

  private static Subject account(String name, String namespace) {
    return new SubjectBuilder()
        .withKind("ServiceAccount")
        .withName(name)
        .withNamespace(namespace)
        .build();
  }

  private static CustomResourceDefinition crd(String name) {
    String file = "/META-INF/fabric8/" + name + "-v1.yml";
    try (InputStream in = FluxCrds.class.getResourceAsStream(file)) {
      if (in == null) {
        throw new IllegalStateException("CRD " + file + " is missing; rebuild the api module");
      }
      return SERIALIZATION.unmarshal(in, CustomResourceDefinition.class);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Map<String, String> labels(InstallOptions options, String component) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put("app.kubernetes.io/instance", options.namespace());
    labels.put(PART_OF, FLOTILLA);
    labels.put("app.kubernetes.io/version", options.version());
    if (component != null) {
      labels.put("app.kubernetes.io/component", component);
    }
    return labels;
  }

  private static ObjectMetaBuilder meta(InstallOptions options, String name, String namespace) {
    return new ObjectMetaBuilder()
        .withName(name)
        .withNamespace(namespace)
        .withLabels(labels(options, null));
  }

  private static HasMetadata agentSecret(InstallOptions options) {
    AgentIdentity id = options.agent();
    Map<String, String> data = new LinkedHashMap<>();
    data.put("server", base64(id.server()));
    data.put("clusterId", base64(id.clusterId()));
    data.put("token", base64(id.token()));
    if (id.caPem() != null) {
      data.put("ca.crt", base64(id.caPem()));
    }
    return new SecretBuilder()
        .withMetadata(meta(options, AGENT_SECRET, options.namespace()).build())
        .withType("Opaque")
        // data, not stringData: a re-apply then compares equal and writes nothing
        .withData(data)
        .build();
  }

  private static String base64(String value) {
    return java.util.Base64.getEncoder()
        .encodeToString(value.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  private static Deployment controller(InstallOptions options) {
    List<String> args =
        List.of(
            "controller",
            "--data-dir=/data",
            "--artifact-port=" + ARTIFACT_PORT,
            // the CRDs come with these manifests: the controller needs no right to write them
            "--no-install-crds",
            "--leader-elect");
    return deployment(
        options,
        CONTROLLER,
        1,
        new ContainerBuilder()
            .withArgs(args)
            .addNewPort()
            .withName("http")
            .withContainerPort(ARTIFACT_PORT)
            .withProtocol("TCP")
            .endPort()
            .withResources(resources("100m", "256Mi", "1", "1Gi"))
            .addToVolumeMounts(
                new VolumeMountBuilder().withName("data").withMountPath("/data").build()),
        List.of(new VolumeBuilder().withName("data").withNewEmptyDir().endEmptyDir().build()),
        List.of());
  }

  private static Deployment agent(InstallOptions options) {
    String dir = "/etc/flotilla/agent";
    List<String> args = new ArrayList<>();
    args.add("agent");
    args.add("--server=$(FLOTILLA_SERVER)");
    args.add("--cluster-id=$(FLOTILLA_CLUSTER_ID)");
    args.add("--token-file=" + dir + "/token");
    args.add("--leader-elect");
    List<EnvVar> env = new ArrayList<>();
    env.add(fromSecret("FLOTILLA_SERVER", "server"));
    env.add(fromSecret("FLOTILLA_CLUSTER_ID", "clusterId"));
    if (options.agent() != null && options.agent().caPem() != null) {
      env.add(new EnvVarBuilder().withName("FLOTILLA_CA_FILE").withValue(dir + "/ca.crt").build());
    }
    return deployment(
        options,
        AGENT,
        // without an identity the agent has no service to poll: it starts with connectedk8s
        // connect, which writes the Secret and scales it up
        options.agent() == null ? 0 : 1,
        new ContainerBuilder()
            .withArgs(args)
            .withResources(resources("50m", "128Mi", "500m", "512Mi"))
            .addToVolumeMounts(
                new VolumeMountBuilder()
                    .withName("identity")
                    .withMountPath(dir)
                    .withReadOnly(true)
                    .build()),
        List.of(
            new VolumeBuilder()
                .withName("identity")
                .withNewSecret()
                .withSecretName(AGENT_SECRET)
                .withDefaultMode(0400)
                .endSecret()
                .build()),
        env);
  }

  private static EnvVar fromSecret(String name, String key) {
    return new EnvVarBuilder()
        .withName(name)
        .withNewValueFrom()
        .withNewSecretKeyRef()
        .withName(AGENT_SECRET)
        .withKey(key)
        .endSecretKeyRef()
        .endValueFrom()
        .build();
  }

  private static io.fabric8.kubernetes.api.model.ResourceRequirements resources(
      String cpu, String memory, String cpuLimit, String memoryLimit) {
    return new io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder()
        .addToRequests("cpu", new Quantity(cpu))
        .addToRequests("memory", new Quantity(memory))
        .addToLimits("cpu", new Quantity(cpuLimit))
        .addToLimits("memory", new Quantity(memoryLimit))
        .build();
  }

  private static Probe probe(String path) {
    return new ProbeBuilder()
        .withNewHttpGet()
        .withPath(path)
        .withPort(new IntOrString("healthz"))
        .endHttpGet()
        .build();
  }

  private static Deployment deployment(
      InstallOptions options,
      String name,
      int replicas,
      ContainerBuilder container,
      List<io.fabric8.kubernetes.api.model.Volume> volumes,
      List<EnvVar> env) {
    String component = name.substring("flotilla-".length());
    Map<String, String> podLabels = new LinkedHashMap<>();
    podLabels.put("app", name);
    podLabels.putAll(labels(options, component));
    List<EnvVar> allEnv = new ArrayList<>();
    allEnv.add(
        new EnvVarBuilder()
            .withName("RUNTIME_NAMESPACE")
            .withNewValueFrom()
            .withNewFieldRef()
            .withFieldPath("metadata.namespace")
            .endFieldRef()
            .endValueFrom()
            .build());
    allEnv.addAll(env);
    List<io.fabric8.kubernetes.api.model.Volume> allVolumes = new ArrayList<>(volumes);
    allVolumes.add(new VolumeBuilder().withName("tmp").withNewEmptyDir().endEmptyDir().build());
    ObjectMeta meta = meta(options, name, options.namespace()).build();
    meta.getLabels().put("app.kubernetes.io/component", component);
    return new DeploymentBuilder()
        .withMetadata(meta)
        .withNewSpec()
        .withReplicas(replicas)
        .withNewSelector()
        .addToMatchLabels("app", name)
        .endSelector()
        .withNewTemplate()
        .withNewMetadata()
        .withLabels(podLabels)
        .addToAnnotations("prometheus.io/scrape", "true")
        .addToAnnotations("prometheus.io/port", String.valueOf(METRICS_PORT))
        .endMetadata()
        .withNewSpec()
        .withServiceAccountName(name)
        .withTerminationGracePeriodSeconds(10L)
        .withNewSecurityContext()
        .withRunAsNonRoot(true)
        .withRunAsUser(USER_ID)
        .withRunAsGroup(USER_ID)
        .withFsGroup(USER_ID)
        .withNewSeccompProfile()
        .withType("RuntimeDefault")
        .endSeccompProfile()
        .endSecurityContext()
        .withImagePullSecrets(
            options.imagePullSecret() == null
                ? List.of()
                : List.of(
                    new io.fabric8.kubernetes.api.model.LocalObjectReference(
                        options.imagePullSecret())))
        .withContainers(
            container
                .withName("manager")
                .withImage(options.image())
                .withImagePullPolicy("IfNotPresent")
                .withEnv(allEnv)
                .addNewPort()
                .withName("http-prom")
                .withContainerPort(METRICS_PORT)
                .withProtocol("TCP")
                .endPort()
                .addNewPort()
                .withName("healthz")
                .withContainerPort(HEALTH_PORT)
                .withProtocol("TCP")
                .endPort()
                .withLivenessProbe(probe("/healthz"))
                .withReadinessProbe(probe("/readyz"))
                .withNewSecurityContext()
                .withAllowPrivilegeEscalation(false)
                .withReadOnlyRootFilesystem(true)
                .withRunAsNonRoot(true)
                .withNewCapabilities()
                .withDrop("ALL")
                .endCapabilities()
                .withNewSeccompProfile()
                .withType("RuntimeDefault")
                .endSeccompProfile()
                .endSecurityContext()
                .addToVolumeMounts(
                    new VolumeMountBuilder().withName("tmp").withMountPath("/tmp").build())
                .build())
        .withVolumes(allVolumes)
        .endSpec()
        .endTemplate()
        .endSpec()
        .build();
  }
}
