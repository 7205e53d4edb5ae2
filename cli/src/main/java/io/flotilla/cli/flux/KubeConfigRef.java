package io.flotilla.cli.flux;

import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine.Option;

/** {@code --kubeconfig-secret-ref} of a Kustomization or HelmRelease: apply to a remote cluster. */
final class KubeConfigRef {
  @Option(
      names = "--kubeconfig-secret-ref",
      description =
          "the name of the Kubernetes Secret that contains a key with the kubeconfig file for connecting to a remote cluster")
  String kubeConfigSecretRef;

  /** {@code spec.kubeConfig.secretRef.name}, when the flag is set. */
  void writeTo(ObjectNode spec) {
    if (!Specs.empty(kubeConfigSecretRef)) {
      spec.putObject("kubeConfig").putObject("secretRef").put("name", kubeConfigSecretRef);
    }
  }
}
