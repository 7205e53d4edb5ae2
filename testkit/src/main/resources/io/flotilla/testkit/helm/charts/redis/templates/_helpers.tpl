{{- define "redis.image" -}}
{{- $image := dict "registry" .Values.image.registry "repository" .Values.image.repository "tag" (.Values.image.tag | default .Chart.AppVersion) -}}
{{- include "common.images.image" (dict "imageRoot" $image) -}}
{{- end -}}

{{/* A redis StatefulSet: root (the chart's context), component, replicas, persistence. */}}
{{- define "redis.statefulset" -}}
{{- $root := .root -}}
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: {{ include "common.names.fullname" $root }}-{{ .component }}
  labels:
    {{- include "common.labels.standard" $root | nindent 4 }}
    app.kubernetes.io/component: {{ .component }}
spec:
  replicas: {{ .replicas }}
  serviceName: {{ include "common.names.fullname" $root }}-headless
  selector:
    matchLabels:
      {{- include "common.labels.matchLabels" $root | nindent 6 }}
      app.kubernetes.io/component: {{ .component }}
  template:
    metadata:
      labels:
        {{- include "common.labels.matchLabels" $root | nindent 8 }}
        app.kubernetes.io/component: {{ .component }}
      annotations:
        checksum/configmap: {{ include (print $root.Template.BasePath "/configmap.yaml") $root | sha256sum }}
    spec:
      containers:
        - name: redis
          image: {{ include "redis.image" $root }}
          args: ["/opt/bitnami/redis/etc/redis.conf"]
          env:
            - name: REDIS_REPLICATION_MODE
              value: {{ .component }}
            - name: ALLOW_EMPTY_PASSWORD
              value: {{ ternary "no" "yes" $root.Values.auth.enabled | quote }}
            {{- if $root.Values.auth.enabled }}
            - name: REDIS_PASSWORD
              valueFrom:
                secretKeyRef:
                  name: {{ include "common.names.fullname" $root }}
                  key: redis-password
            {{- end }}
          ports:
            - name: redis
              containerPort: 6379
          volumeMounts:
            - name: redis-data
              mountPath: /data
            - name: config
              mountPath: /opt/bitnami/redis/etc
      volumes:
        - name: config
          configMap:
            name: {{ include "common.names.fullname" $root }}-configuration
        {{- if not .persistence.enabled }}
        - name: redis-data
          emptyDir: {}
        {{- end }}
  {{- if .persistence.enabled }}
  volumeClaimTemplates:
    - metadata:
        name: redis-data
      spec:
        accessModes: ["ReadWriteOnce"]
        resources:
          requests:
            storage: {{ .persistence.size | quote }}
  {{- end }}
{{- end -}}
