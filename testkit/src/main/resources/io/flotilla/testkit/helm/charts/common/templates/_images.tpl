{{/* "registry/repository:tag" from an image block {registry, repository, tag}. */}}
{{- define "common.images.image" -}}
{{- $registry := .imageRoot.registry -}}
{{- $tag := .imageRoot.tag | toString -}}
{{- if $registry -}}
{{- printf "%s/%s:%s" $registry .imageRoot.repository $tag -}}
{{- else -}}
{{- printf "%s:%s" .imageRoot.repository $tag -}}
{{- end -}}
{{- end -}}
