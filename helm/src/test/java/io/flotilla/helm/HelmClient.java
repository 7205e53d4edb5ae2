package io.flotilla.helm;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.Release;
import com.marcnuri.helm.ReleaseHistory;
import io.flotilla.testkit.TestKube;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Helm's own client (helm-java, Helm 3.21 in process) pointed straight at a {@link TestKube}: it
 * writes its release Secrets in protobuf, as against kube-apiserver, and the embedded API answers
 * them; {@code protobufSecretWrites} counts those writes.
 */
final class HelmClient implements AutoCloseable {
  final String kubeconfig;
  final AtomicInteger protobufSecretWrites = new AtomicInteger();
  private final TestKube kube;

  HelmClient(TestKube kube, Path work) throws IOException {
    this.kube = kube;
    Path file = work.resolve("kubeconfig");
    kube.api().writeKubeconfig(file);
    kubeconfig = Files.readString(file);
    kube.api()
        .onRequest(
            r -> {
              boolean write = r.method().equals("POST") || r.method().equals("PUT");
              if (write
                  && r.path().contains("/secrets")
                  && r.contentType() != null
                  && r.contentType().contains("protobuf")) {
                protobufSecretWrites.incrementAndGet();
              }
            });
  }

  /** {@code helm list -n ns}, a release a line: name, status, revision, chart, app version. */
  List<String> list(String ns) {
    return Helm.list().withNamespace(ns).withKubeConfigContents(kubeconfig).call().stream()
        .map(
            r ->
                String.join(
                    " ",
                    r.getName(),
                    r.getStatus(),
                    r.getRevision(),
                    r.getChart(),
                    r.getAppVersion()))
        .toList();
  }

  /** {@code helm history name -n ns}. */
  List<ReleaseHistory> history(String ns, String name) {
    return Helm.history(name).withNamespace(ns).withKubeConfigContents(kubeconfig).call();
  }

  /** {@code helm status name -n ns}. */
  Release status(String ns, String name) {
    return Helm.status(name).withNamespace(ns).withKubeConfigContents(kubeconfig).call();
  }

  /** {@code helm get values name -n ns}. */
  String values(String ns, String name) {
    return Helm.get(name).values().withNamespace(ns).withKubeConfigContents(kubeconfig).call();
  }

  @Override
  public void close() {
    kube.api().onRequest(null);
  }
}
