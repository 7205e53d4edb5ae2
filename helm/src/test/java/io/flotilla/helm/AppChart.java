package io.flotilla.helm;

import io.flotilla.testkit.OpenCrd;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The lifecycle tests' chart: a library-chart dependency (as a packaged .tgz in charts/), crds/, a
 * values.schema.json, a kubeVersion constraint, a Deployment, hooks with weights and delete
 * policies, a test hook and NOTES.
 */
final class AppChart {
  private AppChart() {}

  /** A Job template {@code <release>-<name>} running {@code image} once, with these annotations. */
  private static String job(String name, String image, String annotations) {
    return """
        apiVersion: batch/v1
        kind: Job
        metadata:
          name: {{ .Release.Name }}-%s
          annotations:
        %s\
        spec:
          template:
            spec:
              restartPolicy: Never
              containers:
              - name: %s
                image: %s
        """
        .formatted(name, annotations.indent(4), name, image);
  }

  static Map<String, String> files(String version, boolean withExtra, String hookImage) {
    Map<String, String> f = new LinkedHashMap<>();
    f.put(
        "Chart.yaml",
        """
        apiVersion: v2
        name: app
        version: %s
        appVersion: "2.0"
        kubeVersion: ">=1.20.0-0"
        dependencies:
        - name: common
          version: 0.1.0
          repository: file://../common
        """
            .formatted(version));
    f.put("values.yaml", "message: hello\nreplicas: 1\n");
    f.put(
        "values.schema.json",
        """
        {"$schema": "http://json-schema.org/draft-07/schema#", "type": "object",
         "required": ["message"],
         "properties": {"message": {"type": "string"}, "replicas": {"type": "integer"}}}
        """);
    f.put("crds/widgets.yaml", OpenCrd.yaml("example.com", "Widget", "widgets"));
    f.put(
        "templates/cm.yaml",
        """
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: {{ include "common.name" . }}-config
        data:
          message: {{ .Values.message | quote }}
        """);
    if (withExtra) {
      f.put(
          "templates/extra.yaml",
          """
          apiVersion: v1
          kind: ConfigMap
          metadata:
            name: {{ .Release.Name }}-extra
          data: {a: b}
          """);
    }
    f.put(
        "templates/widget.yaml",
        """
        apiVersion: example.com/v1
        kind: Widget
        metadata:
          name: {{ .Release.Name }}-widget
        spec:
          size: 3
        """);
    f.put(
        "templates/deploy.yaml",
        """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: {{ .Release.Name }}-web
        spec:
          replicas: {{ .Values.replicas }}
          selector: {matchLabels: {app: web}}
          template:
            metadata: {labels: {app: web}}
            spec:
              containers:
              - name: web
                image: nginx:1.27
        """);
    f.put(
        "templates/hooks.yaml",
        job(
                "migrate",
                hookImage,
                """
                helm.sh/hook: pre-install,pre-upgrade
                helm.sh/hook-weight: "5"
                helm.sh/hook-delete-policy: hook-succeeded
                """)
            + """
            ---
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: {{ .Release.Name }}-prepare
              annotations:
                helm.sh/hook: pre-install,pre-upgrade
                helm.sh/hook-weight: "-5"
            data: {step: prepare}
            """);
    f.put("templates/tests/smoke.yaml", job("smoke", "busybox:1.36", "helm.sh/hook: test\n"));
    f.put("templates/NOTES.txt", "Visit {{ .Release.Name }} in {{ .Release.Namespace }}\n");
    return f;
  }

  /** The chart packaged with the library chart as charts/common-0.1.0.tgz. */
  static LoadedChart load(Path work, String version, boolean withExtra, String hookImage)
      throws Exception {
    Map<String, byte[]> entries = new LinkedHashMap<>();
    files(version, withExtra, hookImage)
        .forEach((k, v) -> entries.put("app/" + k, v.getBytes(StandardCharsets.UTF_8)));
    entries.put("app/charts/common-0.1.0.tgz", library(work));
    Path tgz =
        TestCharts.raw(work.resolve("app-" + version + "-" + System.nanoTime() + ".tgz"), entries);
    return (LoadedChart) Charts.load(tgz);
  }

  static byte[] library(Path work) throws IOException {
    Path lib =
        TestCharts.tgz(
            work,
            "common",
            Map.of(
                "Chart.yaml",
                "apiVersion: v2\nname: common\nversion: 0.1.0\ntype: library\n",
                "templates/_helpers.tpl",
                "{{- define \"common.name\" -}}{{ .Release.Name }}-{{ .Chart.Name }}{{- end -}}\n"));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Files.copy(lib, out);
    return out.toByteArray();
  }
}
