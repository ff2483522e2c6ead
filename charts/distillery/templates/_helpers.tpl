{{/*
The operator's name: <release>-operator, so that release "distillery" names every object as
manifests/ does (distillery-operator). fullnameOverride replaces it.
*/}}
{{- define "distillery.fullname" -}}
{{- default (printf "%s-operator" .Release.Name) .Values.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* Labels that select the operator's pods: the name manifests/ uses, plus the release. */}}
{{- define "distillery.selectorLabels" -}}
app.kubernetes.io/name: distillery-operator
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{/* Labels of every object the chart renders. */}}
{{- define "distillery.labels" -}}
{{ include "distillery.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
{{- end -}}

{{- define "distillery.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "distillery.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- required "serviceAccount.name is required when serviceAccount.create is false" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{/*
What the operator needs in every watched namespace, and nothing more: it reads and patches
Distillations (its finalizer by patch, the status by server-side apply), creates Jobs and flips
their spec.suspend (never updates them; ownerReferences delete them, and the operator deletes only
the unfinished Jobs of a suspended run queued through Kueue, which owns their suspend), reads pods
for termination messages, and writes Events. It cannot read Secrets: steps get credentials by
secretKeyRef. The same rules as manifests/020-ClusterRole-distillery-operator.yaml.
*/}}
{{- define "distillery.operatorRules" -}}
- apiGroups: ["distillery.dev"]
  resources: ["distillations"]
  verbs: ["get", "list", "watch", "patch"]
- apiGroups: ["distillery.dev"]
  resources: ["distillations/status"]
  verbs: ["patch"]
# Creating Jobs with blockOwnerDeletion needs this where OwnerReferencesPermissionEnforcement runs.
- apiGroups: ["distillery.dev"]
  resources: ["distillations/finalizers"]
  verbs: ["update"]
- apiGroups: ["batch"]
  resources: ["jobs"]
  verbs: ["get", "list", "watch", "create", "patch", "delete"]
- apiGroups: [""]
  resources: ["pods"]
  verbs: ["get", "list", "watch"]
- apiGroups: ["", "events.k8s.io"]
  resources: ["events"]
  verbs: ["create", "patch"]
{{- end -}}

{{/* Settings that cannot work together stop the install with one message. */}}
{{- define "distillery.validate" -}}
{{- if and (gt (int .Values.replicaCount) 1) (not .Values.leaderElection.enabled) -}}
{{- fail (printf "replicaCount is %d but leaderElection.enabled is false: every replica would reconcile the same Distillations; enable leader election or set replicaCount: 1" (int .Values.replicaCount)) -}}
{{- end -}}
{{- if and .Values.podDisruptionBudget.enabled (lt (int .Values.replicaCount) 2) -}}
{{- fail "podDisruptionBudget.enabled needs replicaCount >= 2: with one replica it would block every node drain" -}}
{{- end -}}
{{- if and .Values.metrics.serviceMonitor.enabled (not .Values.metrics.service.enabled) -}}
{{- fail "metrics.serviceMonitor.enabled needs metrics.service.enabled: the ServiceMonitor scrapes that Service" -}}
{{- end -}}
{{- end -}}
