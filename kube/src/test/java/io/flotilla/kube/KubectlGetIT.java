package io.flotilla.kube;

import static org.assertj.core.api.Assertions.assertThat;

import io.flotilla.kube.KubectlRunner.Result;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code kubectl get} and {@code kubectl get -o wide} of each common kind print kube-apiserver
 * 1.32's columns and values. Statuses are written through the status subresource, as controllers
 * and kubelets write them (the simulated kubelet is off). Each expected table is the printed text
 * read back cell by cell ({@link PrintedTable}), with ages as {@code <age>}.
 */
class KubectlGetIT extends KubectlTestSupport {
  @BeforeAll
  static void start() throws Exception {
    start(KubeApiOptions.defaults().withSimulateKubelet(false));
    ok("apply", "--server-side", "-f", resource("objects.yaml"));
    ok("apply", "--server-side", "-f", resource("pods.yaml"));
    ok("apply", "--server-side", "-f", resource("widgets-crd.yaml"));
    ok("apply", "--server-side", "-f", resource("widgets.yaml"));
    for (String line : Files.readAllLines(Path.of(resource("statuses.yaml")))) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      String[] kindNameStatus = line.split(" ", 3);
      ok(
          "patch",
          kindNameStatus[0],
          kindNameStatus[1],
          "-n",
          "shop",
          "--subresource=status",
          "--type=merge",
          "-p",
          "{\"status\":" + kindNameStatus[2] + "}");
    }
    ok(
        "patch",
        "widget",
        "w1",
        "-n",
        "shop",
        "--subresource=status",
        "--type=merge",
        "-p",
        "{\"status\":{\"startedAt\":\"2025-01-01T00:00:00Z\",\"conditions\":["
            + "{\"type\":\"Synced\",\"status\":\"False\"},"
            + "{\"type\":\"Ready\",\"status\":\"True\"}]}}");
    // a finalizer holds the pod: it stays, Terminating
    ok("delete", "pod", "leaving", "-n", "shop", "--wait=false");
  }

  private static String resource(String name) {
    return Path.of("src/test/resources/tables", name).toAbsolutePath().toString();
  }

  /** {@code kubectl get <args> -n shop}, read back as cells. */
  private static String get(String... args) throws Exception {
    String[] full = new String[args.length + 3];
    full[0] = "get";
    System.arraycopy(args, 0, full, 1, args.length);
    full[args.length + 1] = "-n";
    full[args.length + 2] = "shop";
    Result r = ok(full);
    assertThat(r.err()).isEmpty();
    return PrintedTable.normalize(r.out());
  }

  @Test
  void deployments() throws Exception {
    assertThat(get("deployments"))
        .isEqualTo(
            """
            NAME | READY | UP-TO-DATE | AVAILABLE | AGE
            web | 2/3 | 3 | 2 | <age>
            """);
    assertThat(get("deploy", "-o", "wide"))
        .isEqualTo(
            """
            NAME | READY | UP-TO-DATE | AVAILABLE | AGE | CONTAINERS | IMAGES | SELECTOR
            web | 2/3 | 3 | 2 | <age> | nginx,sidecar | nginx:1.27,busybox:1.36 | app=web
            """);
  }

  @Test
  void replicaSetsStatefulSetsAndDaemonSets() throws Exception {
    assertThat(get("rs"))
        .isEqualTo(
            """
            NAME | DESIRED | CURRENT | READY | AGE
            web-5d4f8c | 3 | 3 | 2 | <age>
            """);
    assertThat(get("rs", "-o", "wide"))
        .isEqualTo(
            """
            NAME | DESIRED | CURRENT | READY | AGE | CONTAINERS | IMAGES | SELECTOR
            web-5d4f8c | 3 | 3 | 2 | <age> | nginx | nginx:1.27 | app=web,pod-template-hash=5d4f8c
            """);
    assertThat(get("statefulsets"))
        .isEqualTo(
            """
            NAME | READY | AGE
            db | 1/2 | <age>
            """);
    assertThat(get("sts", "-o", "wide"))
        .isEqualTo(
            """
            NAME | READY | AGE | CONTAINERS | IMAGES
            db | 1/2 | <age> | postgres | postgres:17
            """);
    assertThat(get("daemonsets"))
        .isEqualTo(
            """
            NAME | DESIRED | CURRENT | READY | UP-TO-DATE | AVAILABLE | NODE SELECTOR | AGE
            agent | 1 | 1 | 1 | 1 | 1 | kubernetes.io/os=linux | <age>
            """);
    assertThat(get("ds", "-o", "wide"))
        .isEqualTo(
            """
            NAME | DESIRED | CURRENT | READY | UP-TO-DATE | AVAILABLE | NODE SELECTOR | AGE \
            | CONTAINERS | IMAGES | SELECTOR
            agent | 1 | 1 | 1 | 1 | 1 | kubernetes.io/os=linux | <age> | agent | agent:2 \
            | app=agent,tier in (edge,node)
            """);
  }

  @Test
  void podsShowTheStatusKubectlUsersKnow() throws Exception {
    assertThat(get("pods"))
        .isEqualTo(
            """
            NAME | READY | STATUS | RESTARTS | AGE
            crashing | 0/1 | CrashLoopBackOff | 3 (<age> ago) | <age>
            leaving | 1/1 | Terminating | 0 | <age>
            migrate-x7k2p | 0/1 | Completed | 0 | <age>
            pending | 0/1 | Pending | 0 | <age>
            pull-fails | 0/1 | ErrImagePull | 0 | <age>
            starting | 0/1 | Init:0/1 | 0 | <age>
            web-1 | 2/2 | Running | 2 (<age> ago) | <age>
            """);
    assertThat(get("pod", "web-1", "pending", "-o", "wide"))
        .isEqualTo(
            """
            NAME | READY | STATUS | RESTARTS | AGE | IP | NODE | NOMINATED NODE | READINESS GATES
            web-1 | 2/2 | Running | 2 (<age> ago) | <age> | 10.244.0.5 | node-1 | <none> | 1/1
            pending | 0/1 | Pending | 0 | <age> | <none> | <none> | <none> | <none>
            """);
  }

  @Test
  void services() throws Exception {
    assertThat(get("services"))
        .isEqualTo(
            """
            NAME | TYPE | CLUSTER-IP | EXTERNAL-IP | PORT(S) | AGE
            docs | ExternalName | <none> | docs.example.com | <none> | <age>
            edge | NodePort | 10.96.0.21 | <none> | 443:30443/TCP,53:30053/UDP | <age>
            public | LoadBalancer | 10.96.0.22 | 203.0.113.10 | 80/TCP | <age>
            web | ClusterIP | 10.96.0.20 | <none> | 80/TCP | <age>
            """);
    assertThat(get("svc", "-o", "wide"))
        .isEqualTo(
            """
            NAME | TYPE | CLUSTER-IP | EXTERNAL-IP | PORT(S) | AGE | SELECTOR
            docs | ExternalName | <none> | docs.example.com | <none> | <age> | <none>
            edge | NodePort | 10.96.0.21 | <none> | 443:30443/TCP,53:30053/UDP | <age> | app=web
            public | LoadBalancer | 10.96.0.22 | 203.0.113.10 | 80/TCP | <age> | <none>
            web | ClusterIP | 10.96.0.20 | <none> | 80/TCP | <age> | app=web
            """);
  }

  @Test
  void configMapsSecretsServiceAccountsAndNamespaces() throws Exception {
    assertThat(get("configmaps"))
        .isEqualTo(
            """
            NAME | DATA | AGE
            settings | 3 | <age>
            """);
    assertThat(get("secrets"))
        .isEqualTo(
            """
            NAME | TYPE | DATA | AGE
            cert | kubernetes.io/tls | 2 | <age>
            creds | Opaque | 2 | <age>
            """);
    assertThat(get("serviceaccounts"))
        .isEqualTo(
            """
            NAME | SECRETS | AGE
            default | 0 | <age>
            robot | 1 | <age>
            """);
    assertThat(get("namespace", "shop"))
        .isEqualTo(
            """
            NAME | STATUS | AGE
            shop | Active | <age>
            """);
  }

  private static String uid(String kind, String name) throws Exception {
    return ok("get", kind, name, "-n", "shop", "-o", "jsonpath={.metadata.uid}").out();
  }

  @Test
  void jobsAndCronJobs() throws Exception {
    assertThat(get("jobs"))
        .isEqualTo(
            """
            NAME | STATUS | COMPLETIONS | DURATION | AGE
            crunch | Running | 0/1 of 2 | <age> | <age>
            migrate | Complete | 1/1 | <age> | <age>
            """);
    // the selector kube-apiserver generates selects the Job's uid
    assertThat(get("jobs", "-o", "wide"))
        .isEqualTo(
            """
            NAME | STATUS | COMPLETIONS | DURATION | AGE | CONTAINERS | IMAGES | SELECTOR
            crunch | Running | 0/1 of 2 | <age> | <age> | crunch | crunch:1 | \
            batch.kubernetes.io/controller-uid=%s
            migrate | Complete | 1/1 | <age> | <age> | migrate | migrate:1 | \
            batch.kubernetes.io/controller-uid=%s
            """
                .formatted(uid("job", "crunch"), uid("job", "migrate")));
    assertThat(get("cronjobs"))
        .isEqualTo(
            """
            NAME | SCHEDULE | TIMEZONE | SUSPEND | ACTIVE | LAST SCHEDULE | AGE
            nightly | 0 3 * * * | Europe/Paris | False | 1 | <age> | <age>
            """);
    assertThat(get("cj", "-o", "wide"))
        .isEqualTo(
            """
            NAME | SCHEDULE | TIMEZONE | SUSPEND | ACTIVE | LAST SCHEDULE | AGE | CONTAINERS \
            | IMAGES | SELECTOR
            nightly | 0 3 * * * | Europe/Paris | False | 1 | <age> | <age> | backup | backup:3 \
            | <none>
            """);
  }

  @Test
  void ingressesAndVolumes() throws Exception {
    assertThat(get("ingress"))
        .isEqualTo(
            """
            NAME | CLASS | HOSTS | ADDRESS | PORTS | AGE
            web | nginx | shop.example.com,api.example.com | 203.0.113.7 | 80, 443 | <age>
            """);
    assertThat(get("pvc"))
        .isEqualTo(
            """
            NAME | STATUS | VOLUME | CAPACITY | ACCESS MODES | STORAGECLASS \
            | VOLUMEATTRIBUTESCLASS | AGE
            data | Pending |  |  |  | standard | <unset> | <age>
            logs | Bound | pv-logs | 5Gi | RWX | standard | <unset> | <age>
            """);
    assertThat(get("pvc", "logs", "-o", "wide"))
        .isEqualTo(
            """
            NAME | STATUS | VOLUME | CAPACITY | ACCESS MODES | STORAGECLASS \
            | VOLUMEATTRIBUTESCLASS | AGE | VOLUMEMODE
            logs | Bound | pv-logs | 5Gi | RWX | standard | <unset> | <age> | Filesystem
            """);
    assertThat(get("pv", "-o", "wide"))
        .isEqualTo(
            """
            NAME | CAPACITY | ACCESS MODES | RECLAIM POLICY | STATUS | CLAIM | STORAGECLASS \
            | VOLUMEATTRIBUTESCLASS | REASON | AGE | VOLUMEMODE
            pv-logs | 5Gi | RWO,RWX | Retain | Bound | shop/logs | standard | <unset> |  | <age> \
            | Filesystem
            """);
  }

  @Test
  void events() throws Exception {
    assertThat(get("events"))
        .isEqualTo(
            """
            LAST SEEN | TYPE | REASON | OBJECT | MESSAGE
            <age> | Normal | Pulled | pod/web-1 | Successfully pulled image "nginx:1.27"
            """);
    assertThat(get("events", "-o", "wide"))
        .isEqualTo(
            """
            LAST SEEN | TYPE | REASON | OBJECT | SUBOBJECT | SOURCE | MESSAGE | FIRST SEEN \
            | COUNT | NAME
            <age> | Normal | Pulled | pod/web-1 | spec.containers{nginx} | kubelet, node-1 \
            | Successfully pulled image "nginx:1.27" | <age> | 3 | web-1.pulled
            """);
  }

  @Test
  void rbac() throws Exception {
    assertThat(get("roles").replaceAll("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ", "<time>"))
        .isEqualTo(
            """
            NAME | CREATED AT
            reader | <time>
            """);
    assertThat(get("rolebindings", "-o", "wide"))
        .isEqualTo(
            """
            NAME | ROLE | AGE | USERS | GROUPS | SERVICEACCOUNTS
            read | Role/reader | <age> | alice, bob | devs | shop/robot
            """);
    assertThat(
            get("clusterrole", "shop-reader")
                .replaceAll("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ", "<time>"))
        .isEqualTo(
            """
            NAME | CREATED AT
            shop-reader | <time>
            """);
    assertThat(get("clusterrolebinding", "shop-read"))
        .isEqualTo(
            """
            NAME | ROLE | AGE
            shop-read | ClusterRole/shop-reader | <age>
            """);
  }

  @Test
  void nodes() throws Exception {
    assertThat(get("nodes", "-o", "wide"))
        .isEqualTo(
            """
            NAME | STATUS | ROLES | AGE | VERSION | INTERNAL-IP | EXTERNAL-IP | OS-IMAGE \
            | KERNEL-VERSION | CONTAINER-RUNTIME
            node-1 | Ready | control-plane | <age> | v1.32.4 | 10.0.0.1 | <none> | <unknown> \
            | <unknown> | <unknown>
            """);
  }

  @Test
  void customResourcesPrintTheirColumnsInDeclaredOrder() throws Exception {
    assertThat(get("widgets"))
        .isEqualTo(
            """
            NAME | SIZE | READY | ENABLED | RATIO | STARTED | AGE
            w1 | 3 | True | true | 0.75 | <age> | <age>
            w2 | 1 |  |  |  |  | <age>
            """);
    assertThat(get("widgets", "-o", "wide"))
        .isEqualTo(
            """
            NAME | SIZE | READY | OWNER | ENABLED | RATIO | STARTED | LABELS | AGE
            w1 | 3 | True | team-a | true | 0.75 | <age> | {"app":"w","tier":"gold"} | <age>
            w2 | 1 |  |  |  |  |  |  | <age>
            """);
  }

  @Test
  void getAllListsTheWorkloadsOfANamespace() throws Exception {
    assertThat(get("all"))
        .isEqualTo(
            """
            NAME | READY | STATUS | RESTARTS | AGE
            pod/crashing | 0/1 | CrashLoopBackOff | 3 (<age> ago) | <age>
            pod/leaving | 1/1 | Terminating | 0 | <age>
            pod/migrate-x7k2p | 0/1 | Completed | 0 | <age>
            pod/pending | 0/1 | Pending | 0 | <age>
            pod/pull-fails | 0/1 | ErrImagePull | 0 | <age>
            pod/starting | 0/1 | Init:0/1 | 0 | <age>
            pod/web-1 | 2/2 | Running | 2 (<age> ago) | <age>

            NAME | TYPE | CLUSTER-IP | EXTERNAL-IP | PORT(S) | AGE
            service/docs | ExternalName | <none> | docs.example.com | <none> | <age>
            service/edge | NodePort | 10.96.0.21 | <none> | 443:30443/TCP,53:30053/UDP | <age>
            service/public | LoadBalancer | 10.96.0.22 | 203.0.113.10 | 80/TCP | <age>
            service/web | ClusterIP | 10.96.0.20 | <none> | 80/TCP | <age>

            NAME | DESIRED | CURRENT | READY | UP-TO-DATE | AVAILABLE | NODE SELECTOR | AGE
            daemonset.apps/agent | 1 | 1 | 1 | 1 | 1 | kubernetes.io/os=linux | <age>

            NAME | READY | UP-TO-DATE | AVAILABLE | AGE
            deployment.apps/web | 2/3 | 3 | 2 | <age>

            NAME | DESIRED | CURRENT | READY | AGE
            replicaset.apps/web-5d4f8c | 3 | 3 | 2 | <age>

            NAME | READY | AGE
            statefulset.apps/db | 1/2 | <age>

            NAME | SCHEDULE | TIMEZONE | SUSPEND | ACTIVE | LAST SCHEDULE | AGE
            cronjob.batch/nightly | 0 3 * * * | Europe/Paris | False | 1 | <age> | <age>

            NAME | STATUS | COMPLETIONS | DURATION | AGE
            job.batch/crunch | Running | 0/1 of 2 | <age> | <age>
            job.batch/migrate | Complete | 1/1 | <age> | <age>
            """);
  }

  @Test
  void watchPrintsARowPerChange() throws Exception {
    ok("create", "namespace", "watching");
    ok("run", "w", "--image=app:1", "-n", "watching");
    Process watch = kubectl.start("get", "pods", "-n", "watching", "-w");
    BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    Thread reader =
        Thread.ofVirtual()
            .start(
                () -> {
                  try (BufferedReader r =
                      new BufferedReader(
                          new InputStreamReader(watch.getInputStream(), StandardCharsets.UTF_8))) {
                    r.lines().forEach(lines::add);
                  } catch (java.io.IOException e) {
                    lines.add("read failed: " + e);
                  }
                });
    try {
      assertThat(nextLine(lines)).matches("NAME\\s+READY\\s+STATUS\\s+RESTARTS\\s+AGE");
      assertThat(nextLine(lines)).matches("w\\s+0/1\\s+Pending\\s+0\\s+\\d+s");
      ok(
          "patch",
          "pod",
          "w",
          "-n",
          "watching",
          "--subresource=status",
          "--type=merge",
          "-p",
          "{\"status\":{\"phase\":\"Running\",\"containerStatuses\":[{\"name\":\"w\","
              + "\"ready\":true,\"restartCount\":0,\"image\":\"app:1\",\"imageID\":\"\","
              + "\"state\":{\"running\":{}}}]}}");
      assertThat(nextLine(lines)).matches("w\\s+1/1\\s+Running\\s+0\\s+\\d+s");
    } finally {
      watch.destroy();
      assertThat(watch.waitFor(10, TimeUnit.SECONDS)).isTrue();
      reader.join();
    }
  }

  private static String nextLine(BlockingQueue<String> lines) throws InterruptedException {
    String line = lines.poll(30, TimeUnit.SECONDS);
    assertThat(line).as("kubectl get -w printed a line").isNotNull();
    return line;
  }
}
