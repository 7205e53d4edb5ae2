package io.flotilla.controllers.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flotilla.api.flux.image.ImageRef;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The Setters strategy on file text: only marked values change, everything else stays. */
class SettersTest {
  static final Map<String, ImageRef> POLICIES =
      Map.of(
          "apps:podinfo",
          new ImageRef("ghcr.io/org/podinfo", "6.5.1", "sha256:abc"),
          "apps:plain",
          new ImageRef("ghcr.io/org/plain", "1.2.3", null));

  @Test
  void replacesMarkedValuesKeepingCommentsQuotesAndLayout() throws Exception {
    String in =
        """
        # the app
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: podinfo   # keep me
          namespace: apps
        spec:
          template:
            spec:
              containers:
              - name: app
                image: ghcr.io/org/podinfo:6.0.0 # {"$imagepolicy": "apps:podinfo"}
              - name: sidecar
                image: "ghcr.io/org/plain:1.0.0"   # {"$imagepolicy": "apps:plain"}
                env:
                - {name: X, value: "y"}
        ---
        apiVersion: kustomize.config.k8s.io/v1beta1
        kind: Kustomization
        images:
        - name: podinfo
          newName: old/name # {"$imagepolicy": "apps:podinfo:name"}
          newTag: '6.0.0' # {"$imagepolicy": "apps:podinfo:tag"}
          digest: sha256:old # {"$imagepolicy": "apps:podinfo:digest"}
        """;
    Setters.Result r = Setters.apply(in, POLICIES, "deploy/app.yaml");
    assertThat(r.text())
        .isEqualTo(
            in.replace("podinfo:6.0.0 #", "podinfo:6.5.1@sha256:abc #")
                .replace("\"ghcr.io/org/plain:1.0.0\"", "\"ghcr.io/org/plain:1.2.3\"")
                .replace("newName: old/name", "newName: ghcr.io/org/podinfo")
                .replace("newTag: '6.0.0'", "newTag: '6.5.1'")
                .replace("digest: sha256:old", "digest: sha256:abc"));
    assertThat(r.changes()).hasSize(5);
    Setters.Change first = r.changes().get(0);
    assertThat(first.object())
        .isEqualTo(new Setters.ObjectId("apps/v1", "Deployment", "podinfo", "apps"));
    assertThat(first.oldValue()).isEqualTo("ghcr.io/org/podinfo:6.0.0");
    assertThat(first.setter()).isEqualTo("apps:podinfo");
    assertThat(r.changes().get(2).object().kind()).isEqualTo("Kustomization");
  }

  @Test
  void anUpToDateFileIsUnchanged() throws Exception {
    String in = "image: ghcr.io/org/plain:1.2.3 # {\"$imagepolicy\": \"apps:plain\"}\n";
    Setters.Result r = Setters.apply(in, POLICIES, "a.yaml");
    assertThat(r.changes()).isEmpty();
    assertThat(r.text()).isSameAs(in);
  }

  @Test
  void aMarkerNamingAMissingPolicyIsRefusedWithFileAndLine() {
    String in = "a: 1\nimage: x:1 # {\"$imagepolicy\": \"apps:gone\"}\n";
    assertThatThrownBy(() -> Setters.apply(in, POLICIES, "deploy/app.yaml"))
        .hasMessageContaining("deploy/app.yaml:2")
        .hasMessageContaining("ImagePolicy 'apps/gone'");
  }

  @Test
  void aDigestMarkerWithoutReflectedDigestSaysWhatToSet() {
    String in = "d: x # {\"$imagepolicy\": \"apps:plain:digest\"}\n";
    assertThatThrownBy(() -> Setters.apply(in, POLICIES, "a.yaml"))
        .hasMessageContaining("digestReflectionPolicy");
  }
}
