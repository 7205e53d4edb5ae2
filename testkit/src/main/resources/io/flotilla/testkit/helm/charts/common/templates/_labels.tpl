{{- define "common.labels.matchLabels" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "common.labels.standard" -}}
{{ include "common.labels.matchLabels" . }}
helm.sh/chart: {{ include "common.names.chart" . }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end -}}
