package io.flotilla.kube;

import static org.assertj.core.api.Assertions.assertThat;

import io.flotilla.kube.KubectlRunner.Result;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * kubectl 1.32 reading the embedded API's OpenAPI documents: {@code explain} over v3 (and over v2
 * in gnostic's protobuf form), for built-in kinds and CRDs as they come and go, and the server-side
 * field validation {@code apply --validate=strict} relies on.
 */
class KubectlExplainIT extends KubectlTestSupport {

  /** A Kustomization shaped like Flux's (descriptions are ours). */
  static final String KUSTOMIZATION_CRD =
      CrdYaml.crd("kustomize.toolkit.fluxcd.io", "Kustomization", "kustomizations")
          .listKind()
          .shortNames("ks")
          .storedVersion(
              "v1",
              CrdYaml.rootSchema(
                  "Kustomization is the Schema for the kustomizations API.",
                  """
                  spec:
                    description: KustomizationSpec defines the configuration to calculate the desired state from a Source using Kustomize.
                    type: object
                    required: [interval, prune, sourceRef]
                    properties:
                      interval:
                        description: The interval at which to reconcile the Kustomization.
                        type: string
                        pattern: ^([0-9]+(\\.[0-9]+)?(ms|s|m|h))+$
                      path: {description: Path to the directory containing the kustomization.yaml file., type: string}
                      prune: {description: Prune enables garbage collection., type: boolean}
                      deletionPolicy:
                        description: DeletionPolicy can be used to control garbage collection when this Kustomization is deleted.
                        type: string
                        enum: [MirrorPrune, Delete, WaitForTermination, Orphan]
                      sourceRef:
                        description: Reference of the source where the kustomization file is.
                        type: object
                        required: [kind, name]
                        properties:
                          kind: {description: Kind of the referent., type: string, enum: [OCIRepository, GitRepository, Bucket]}
                          name: {description: Name of the referent., type: string}
                          namespace: {description: Namespace of the referent., type: string}
                  status: {type: object, x-kubernetes-preserve-unknown-fields: true}
                  """),
              CrdYaml.STATUS)
          .yaml();

  /** A HelmRelease served in two versions, v2 being the storage one. */
  static final String HELMRELEASE_CRD =
      CrdYaml.crd("helm.toolkit.fluxcd.io", "HelmRelease", "helmreleases")
          .listKind()
          .shortNames("hr")
          .servedVersion(
              "v2beta2",
              """
              description: HelmRelease is the Schema for the helmreleases API (beta).
              type: object
              properties:
                spec: {type: object, properties: {chart: {type: object, x-kubernetes-preserve-unknown-fields: true}}}
              """,
              "deprecated: true")
          .storedVersion(
              "v2",
              CrdYaml.rootSchema(
                  "HelmRelease is the Schema for the helmreleases API",
                  """
                  spec:
                    description: HelmReleaseSpec defines the desired state of a Helm release.
                    type: object
                    required: [interval]
                    properties:
                      interval: {description: Interval at which to reconcile the Helm release., type: string}
                      releaseName: {description: ReleaseName used for the Helm release., type: string, maxLength: 53, minLength: 1}
                  status: {description: HelmReleaseStatus defines the observed state of a HelmRelease., type: object}
                  """),
              CrdYaml.STATUS)
          .yaml();

  /** What kubectl explain prints above a description: kind, version and the field, if any. */
  static String heading(String group, String kind, String version, String field) {
    return "GROUP:      %s\nKIND:       %s\nVERSION:    %s\n\n".formatted(group, kind, version)
        + (field == null ? "" : "FIELD: " + field + "\n\n\n")
        + "DESCRIPTION:\n";
  }

  @BeforeAll
  static void start() throws Exception {
    start(KubeApiOptions.defaults().withSimulateKubelet(false));
  }

  @Test
  void explainDeploymentSpec() throws Exception {
    Result r = ok("explain", "deployment.spec");
    assertThat(r.out())
        .startsWith(
            heading("apps", "Deployment", "v1", "spec <DeploymentSpec>")
                + """
                Specification of the desired behavior of the Deployment.
                DeploymentSpec is the specification of the desired behavior of the
                Deployment.
               \s
            FIELDS:
              minReadySeconds\t<integer>
                Minimum number of seconds for which a newly created pod should be ready
            """)
        .contains(
            """
              replicas\t<integer>
                Number of desired pods. This is a pointer to distinguish between explicit
                zero and not specified. Defaults to 1.
            """,
            "\n  selector\t<LabelSelector> -required-\n",
            "\n  strategy\t<DeploymentStrategy>\n",
            "\n  template\t<PodTemplateSpec> -required-\n");
    assertThat(r.err()).isEmpty();
  }

  @Test
  void explainContainersRecursively() throws Exception {
    Result r = ok("explain", "deployment.spec.template.spec.containers", "--recursive");
    assertThat(r.out())
        .startsWith(
            heading("apps", "Deployment", "v1", "containers <[]Container>")
                + """
                List of containers belonging to the pod. Containers cannot currently be
                added or removed. There must be at least one container in a Pod. Cannot be
                updated.
                A single application container that you want to run within a pod.
               \s
            FIELDS:
              args\t<[]string>
              command\t<[]string>
              env\t<[]EnvVar>
                name\t<string> -required-
                value\t<string>
                valueFrom\t<EnvVarSource>
                  configMapKeyRef\t<ConfigMapKeySelector>
                    key\t<string> -required-
            """)
        .contains(
            "\n  imagePullPolicy\t<string>\n  enum: Always, IfNotPresent, Never\n",
            "\n  name\t<string> -required-\n",
            "\n  ports\t<[]ContainerPort>\n    containerPort\t<integer> -required-\n",
            "\n    protocol\t<string>\n    enum: SCTP, TCP, UDP\n",
            "\n  resources\t<ResourceRequirements>\n",
            "\n      port\t<string> -required-\n");
  }

  @Test
  void explainOverOpenApiV2ReadsTheProtobufDocument() throws Exception {
    Result r = ok("explain", "deployment.spec", "--output=plaintext-openapiv2");
    assertThat(r.out())
        .startsWith(
            """
            KIND:     Deployment
            VERSION:  apps/v1

            RESOURCE: spec <Object>

            DESCRIPTION:
                 Specification of the desired behavior of the Deployment.

                 DeploymentSpec is the specification of the desired behavior of the
                 Deployment.

            FIELDS:
            """)
        .contains("\n   selector\t<Object> -required-\n");
  }

  @Test
  void explainACrdFollowsItsSchemaAsCrdsComeAndGo() throws Exception {
    ok("apply", "--server-side", "-f", file("ks.yaml", KUSTOMIZATION_CRD));
    Result r = ok("explain", "kustomizations.spec");
    assertThat(r.out())
        .startsWith(
            heading("kustomize.toolkit.fluxcd.io", "Kustomization", "v1", "spec <Object>")
                + """
                KustomizationSpec defines the configuration to calculate the desired state
                from a Source using Kustomize.
               \s
            FIELDS:
              deletionPolicy\t<string>
              enum: MirrorPrune, Delete, WaitForTermination, Orphan
                DeletionPolicy can be used to control garbage collection when this
                Kustomization is deleted.

              interval\t<string> -required-
                The interval at which to reconcile the Kustomization.
            """)
        .contains(
            """
              sourceRef\t<Object> -required-
                Reference of the source where the kustomization file is.
            """);

    Result top = ok("explain", "ks");
    assertThat(top.out())
        .contains(
            "\nDESCRIPTION:\n    Kustomization is the Schema for the kustomizations API.\n",
            "\n  metadata\t<ObjectMeta>\n    Standard object's metadata. More info:\n",
            "\n  status\t<Object>\n    <no description>\n");

    // a changed schema gets a new hash, so kubectl's cache (same --cache-dir) does not serve the
    // old
    ok(
        "apply",
        "--server-side",
        "-f",
        file(
            "ks2.yaml",
            KUSTOMIZATION_CRD.replace(
                "prune: {",
                "suspend: {description: Suspend the reconciliation., type: boolean}\n"
                    + " ".repeat(14)
                    + "prune: {")));
    assertThat(ok("explain", "kustomizations.spec").out())
        .contains("\n  suspend\t<boolean>\n    Suspend the reconciliation.\n");

    // kubectl's discovery cache still knows the resource; the OpenAPI root no longer lists it
    ok("delete", "crd", "kustomizations.kustomize.toolkit.fluxcd.io");
    Result gone = kubectl.run("explain", "kustomizations.spec");
    assertFails(
        gone,
        "error: couldn't find resource for"
            + " \"kustomize.toolkit.fluxcd.io/v1, Resource=kustomizations\"\n");
  }

  @Test
  void explainAChosenVersionOfAHelmRelease() throws Exception {
    ok("apply", "--server-side", "-f", file("hr.yaml", HELMRELEASE_CRD));
    Result v2 = ok("explain", "helmreleases", "--api-version=helm.toolkit.fluxcd.io/v2");
    assertThat(v2.out())
        .startsWith(
            heading("helm.toolkit.fluxcd.io", "HelmRelease", "v2", null)
                + """
                HelmRelease is the Schema for the helmreleases API
               \s
            FIELDS:
              apiVersion\t<string>
                APIVersion defines the versioned schema of this representation of an object.
                Servers should convert recognized schemas to the latest internal value, and
                may reject unrecognized values. More info:
                https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#resources

              kind\t<string>
            """)
        .contains(
            """
              metadata\t<ObjectMeta>
                Standard object's metadata. More info:
                https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata

              spec\t<Object>
                HelmReleaseSpec defines the desired state of a Helm release.

              status\t<Object>
                HelmReleaseStatus defines the observed state of a HelmRelease.
            """);

    Result beta =
        ok("explain", "helmreleases.spec", "--api-version=helm.toolkit.fluxcd.io/v2beta2");
    assertThat(beta.out())
        .startsWith(heading("helm.toolkit.fluxcd.io", "HelmRelease", "v2beta2", "spec <Object>"))
        .contains("\n  chart\t<Object>\n");
  }

  @Test
  void strictValidationRejectsAnUnknownFieldWithKubectlsMessage() throws Exception {
    ok("create", "namespace", "strict");
    String bad =
        file(
            "bad.yaml",
            """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: web, namespace: strict}
            spec:
              replicas: 1
              foo: bar
              selector: {matchLabels: {app: web}}
              template:
                metadata: {labels: {app: web}}
                spec:
                  containers:
                  - {name: nginx, image: "nginx:1.27", imagePullPolice: Always}
            """);
    Result strict = kubectl.run("apply", "--validate=strict", "-f", bad);
    assertThat(strict.code()).isEqualTo(1);
    assertThat(strict.out()).isEmpty();
    assertThat(strict.err())
        .isEqualTo(
            "Error from server (BadRequest): error when creating \""
                + bad
                + "\": Deployment in version \"v1\" cannot be handled as a Deployment: strict"
                + " decoding error: unknown field \"spec.foo\", unknown field"
                + " \"spec.template.spec.containers[0].imagePullPolice\"\n");
    assertThat(kubectl.run("get", "deployment", "web", "-n", "strict").code()).isEqualTo(1);

    Result warn = ok("apply", "--validate=warn", "-f", bad);
    assertThat(warn.out()).isEqualTo("deployment.apps/web created\n");
    assertThat(warn.err())
        .isEqualTo(
            "Warning: unknown field \"spec.foo\"\n"
                + "Warning: unknown field \"spec.template.spec.containers[0].imagePullPolice\"\n");
    assertThat(ok("get", "deployment", "web", "-n", "strict", "-o", "jsonpath={.spec}").out())
        .doesNotContain("foo", "imagePullPolice");
  }

  @Test
  void clientSideApplyPatchesListsByTheirMergeKeys() throws Exception {
    ok("create", "namespace", "csa");
    String v1 =
        """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: app, namespace: csa}
        spec:
          selector: {matchLabels: {app: app}}
          template:
            metadata: {labels: {app: app}}
            spec:
              containers:
              - {name: web, image: "nginx:1.27", env: [{name: A, value: "1"}]}
              - {name: sidecar, image: "busybox:1.36"}
        """;
    ok("apply", "-f", file("app1.yaml", v1));
    ok("set", "env", "deployment/app", "-n", "csa", "-c", "sidecar", "MANUAL=yes");
    Result again =
        ok(
            "apply",
            "-f",
            file("app2.yaml", v1.replace("nginx:1.27", "nginx:1.28").replace("\"1\"", "\"2\"")));
    assertThat(again.out()).isEqualTo("deployment.apps/app configured\n");
    String containers =
        ok(
                "get",
                "deployment",
                "app",
                "-n",
                "csa",
                "-o",
                "jsonpath={range .spec.template.spec.containers[*]}{.name}={.image}"
                    + " {.env[*].name}:{.env[*].value};{end}")
            .out();
    assertThat(containers)
        .as("merged by name: the sidecar keeps the env set outside the manifest")
        .isEqualTo("web=nginx:1.28 A:2;sidecar=busybox:1.36 MANUAL:yes;");
  }
}
