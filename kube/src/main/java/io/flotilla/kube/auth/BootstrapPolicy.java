package io.flotilla.kube.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flotilla.kube.admission.WriteOpts;
import io.flotilla.kube.base.Json;
import io.flotilla.kube.base.ResourceType;
import io.flotilla.kube.core.ApiCore;
import java.nio.charset.StandardCharsets;

/**
 * The default ClusterRoles and ClusterRoleBindings kube-apiserver creates at start: cluster-admin
 * for {@code system:masters}, discovery and basic-user for every authenticated user, public info
 * for everyone, and the aggregated user-facing roles admin, edit and view. The rules of admin, edit
 * and view are a subset of the real ones (the kinds this server serves), and are also aggregated at
 * evaluation time from any ClusterRole labelled {@code rbac.authorization.k8s.io/aggregate-to-*}.
 */
public final class BootstrapPolicy {
  private BootstrapPolicy() {}

  private static final String READ = "[get, list, watch]";
  private static final String WRITE = "[create, delete, deletecollection, patch, update]";

  static final String OBJECTS =
      """
      - kind: ClusterRole
        metadata: {name: cluster-admin}
        rules:
        - {apiGroups: ["*"], resources: ["*"], verbs: ["*"]}
        - {nonResourceURLs: ["*"], verbs: ["*"]}
      - kind: ClusterRole
        metadata: {name: system:discovery}
        rules:
        - nonResourceURLs: [/api, /api/*, /apis, /apis/*, /healthz, /livez, /openapi, /openapi/*,
            /readyz, /version, /version/]
          verbs: [get]
      - kind: ClusterRole
        metadata: {name: system:basic-user}
        rules:
        - {apiGroups: [authorization.k8s.io], resources: [selfsubjectaccessreviews,
            selfsubjectrulesreviews], verbs: [create]}
        - {apiGroups: [authentication.k8s.io], resources: [selfsubjectreviews], verbs: [create]}
      - kind: ClusterRole
        metadata: {name: system:public-info-viewer}
        rules:
        - {nonResourceURLs: [/healthz, /livez, /readyz, /version, /version/], verbs: [get]}
      - kind: ClusterRole
        metadata: {name: admin}
        aggregationRule:
          clusterRoleSelectors:
          - matchLabels: {rbac.authorization.k8s.io/aggregate-to-admin: "true"}
      - kind: ClusterRole
        metadata:
          name: edit
          labels: {rbac.authorization.k8s.io/aggregate-to-admin: "true"}
        aggregationRule:
          clusterRoleSelectors:
          - matchLabels: {rbac.authorization.k8s.io/aggregate-to-edit: "true"}
      - kind: ClusterRole
        metadata:
          name: view
          labels: {rbac.authorization.k8s.io/aggregate-to-edit: "true"}
        aggregationRule:
          clusterRoleSelectors:
          - matchLabels: {rbac.authorization.k8s.io/aggregate-to-view: "true"}
      - kind: ClusterRole
        metadata:
          name: system:aggregate-to-admin
          labels: {rbac.authorization.k8s.io/aggregate-to-admin: "true"}
        rules:
        - {apiGroups: [authorization.k8s.io], resources: [localsubjectaccessreviews],
            verbs: [create]}
        - {apiGroups: [rbac.authorization.k8s.io], resources: [rolebindings, roles],
            verbs: [create, delete, deletecollection, get, list, patch, update, watch]}
      - kind: ClusterRole
        metadata:
          name: system:aggregate-to-edit
          labels: {rbac.authorization.k8s.io/aggregate-to-edit: "true"}
        rules:
        - {apiGroups: [""], resources: [pods/attach, pods/exec, pods/portforward, pods/proxy,
            secrets, services/proxy], verbs: %1$s}
        - {apiGroups: [""], resources: [serviceaccounts], verbs: [impersonate]}
        - {apiGroups: [""], resources: [pods, pods/attach, pods/exec, pods/portforward,
            pods/proxy], verbs: %2$s}
        - {apiGroups: [""], resources: [pods/eviction], verbs: [create]}
        - {apiGroups: [""], resources: [configmaps, events, persistentvolumeclaims,
            replicationcontrollers, replicationcontrollers/scale, secrets, serviceaccounts,
            services, services/proxy], verbs: %2$s}
        - {apiGroups: [""], resources: [serviceaccounts/token], verbs: [create]}
        - {apiGroups: [apps], resources: [daemonsets, deployments, deployments/rollback,
            deployments/scale, replicasets, replicasets/scale, statefulsets,
            statefulsets/scale], verbs: %2$s}
        - {apiGroups: [autoscaling], resources: [horizontalpodautoscalers], verbs: %2$s}
        - {apiGroups: [batch], resources: [cronjobs, jobs], verbs: %2$s}
        - {apiGroups: [networking.k8s.io], resources: [ingresses, networkpolicies], verbs: %2$s}
        - {apiGroups: [policy], resources: [poddisruptionbudgets], verbs: %2$s}
        - {apiGroups: [coordination.k8s.io], resources: [leases], verbs: %2$s}
      - kind: ClusterRole
        metadata:
          name: system:aggregate-to-view
          labels: {rbac.authorization.k8s.io/aggregate-to-view: "true"}
        rules:
        - {apiGroups: [""], resources: [configmaps, endpoints, persistentvolumeclaims,
            persistentvolumeclaims/status, pods, replicationcontrollers,
            replicationcontrollers/scale, serviceaccounts, services, services/status],
            verbs: %1$s}
        - {apiGroups: [""], resources: [bindings, events, limitranges, namespaces/status,
            pods/log, pods/status, replicationcontrollers/status, resourcequotas,
            resourcequotas/status], verbs: %1$s}
        - {apiGroups: [""], resources: [namespaces], verbs: %1$s}
        - {apiGroups: [discovery.k8s.io], resources: [endpointslices], verbs: %1$s}
        - {apiGroups: [apps], resources: [controllerrevisions, daemonsets, daemonsets/status,
            deployments, deployments/scale, deployments/status, replicasets, replicasets/scale,
            replicasets/status, statefulsets, statefulsets/scale, statefulsets/status],
            verbs: %1$s}
        - {apiGroups: [autoscaling], resources: [horizontalpodautoscalers,
            horizontalpodautoscalers/status], verbs: %1$s}
        - {apiGroups: [batch], resources: [cronjobs, cronjobs/status, jobs, jobs/status],
            verbs: %1$s}
        - {apiGroups: [policy], resources: [poddisruptionbudgets, poddisruptionbudgets/status],
            verbs: %1$s}
        - {apiGroups: [networking.k8s.io], resources: [ingresses, ingresses/status,
            networkpolicies], verbs: %1$s}
        - {apiGroups: [coordination.k8s.io], resources: [leases], verbs: %1$s}
        - {apiGroups: [events.k8s.io], resources: [events], verbs: %1$s}
      - kind: ClusterRoleBinding
        metadata: {name: cluster-admin}
        roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin}
        subjects:
        - {apiGroup: rbac.authorization.k8s.io, kind: Group, name: system:masters}
      - kind: ClusterRoleBinding
        metadata: {name: system:discovery}
        roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: system:discovery}
        subjects:
        - {apiGroup: rbac.authorization.k8s.io, kind: Group, name: system:authenticated}
      - kind: ClusterRoleBinding
        metadata: {name: system:basic-user}
        roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: system:basic-user}
        subjects:
        - {apiGroup: rbac.authorization.k8s.io, kind: Group, name: system:authenticated}
      - kind: ClusterRoleBinding
        metadata: {name: system:public-info-viewer}
        roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole,
          name: system:public-info-viewer}
        subjects:
        - {apiGroup: rbac.authorization.k8s.io, kind: Group, name: system:authenticated}
        - {apiGroup: rbac.authorization.k8s.io, kind: Group, name: system:unauthenticated}
      """
          .formatted(READ, WRITE);

  /** Creates whichever default objects are missing (existing ones are left as they are). */
  public static void install(ApiCore core) {
    JsonNode all = Json.parseYamlOrJson(OBJECTS.getBytes(StandardCharsets.UTF_8));
    for (JsonNode o : all) {
      String plural =
          o.path("kind").asText().equals("ClusterRole") ? "clusterroles" : "clusterrolebindings";
      ResourceType t = core.registry.find(Rbac.GROUP, "v1", plural);
      ObjectNode body = (ObjectNode) o.deepCopy();
      body.put("apiVersion", t.apiVersion());
      ObjectNode meta = Json.meta(body);
      Json.child(meta, "annotations").put("rbac.authorization.kubernetes.io/autoupdate", "true");
      Json.child(meta, "labels").put("kubernetes.io/bootstrapping", "rbac-defaults");
      if (core.store.get(t.storageKey(), "", meta.path("name").asText()) == null) {
        core.create(t, null, body, WriteOpts.internal("kube-apiserver"));
      }
    }
  }
}
