package io.flotilla.controllers.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flotilla.api.flux.image.ImageRef;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The commit message template: Flux's documented example renders as Go renders it. */
class CommitTemplateTest {
  static Object data() throws Exception {
    String deploy =
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: podinfo\n  namespace: apps\n"
            + "spec:\n  image: ghcr.io/org/podinfo:6.0.0 # {\"$imagepolicy\": \"apps:podinfo\"}\n";
    var files = new TreeMap<String, Setters.Result>();
    files.put(
        "deploy/podinfo.yaml",
        Setters.apply(
            deploy,
            Map.of("apps:podinfo", new ImageRef("ghcr.io/org/podinfo", "6.5.1", null)),
            "deploy/podinfo.yaml"));
    return TemplateData.of(
        "flux-system",
        "podinfo-auto",
        new TreeUpdate.Changed(Path.of("."), files),
        Map.of("env", "prod"));
  }

  @Test
  void fluxDocumentedTemplate() throws Exception {
    String template =
        """
        Automated image update

        Automation name: {{ .AutomationObject }}

        Files:
        {{ range $filename, $_ := .Changed.FileChanges -}}
        - {{ $filename }}
        {{ end -}}

        Objects:
        {{ range $resource, $changes := .Changed.Objects -}}
        - {{ $resource.Kind }} {{ $resource.Name }}
          Changes:
        {{- range $_, $change := $changes }}
            - {{ $change.OldValue }} -> {{ $change.NewValue }}
        {{ end -}}
        {{ end -}}
        {{/* a comment */}}env={{ .Values.env }} n={{ len .Changed.Changes }}{{ if .Values.missing }}x{{ else }} ok{{ end }}
        """;
    String out = CommitTemplate.parse(template).render(data());
    assertThat(out)
        .isEqualTo(
            """
            Automated image update

            Automation name: flux-system/podinfo-auto

            Files:
            - deploy/podinfo.yaml
            Objects:
            - Deployment podinfo
              Changes:
                - ghcr.io/org/podinfo:6.0.0 -> ghcr.io/org/podinfo:6.5.1
            env=prod n=1 ok
            """);
  }

  @Test
  void errorsInGoWordsAndTheRemovedUpdatedField() throws Exception {
    assertThatThrownBy(() -> CommitTemplate.parse("{{ range .Changed.Objects }}"))
        .hasMessageContaining("template: commit message:1: unexpected EOF");
    assertThatThrownBy(() -> CommitTemplate.parse("{{ frobnicate .X }}"))
        .hasMessageContaining("function \"frobnicate\" not defined");
    assertThatThrownBy(() -> CommitTemplate.parse("{{ .Changed.Nope }}").render(data()))
        .hasMessageContaining("can't evaluate field Nope in type update.Result");
    assertThat(
            CommitTemplate.parse("{{ range .Updated.Images }}{{ end }}").readsTopLevel("Updated"))
        .isTrue();
    assertThat(CommitTemplate.parse("{{ .Changed }}").readsTopLevel("Updated")).isFalse();
  }
}
