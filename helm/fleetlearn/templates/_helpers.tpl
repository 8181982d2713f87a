{{/*
Helpers of the FleetLearn chart. Names, labels, images and the Pod Security "restricted" contexts
are defined once here; every template uses them, and the render tests check the result.
*/}}

{{/* The chart name, or nameOverride. */}}
{{- define "fleetlearn.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/*
The prefix of every resource name: fullnameOverride, else "<release>-<chart>" (just the release
when it already contains the chart name). 63 characters at most (DNS label); components add a
suffix, so the prefix keeps room for it.
*/}}
{{- define "fleetlearn.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 40 | trimSuffix "-" -}}
{{- else -}}
{{- $name := default .Chart.Name .Values.nameOverride -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 40 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 40 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{/* Names of the components. */}}
{{- define "fleetlearn.coordinator.fullname" -}}{{ include "fleetlearn.fullname" . }}-coordinator{{- end -}}
{{- define "fleetlearn.broker.fullname" -}}{{ include "fleetlearn.fullname" . }}-broker{{- end -}}
{{- define "fleetlearn.simulator.fullname" -}}{{ include "fleetlearn.fullname" . }}-simulator{{- end -}}

{{/* The Secret holding the API token and the broker passwords. */}}
{{- define "fleetlearn.secretName" -}}
{{- default (printf "%s-credentials" (include "fleetlearn.fullname" .)) .Values.auth.existingSecret -}}
{{- end -}}

{{- define "fleetlearn.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "fleetlearn.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- default "default" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{/* Selector labels: stable for the life of a release (a selector cannot change on upgrade). */}}
{{- define "fleetlearn.selectorLabels" -}}
app.kubernetes.io/name: {{ include "fleetlearn.name" .context }}
app.kubernetes.io/instance: {{ .context.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end -}}

{{/* Every label; call with (dict "context" $ "component" "coordinator"). */}}
{{- define "fleetlearn.labels" -}}
{{ include "fleetlearn.selectorLabels" . }}
helm.sh/chart: {{ printf "%s-%s" .context.Chart.Name .context.Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
app.kubernetes.io/version: {{ .context.Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .context.Release.Service }}
app.kubernetes.io/part-of: fleetlearn
{{- with .context.Values.commonLabels }}
{{ toYaml . }}
{{- end }}
{{- end -}}

{{/* An image reference from {repository, tag, digest}; the tag defaults to appVersion. */}}
{{- define "fleetlearn.image" -}}
{{- $image := .image -}}
{{- if $image.digest -}}
{{- printf "%s@%s" $image.repository $image.digest -}}
{{- else -}}
{{- printf "%s:%s" $image.repository (default .context.Chart.AppVersion $image.tag) -}}
{{- end -}}
{{- end -}}

{{/*
Pod Security "restricted", pod level; call with (dict "user" 10001 "group" 10001 "fsGroup" 10001).
fsGroupChangePolicy OnRootMismatch: a large RocksDB volume is not re-chowned on every start.
*/}}
{{- define "fleetlearn.podSecurityContext" -}}
runAsNonRoot: true
runAsUser: {{ .user }}
runAsGroup: {{ .group }}
fsGroup: {{ .fsGroup }}
fsGroupChangePolicy: OnRootMismatch
seccompProfile:
  type: RuntimeDefault
{{- end -}}

{{/* Pod Security "restricted", container level: the same for every container, init and test. */}}
{{- define "fleetlearn.containerSecurityContext" -}}
runAsNonRoot: true
allowPrivilegeEscalation: false
readOnlyRootFilesystem: true
privileged: false
capabilities:
  drop:
    - ALL
seccompProfile:
  type: RuntimeDefault
{{- end -}}

{{/* Whether Mosquitto runs in the chart. */}}
{{- define "fleetlearn.broker.inChart" -}}
{{- if eq .Values.broker.type "mosquitto" -}}true{{- end -}}
{{- end -}}

{{/* Port and scheme the chart's own MQTT clients use for the in-chart broker. */}}
{{- define "fleetlearn.broker.clientPort" -}}
{{- if .Values.broker.tls.enabled -}}8883{{- else -}}1883{{- end -}}
{{- end -}}

{{/* The broker URL every client in the chart (coordinator, simulator) connects to. */}}
{{- define "fleetlearn.broker.url" -}}
{{- if include "fleetlearn.broker.inChart" . -}}
{{- $scheme := ternary "ssl" "tcp" .Values.broker.tls.enabled -}}
{{- printf "%s://%s.%s.svc:%s" $scheme (include "fleetlearn.broker.fullname" .) .Release.Namespace (include "fleetlearn.broker.clientPort" .) -}}
{{- else -}}
{{- .Values.broker.external.url -}}
{{- end -}}
{{- end -}}

{{/* The Secret with ca.crt that clients trust for ssl://, or nothing (the JVM's own CAs). */}}
{{- define "fleetlearn.broker.caSecret" -}}
{{- if include "fleetlearn.broker.inChart" . -}}
{{- if .Values.broker.tls.enabled -}}{{ .Values.broker.tls.existingSecret }}{{- end -}}
{{- else if hasPrefix "ssl://" .Values.broker.external.url -}}
{{- .Values.broker.external.caSecret -}}
{{- end -}}
{{- end -}}

{{/*
The simulated fleet's device ids, one per line, as the simulator names them: "{profile}-{nn}",
numbered per profile from 0 over the whole fleet (FleetFile.members()).
*/}}
{{- define "fleetlearn.simulation.deviceIds" -}}
{{- $next := dict -}}
{{- range .Values.simulation.fleet.devices -}}
{{- $profile := .profile -}}
{{- range until (int .count) -}}
{{- $n := int (get $next $profile | default 0) -}}
{{- printf "%s-%02d\n" $profile $n -}}
{{- $_ := set $next $profile (add1 $n) -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{/* Fails the render with a message naming the value, for rules a JSON schema cannot state. */}}
{{- define "fleetlearn.validate" -}}
{{- if and (ne .Values.broker.type "mosquitto") (not .Values.broker.external.url) -}}
{{- fail (printf "broker.type is %s, so broker.external.url must be set (tcp://host:1883 or ssl://host:8883)" .Values.broker.type) -}}
{{- end -}}
{{- if and .Values.broker.tls.enabled (not .Values.broker.tls.existingSecret) -}}
{{- fail "broker.tls.enabled is true, so broker.tls.existingSecret must name a Secret with tls.crt, tls.key and ca.crt" -}}
{{- end -}}
{{- if and .Values.simulation.enabled .Values.simulation.parallelism (lt (int .Values.simulation.parallelism) (int .Values.simulation.shards)) -}}
{{- fail (printf "simulation.parallelism (%d) is below simulation.shards (%d): shard 0 waits for the whole fleet to be online, so every shard must run at once" (int .Values.simulation.parallelism) (int .Values.simulation.shards)) -}}
{{- end -}}
{{- end -}}
