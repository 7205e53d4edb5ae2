package io.flotilla.helm;

import io.flotilla.testkit.TestKube;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Helm's own client (helm-java, Helm 3.21 in process) pointed at a {@link TestKube} through {@link
 * ProtobufSecretProxy}: reads go through unchanged, Secret writes are transcoded.
 */
final class HelmClient implements AutoCloseable {
  final ProtobufSecretProxy proxy;
  final String kubeconfig;

  HelmClient(TestKube kube, Path work) throws IOException {
    proxy = new ProtobufSecretProxy(kube.api().url());
    Path file = work.resolve("kubeconfig");
    kube.api().writeKubeconfig(file);
    kubeconfig = Files.readString(file).replace(kube.api().url(), proxy.url());
  }

  @Override
  public void close() {
    proxy.close();
  }
}
