{{/* vim: set filetype=mustache: */}}

{{/* Chart name, overridable with nameOverride. */}}
{{- define "refinery.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Fully qualified app name (prefix of every resource). If the release name already contains the
chart name it is used as is.
*/}}
{{- define "refinery.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "refinery.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Labels on every resource. */}}
{{- define "refinery.labels" -}}
helm.sh/chart: {{ include "refinery.chart" . }}
app.kubernetes.io/name: {{ include "refinery.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: refinery
{{- with .Values.commonLabels }}
{{ toYaml . }}
{{- end }}
{{- end }}

{{/* Selector labels of one workload: dict "root" $ "service" NAME "role" ROLE */}}
{{- define "refinery.selectorLabels" -}}
app.kubernetes.io/name: {{ include "refinery.name" .root }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .service }}
refinery.dev/role: {{ .role }}
{{- end }}

{{/* Name of one workload (Deployment, HPA, PDB): <fullname>-<service>[-<role>]. */}}
{{- define "refinery.workloadName" -}}
{{- $base := printf "%s-%s" (include "refinery.fullname" .root) .service }}
{{- if or (eq .service "gateway") (eq .role "all") }}
{{- $base | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" $base .role | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}

{{- define "refinery.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "refinery.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/* Name of the chart-managed Secret (connection URLs and gateway secrets). */}}
{{- define "refinery.secretName" -}}
{{- printf "%s-secrets" (include "refinery.fullname" .) | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Every workload the release runs, as JSON {"items":[{"service":..,"role":..}]}; the gateway comes
first. Callers look the values up in .Values themselves (see refinery.deployment).
*/}}
{{- define "refinery.workloads" -}}
{{- $items := list }}
{{- if .Values.gateway.enabled }}
{{- $items = append $items (dict "service" "gateway" "role" "api") }}
{{- end }}
{{- range $svc := list "records" "embeddings" "heuristics" "weak-supervision" "export" }}
{{- $cfg := index $.Values.services $svc }}
{{- if $cfg.enabled }}
{{- range $role := $cfg.roles }}
{{- $items = append $items (dict "service" $svc "role" $role) }}
{{- end }}
{{- end }}
{{- end }}
{{- dict "items" $items | toJson }}
{{- end }}

{{/* Container image of a service: dict "root" $ "image" <per-service override map>. */}}
{{- define "refinery.image" -}}
{{- $g := .root.Values.global.image }}
{{- $o := .image | default dict }}
{{- $repo := default $g.repository $o.repository }}
{{- $digest := default $g.digest $o.digest }}
{{- if $digest }}
{{- printf "%s@%s" $repo $digest }}
{{- else }}
{{- printf "%s:%s" $repo (default (default .root.Chart.AppVersion $g.tag) $o.tag) }}
{{- end }}
{{- end }}

{{- define "refinery.imagePullPolicy" -}}
{{- $o := .image | default dict }}
{{- default (default "IfNotPresent" .root.Values.global.image.pullPolicy) $o.pullPolicy }}
{{- end }}

{{/*
secretKeyRef of one value: dict "root" $ "existingSecret" NAME "existingSecretKey" KEY "key" DEFAULTKEY
Uses the existing Secret when named, otherwise the chart-managed one.
*/}}
{{- define "refinery.secretKeyRef" -}}
secretKeyRef:
  {{- if .existingSecret }}
  name: {{ .existingSecret | quote }}
  key: {{ default .key .existingSecretKey | quote }}
  {{- else }}
  name: {{ include "refinery.secretName" .root | quote }}
  key: {{ .key | quote }}
  {{- end }}
{{- end }}

{{/* An httpGet probe: dict "probe" <merged probe values> */}}
{{- define "refinery.probe" -}}
httpGet:
  path: {{ .probe.path }}
  port: http
initialDelaySeconds: {{ .probe.initialDelaySeconds | default 0 }}
periodSeconds: {{ .probe.periodSeconds | default 10 }}
timeoutSeconds: {{ .probe.timeoutSeconds | default 3 }}
failureThreshold: {{ .probe.failureThreshold | default 3 }}
{{- with .probe.successThreshold }}
successThreshold: {{ . }}
{{- end }}
{{- end }}

{{/* Whether the connection is configured (URL or existing Secret): "true" or "". */}}
{{- define "refinery.connectionSet" -}}
{{- if or .url .existingSecret }}true{{ end }}
{{- end }}
