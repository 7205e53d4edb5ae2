package io.flotilla.kustomize.conformance;

import java.util.Map;

/**
 * Fixed files {@link OverlayGrammar} drops into an overlay: a custom kind's schema for {@code
 * crds}, an OpenAPI document for {@code openapi}, a {@code configurations} file and a small Helm
 * chart. Parameterized only where the grammar varies them.
 */
final class OverlayParts {
  private OverlayParts() {}

  /** A custom kind whose spec refers to a ConfigMap and a Secret, in kustomize's crds format. */
  static final String CRD_SCHEMA =
      """
      {
        "example.com/v1.Widget": {
          "Schema": {
            "description": "Widget",
            "properties": {
              "apiVersion": {"type": "string"},
              "kind": {"type": "string"},
              "metadata": {"$ref": "k8s.io/apimachinery/pkg/apis/meta/v1.ObjectMeta"},
              "spec": {"$ref": "example.com/v1.WidgetSpec"}
            }
          },
          "Dependencies": ["example.com/v1.WidgetSpec"]
        },
        "example.com/v1.WidgetSpec": {
          "Schema": {
            "description": "WidgetSpec",
            "properties": {
              "configRef": {
                "type": "object",
                "x-kubernetes-object-ref-api-version": "v1",
                "x-kubernetes-object-ref-kind": "ConfigMap"
              },
              "secretRef": {
                "type": "object",
                "x-kubernetes-object-ref-api-version": "v1",
                "x-kubernetes-object-ref-kind": "Secret"
              }
            }
          }
        }
      }
      """;

  /**
   * An OpenAPI v2 document for the custom kind only: {@code spec.items} merge by name. It replaces
   * kustomize's built-in schema, so built-in kinds' lists are replaced by patches, not merged.
   */
  static final String OPENAPI_SCHEMA =
      """
      {
        "definitions": {
          "v1.Widget": {
            "properties": {
              "apiVersion": {"type": "string"},
              "kind": {"type": "string"},
              "metadata": {"type": "object"},
              "spec": {
                "properties": {
                  "items": {
                    "items": {"$ref": "#/definitions/v1.WidgetItem"},
                    "type": "array",
                    "x-kubernetes-patch-merge-key": "name",
                    "x-kubernetes-patch-strategy": "merge"
                  }
                },
                "type": "object"
              }
            },
            "type": "object",
            "x-kubernetes-group-version-kind": [
              {"group": "example.com", "kind": "Widget", "version": "v1"}
            ]
          },
          "v1.WidgetItem": {
            "properties": {"name": {"type": "string"}, "size": {"type": "integer"}},
            "type": "object"
          }
        }
      }
      """;

  /** {@code configurations}: a Widget's spec/peer names a Service; labels go to spec/labels. */
  static final String CONFIGURATIONS =
      """
      nameReference:
      - kind: Service
        version: v1
        fieldSpecs:
        - path: spec/peer
          kind: Widget
      commonLabels:
      - path: spec/labels
        kind: Widget
        create: true
      """;

  static String widget(String name, String config, String secret, String peer, int items) {
    StringBuilder w = new StringBuilder();
    w.append("apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: ").append(name);
    w.append("\nspec:\n");
    if (config != null) w.append("  configRef:\n    name: ").append(config).append('\n');
    if (secret != null) w.append("  secretRef:\n    name: ").append(secret).append('\n');
    if (peer != null) w.append("  peer: ").append(peer).append('\n');
    w.append("  items:\n");
    for (int i = 0; i < items; i++) {
      w.append("  - name: item").append(i).append("\n    size: ").append(i + 1).append('\n');
    }
    return w.toString();
  }

  /** A chart rendering a Deployment, a Service and a ConfigMap from its values. */
  static Map<String, String> chart(String dir) {
    return Map.of(
        dir + "/Chart.yaml",
        "apiVersion: v2\nname: web\nversion: 0.1.0\nappVersion: \"1.0.0\"\n",
        dir + "/values.yaml",
        """
        replicaCount: 1
        image:
          repository: nginx
          tag: "1.25"
        service:
          port: 80
        greeting: hello
        """,
        dir + "/templates/_helpers.tpl",
        """
        {{- define "web.fullname" -}}
        {{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" -}}
        {{- end -}}
        """,
        dir + "/templates/deployment.yaml",
        """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: {{ include "web.fullname" . }}
          labels:
            app.kubernetes.io/instance: {{ .Release.Name }}
        spec:
          replicas: {{ .Values.replicaCount }}
          selector:
            matchLabels:
              app.kubernetes.io/instance: {{ .Release.Name }}
          template:
            metadata:
              labels:
                app.kubernetes.io/instance: {{ .Release.Name }}
            spec:
              containers:
              - name: web
                image: "{{ .Values.image.repository }}:{{ .Values.image.tag }}"
                envFrom:
                - configMapRef:
                    name: {{ include "web.fullname" . }}-config
        """,
        dir + "/templates/service.yaml",
        """
        apiVersion: v1
        kind: Service
        metadata:
          name: {{ include "web.fullname" . }}
          namespace: {{ .Release.Namespace }}
        spec:
          ports:
          - port: {{ .Values.service.port }}
          selector:
            app.kubernetes.io/instance: {{ .Release.Name }}
        """,
        dir + "/templates/configmap.yaml",
        """
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: {{ include "web.fullname" . }}-config
        data:
          greeting: {{ .Values.greeting | quote }}
        """);
  }

  /**
   * An HPA, a PDB, an Ingress, a StorageClass, a StatefulSet with a claim template and a CronJob,
   * each naming {@code target} (or the Secret {@code creds}); {@code suffix} keeps names unique.
   */
  static String moreKinds(
      String suffix, String target, String nsLine, String image, String image2) {
    return """
        apiVersion: autoscaling/v2
        kind: HorizontalPodAutoscaler
        metadata:
          name: hpa-{s}
        {ns}spec:
          scaleTargetRef:
            apiVersion: apps/v1
            kind: Deployment
            name: {t}
          minReplicas: 1
          maxReplicas: 3
        ---
        apiVersion: policy/v1
        kind: PodDisruptionBudget
        metadata:
          name: pdb-{s}
        spec:
          minAvailable: 1
          selector:
            matchLabels:
              app: {t}
        ---
        apiVersion: networking.k8s.io/v1
        kind: Ingress
        metadata:
          name: ing-{s}
        spec:
          ingressClassName: nginx
          tls:
          - secretName: creds
          rules:
          - host: {s}.example.com
            http:
              paths:
              - path: /
                pathType: Prefix
                backend:
                  service:
                    name: {t}
                    port:
                      number: 80
        ---
        apiVersion: storage.k8s.io/v1
        kind: StorageClass
        metadata:
          name: fast-{s}
        provisioner: example.com/disk
        ---
        apiVersion: apps/v1
        kind: StatefulSet
        metadata:
          name: sts-{s}
        spec:
          serviceName: {t}
          selector:
            matchLabels:
              app: sts-{s}
          template:
            metadata:
              labels:
                app: sts-{s}
            spec:
              imagePullSecrets:
              - name: creds
              containers:
              - name: main
                image: {img}
                volumeMounts:
                - name: data
                  mountPath: /data
              volumes:
              - name: config
                configMap:
                  name: {t}
          volumeClaimTemplates:
          - metadata:
              name: data
            spec:
              storageClassName: fast-{s}
              accessModes: [ReadWriteOnce]
              resources:
                requests:
                  storage: 1Gi
        ---
        apiVersion: batch/v1
        kind: CronJob
        metadata:
          name: cron-{s}
        spec:
          schedule: "*/5 * * * *"
          jobTemplate:
            spec:
              template:
                spec:
                  restartPolicy: Never
                  serviceAccountName: {t}
                  containers:
                  - name: job
                    image: {img2}
                    envFrom:
                    - secretRef:
                        name: creds
        """
        .replace("{s}", suffix)
        .replace("{ns}", nsLine)
        .replace("{t}", target)
        .replace("{img}", image)
        .replace("{img2}", image2);
  }
}
