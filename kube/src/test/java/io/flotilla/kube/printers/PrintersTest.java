package io.flotilla.kube.printers;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flotilla.kube.base.Json;
import io.flotilla.kube.base.ResourceType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Column values of the built-in kinds' tables, at a fixed moment (pods: PodPrinterTest). */
class PrintersTest {
  static final Instant NOW = Instant.parse("2025-01-01T12:00:00Z");

  /** The printer of the kind stored under {@code storageKey} ({@code group/resource}). */
  static Printer printer(String storageKey) {
    String[] gr = storageKey.split("/");
    return Printers.of(ResourceType.builtin(gr[0], "v1", gr[1], "", true, false));
  }

  /** The cells kube-apiserver would print for an object of {@code storageKey} given as YAML. */
  static List<String> row(String storageKey, String yaml) throws Exception {
    ObjectNode obj = (ObjectNode) Json.YAML.readTree(yaml);
    ObjectNode meta = Json.meta(obj);
    if (!meta.has("name")) {
      meta.put("name", "x");
    }
    meta.put("creationTimestamp", "2025-01-01T10:00:00Z");
    Printer p = printer(storageKey);
    ArrayNode cells = Json.array();
    p.cells().write(obj, NOW, cells);
    assertThat(cells).as("a cell per column").hasSize(p.columns().size());
    List<String> out = new ArrayList<>();
    cells.forEach(c -> out.add(c.isNull() ? "null" : c.asText()));
    return out;
  }

  static List<String> columns(String storageKey) {
    List<String> out = new ArrayList<>();
    printer(storageKey).columns().forEach(c -> out.add(c.name() + (c.priority() > 0 ? "*" : "")));
    return out;
  }

  @Test
  void deploymentsReplicaSetsStatefulSetsDaemonSets() throws Exception {
    assertThat(columns("apps/deployments"))
        .containsExactly(
            "Name",
            "Ready",
            "Up-to-date",
            "Available",
            "Age",
            "Containers*",
            "Images*",
            "Selector*");
    assertThat(
            row(
                "apps/deployments",
                """
                spec:
                  replicas: 2
                  selector:
                    matchLabels: {app: web}
                    matchExpressions: [{key: env, operator: NotIn, values: [qa, dev]}]
                  template: {spec: {containers: [{name: a, image: 'a:1'}, {name: b, image: 'b:2'}]}}
                status: {readyReplicas: 1, updatedReplicas: 2}
                """))
        .containsExactly(
            "x", "1/2", "2", "0", "120m", "a,b", "a:1,b:2", "app=web,env notin (dev,qa)");
    assertThat(row("apps/replicasets", "spec: {replicas: 0}"))
        .containsExactly("x", "0", "0", "0", "120m", "", "", "<none>");
    assertThat(row("apps/statefulsets", "spec: {replicas: 3}\nstatus: {readyReplicas: 3}"))
        .containsExactly("x", "3/3", "120m", "", "");
    assertThat(
            row(
                "apps/daemonsets",
                """
                spec:
                  selector: {matchExpressions: [{key: a, operator: Exists}, {key: b, operator: DoesNotExist}]}
                status: {desiredNumberScheduled: 3, numberReady: 2}
                """))
        .containsExactly("x", "3", "0", "2", "0", "0", "<none>", "120m", "", "", "a,!b");
  }

  @Test
  void jobStatusCompletionsAndDuration() throws Exception {
    assertThat(columns("batch/jobs"))
        .containsExactly(
            "Name",
            "Status",
            "Completions",
            "Duration",
            "Age",
            "Containers*",
            "Images*",
            "Selector*");
    assertThat(
            row(
                "batch/jobs",
                """
                spec: {completions: 3, selector: {matchLabels: {batch.kubernetes.io/controller-uid: u1}}}
                status:
                  startTime: '2025-01-01T10:00:00Z'
                  completionTime: '2025-01-01T10:00:42Z'
                  succeeded: 3
                  conditions: [{type: SuccessCriteriaMet, status: 'True'}, {type: Complete, status: 'True'}]
                """))
        .containsExactly(
            "x", "Complete", "3/3", "42s", "120m", "", "", "batch.kubernetes.io/controller-uid=u1");
    assertThat(
            row(
                    "batch/jobs",
                    "status: {startTime: '2025-01-01T11:30:00Z', succeeded: 1}\nspec: {parallelism: 3}")
                .subList(1, 4))
        .containsExactly("Running", "1/1 of 3", "30m");
    assertThat(row("batch/jobs", "spec: {parallelism: 1}").subList(1, 4))
        .containsExactly("Running", "0/1", "");
    assertThat(status("conditions: [{type: Failed, status: 'True'}]")).isEqualTo("Failed");
    assertThat(status("conditions: [{type: Suspended, status: 'True'}]")).isEqualTo("Suspended");
    assertThat(status("conditions: [{type: FailureTarget, status: 'True'}]"))
        .isEqualTo("FailureTarget");
    assertThat(status("conditions: [{type: Complete, status: 'False'}]")).isEqualTo("Running");
    assertThat(
            row(
                    "batch/jobs",
                    "metadata: {deletionTimestamp: '2025-01-01T11:00:00Z'}\n"
                        + "status: {conditions: [{type: Suspended, status: 'True'}]}")
                .get(1))
        .isEqualTo("Terminating");
  }

  private static String status(String jobStatus) throws Exception {
    return row("batch/jobs", "status: {" + jobStatus + "}").get(1);
  }

  @Test
  void cronJobs() throws Exception {
    assertThat(
            row(
                "batch/cronjobs",
                """
                spec:
                  schedule: '*/5 * * * *'
                  jobTemplate: {spec: {template: {spec: {containers: [{name: c, image: 'c:1'}]}}}}
                status: {lastScheduleTime: '2025-01-01T11:55:00Z', active: [{name: j1}, {name: j2}]}
                """))
        .containsExactly(
            "x", "*/5 * * * *", "<none>", "<unset>", "2", "5m", "120m", "c", "c:1", "<none>");
    assertThat(row("batch/cronjobs", "spec: {suspend: true, timeZone: UTC}").subList(2, 6))
        .containsExactly("UTC", "True", "0", "<none>");
  }

  @Test
  void services() throws Exception {
    assertThat(
            row(
                "/services",
                """
                spec:
                  type: LoadBalancer
                  clusterIPs: [10.96.0.9, 'fd00::9']
                  clusterIP: 10.96.0.9
                  externalIPs: [198.51.100.1]
                  ports: [{port: 80, nodePort: 31000, protocol: TCP}]
                  selector: {b: '2', a: '1'}
                status: {loadBalancer: {ingress: [{hostname: lb.example.com}, {ip: 203.0.113.5}, {ip: 203.0.113.5}]}}
                """))
        .containsExactly(
            "x",
            "LoadBalancer",
            "10.96.0.9",
            "203.0.113.5,lb.example.com,198.51.100.1",
            "80:31000/TCP",
            "120m",
            "a=1,b=2");
    assertThat(row("/services", "spec: {type: LoadBalancer, clusterIP: None}").subList(2, 5))
        .containsExactly("None", "<pending>", "<none>");
    assertThat(row("/services", "spec: {type: ClusterIP, externalIPs: [1.2.3.4, 5.6.7.8]}").get(3))
        .isEqualTo("1.2.3.4,5.6.7.8");
    assertThat(row("/services", "spec: {}").subList(1, 4))
        .containsExactly("", "<none>", "<unknown>");
  }

  @Test
  void endpointsAndIngresses() throws Exception {
    assertThat(
            row(
                    "/endpoints",
                    """
                subsets:
                - addresses: [{ip: 10.0.0.1}, {ip: 10.0.0.2}]
                  ports: [{port: 80}, {port: 443}]
                """)
                .get(1))
        .isEqualTo("10.0.0.1:80,10.0.0.2:80,10.0.0.1:443 + 1 more...");
    assertThat(row("/endpoints", "subsets: [{addresses: [{ip: 'fd00::1'}], ports: [{port: 80}]}]"))
        .containsExactly("x", "[fd00::1]:80", "120m");
    assertThat(row("/endpoints", "{}").get(1)).isEqualTo("<none>");
    assertThat(
            row(
                "networking.k8s.io/ingresses",
                """
                spec:
                  rules: [{host: a.io}, {}, {host: b.io}, {host: c.io}, {host: d.io}, {host: e.io}]
                """))
        .containsExactly("x", "<none>", "a.io,b.io,c.io + 3 more...", "", "80", "120m");
    assertThat(row("networking.k8s.io/ingresses", "spec: {rules: [{}]}").get(2)).isEqualTo("*");
    assertThat(
            row(
                "networking.k8s.io/ingressclasses",
                "spec: {controller: k8s.io/ingress-nginx, parameters: {apiGroup: k8s.example.com,"
                    + " kind: IngressParameters, name: external-lb}}"))
        .containsExactly(
            "x", "k8s.io/ingress-nginx", "IngressParameters.k8s.example.com/external-lb", "120m");
    assertThat(row("networking.k8s.io/networkpolicies", "spec: {podSelector: {}}"))
        .containsExactly("x", "<none>", "120m");
  }

  @Test
  void configStorageAndCluster() throws Exception {
    assertThat(row("/configmaps", "data: {a: b}\nbinaryData: {c: ZA==}"))
        .containsExactly("x", "2", "120m");
    assertThat(row("/secrets", "type: Opaque")).containsExactly("x", "Opaque", "0", "120m");
    assertThat(row("/namespaces", "status: {phase: Terminating}"))
        .containsExactly("x", "Terminating", "120m");
    assertThat(
            row(
                "/persistentvolumes",
                """
                metadata:
                  deletionTimestamp: '2025-01-01T11:00:00Z'
                  annotations: {volume.beta.kubernetes.io/storage-class: legacy}
                spec:
                  storageClassName: fast
                  accessModes: [ReadWriteOncePod, ReadOnlyMany, ReadOnlyMany]
                  persistentVolumeReclaimPolicy: Delete
                  volumeAttributesClassName: gold
                status: {phase: Released, reason: Failed}
                """))
        .containsExactly(
            "x",
            "0",
            "ROX,RWOP",
            "Delete",
            "Terminating",
            "",
            "legacy",
            "gold",
            "Failed",
            "120m",
            "<unset>");
    assertThat(row("/persistentvolumeclaims", "spec: {volumeName: v1}\nstatus: {phase: Lost}"))
        .containsExactly("x", "Lost", "v1", "0", "", "", "<unset>", "120m", "<unset>");
    assertThat(
            row(
                "storage.k8s.io/storageclasses",
                """
                metadata: {annotations: {storageclass.kubernetes.io/is-default-class: 'true'}}
                provisioner: rancher.io/local-path
                volumeBindingMode: WaitForFirstConsumer
                """))
        .containsExactly(
            "x (default)",
            "rancher.io/local-path",
            "Delete",
            "WaitForFirstConsumer",
            "false",
            "120m");
    assertThat(
            row(
                "/nodes",
                """
                metadata:
                  labels: {node-role.kubernetes.io/worker: '', kubernetes.io/role: infra, node-role.kubernetes.io/: ''}
                spec: {unschedulable: true}
                status:
                  conditions: [{type: Ready, status: Unknown}]
                  nodeInfo: {kubeletVersion: v1.32.4, osImage: Debian, kernelVersion: '6.1', containerRuntimeVersion: containerd://1.7}
                  addresses: [{type: ExternalIP, address: 203.0.113.1}]
                """))
        .containsExactly(
            "x",
            "NotReady,SchedulingDisabled",
            "infra,worker",
            "120m",
            "v1.32.4",
            "<none>",
            "203.0.113.1",
            "Debian",
            "6.1",
            "containerd://1.7");
    assertThat(row("/nodes", "{}").subList(1, 3)).containsExactly("Unknown", "<none>");
    assertThat(
            row(
                "/resourcequotas",
                """
                status:
                  hard: {pods: '10', limits.cpu: '2000m', requests.memory: 1024Mi}
                  used: {pods: '3', requests.memory: 0.5Gi}
                """))
        .as("quantities print canonical: 2000m is 2, 1024Mi is 1Gi, 0.5Gi is 512Mi")
        .containsExactly("x", "pods: 3/10, requests.memory: 512Mi/1Gi", "limits.cpu: 0/2", "120m");
  }

  @Test
  void events() throws Exception {
    assertThat(
            row(
                "/events",
                """
                type: Warning
                reason: BackOff
                message: "  Back-off pulling image\\n"
                involvedObject: {kind: Pod, name: web-1, fieldPath: 'spec.containers{app}'}
                reportingComponent: kubelet
                reportingInstance: node-1
                firstTimestamp: '2025-01-01T11:00:00Z'
                series: {count: 7, lastObservedTime: '2025-01-01T11:59:30.123456Z'}
                """))
        .containsExactly(
            "29s",
            "Warning",
            "BackOff",
            "pod/web-1",
            "spec.containers{app}",
            "kubelet, node-1",
            "Back-off pulling image",
            "60m",
            "7",
            "x");
    assertThat(
            row(
                "events.k8s.io/events",
                """
                apiVersion: events.k8s.io/v1
                type: Normal
                reason: Scheduled
                note: Successfully assigned
                regarding: {kind: Node}
                reportingController: default-scheduler
                eventTime: '2025-01-01T11:58:00.000000Z'
                """))
        .containsExactly(
            "2m",
            "Normal",
            "Scheduled",
            "node",
            "",
            "default-scheduler",
            "Successfully assigned",
            "2m",
            "1",
            "x");
  }

  @Test
  void rbacLeasesAndPolicy() throws Exception {
    assertThat(
            row(
                "rbac.authorization.k8s.io/clusterrolebindings",
                """
                roleRef: {kind: ClusterRole, name: view}
                subjects:
                - {kind: Group, name: devs}
                - {kind: ServiceAccount, name: ci, namespace: tools}
                - {kind: Group, name: ops}
                """))
        .containsExactly("x", "ClusterRole/view", "120m", "", "devs, ops", "tools/ci");
    assertThat(row("rbac.authorization.k8s.io/roles", "{}"))
        .containsExactly("x", "2025-01-01T10:00:00Z");
    assertThat(columns("rbac.authorization.k8s.io/clusterroles"))
        .containsExactly("Name", "Created At");
    assertThat(row("coordination.k8s.io/leases", "spec: {holderIdentity: node-1}"))
        .containsExactly("x", "node-1", "120m");
    assertThat(row("policy/poddisruptionbudgets", "spec: {minAvailable: 50%}"))
        .containsExactly("x", "50%", "N/A", "0", "120m");
    assertThat(row("scheduling.k8s.io/priorityclasses", "value: 1000\nglobalDefault: true"))
        .containsExactly("x", "1000", "true", "120m", "");
    assertThat(
            row(
                "apps/controllerrevisions",
                """
                metadata:
                  ownerReferences:
                  - {apiVersion: apps/v1, kind: StatefulSet, name: db, uid: u, controller: true}
                revision: 4
                """))
        .containsExactly("x", "statefulset.apps/db", "4", "120m");
    assertThat(
            row(
                "autoscaling/horizontalpodautoscalers",
                """
                spec:
                  scaleTargetRef: {kind: Deployment, name: web}
                  minReplicas: 2
                  maxReplicas: 10
                  metrics:
                  - {type: Resource, resource: {name: cpu, target: {type: Utilization, averageUtilization: 80}}}
                  - {type: Pods, pods: {target: {averageValue: 1000}}}
                  - {type: Resource, resource: {name: memory, target: {averageValue: 100Mi}}}
                status:
                  currentReplicas: 3
                  currentMetrics:
                  - {type: Resource, resource: {name: cpu, current: {averageUtilization: 42}}}
                """))
        .containsExactly(
            "x",
            "Deployment/web",
            "cpu: 42%/80%, <unknown>/1k + 1 more...",
            "2",
            "10",
            "3",
            "120m");
  }
}
