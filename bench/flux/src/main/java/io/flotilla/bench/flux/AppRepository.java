package io.flotilla.bench.flux;

import io.flotilla.testkit.GitFixture;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;

/**
 * A Git repository with {@code apps/app-<i>/} for i in 0..N-1, each a podinfo-like app of 4 objects
 * (Deployment, Service, HorizontalPodAutoscaler, ServiceAccount) and its kustomization.yaml, shaped
 * after the podinfo manifests Flux's benchmark deploys, the Deployment scaled to zero as there
 * (with Pods, its minReadySeconds would hold every health check for 3 s, as on a real cluster).
 */
final class AppRepository {
  private AppRepository() {}

  static Repository create(Path dir, int apps) throws IOException {
    try (GitFixture git = GitFixture.init(dir)) {
      Map<String, String> files = new LinkedHashMap<>();
      for (int i = 0; i < apps; i++) {
        String name = "podinfo-" + i;
        String base = "apps/app-" + i + "/";
        files.put(
            base + "kustomization.yaml",
            """
            apiVersion: kustomize.config.k8s.io/v1beta1
            kind: Kustomization
            resources:
            - serviceaccount.yaml
            - deployment.yaml
            - service.yaml
            - hpa.yaml
            """);
        files.put(base + "serviceaccount.yaml", serviceAccount(name));
        files.put(base + "deployment.yaml", deployment(name));
        files.put(base + "service.yaml", service(name));
        files.put(base + "hpa.yaml", hpa(name));
      }
      git.write(files);
      git.commit("podinfo x " + apps);
    }
    return new FileRepositoryBuilder().setGitDir(dir.resolve(".git").toFile()).build();
  }

  static String serviceAccount(String name) {
    return """
        apiVersion: v1
        kind: ServiceAccount
        metadata:
          name: %s
          labels:
            app.kubernetes.io/name: %s
        """
        .formatted(name, name);
  }

  static String deployment(String name) {
    return """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: %1$s
          labels:
            app.kubernetes.io/name: %1$s
        spec:
          replicas: 0
          minReadySeconds: 3
          revisionHistoryLimit: 5
          progressDeadlineSeconds: 60
          strategy:
            type: RollingUpdate
            rollingUpdate:
              maxUnavailable: 0
          selector:
            matchLabels:
              app.kubernetes.io/name: %1$s
          template:
            metadata:
              annotations:
                prometheus.io/scrape: "true"
                prometheus.io/port: "9797"
              labels:
                app.kubernetes.io/name: %1$s
            spec:
              serviceAccountName: %1$s
              containers:
              - name: podinfod
                image: ghcr.io/stefanprodan/podinfo:6.5.3
                imagePullPolicy: IfNotPresent
                ports:
                - name: http
                  containerPort: 9898
                  protocol: TCP
                - name: http-metrics
                  containerPort: 9797
                  protocol: TCP
                - name: grpc
                  containerPort: 9999
                  protocol: TCP
                command:
                - ./podinfo
                - --port=9898
                - --port-metrics=9797
                - --grpc-port=9999
                - --grpc-service-name=podinfo
                - --level=info
                - --random-delay=false
                - --random-error=false
                env:
                - name: PODINFO_UI_COLOR
                  value: "#34577c"
                livenessProbe:
                  exec:
                    command: [podcli, check, http, "localhost:9898/healthz"]
                  initialDelaySeconds: 5
                  timeoutSeconds: 5
                readinessProbe:
                  exec:
                    command: [podcli, check, http, "localhost:9898/readyz"]
                  initialDelaySeconds: 5
                  timeoutSeconds: 5
                resources:
                  limits:
                    cpu: 2000m
                    memory: 512Mi
                  requests:
                    cpu: 1m
                    memory: 16Mi
        """
        .formatted(name);
  }

  static String service(String name) {
    return """
        apiVersion: v1
        kind: Service
        metadata:
          name: %1$s
          labels:
            app.kubernetes.io/name: %1$s
        spec:
          type: ClusterIP
          selector:
            app.kubernetes.io/name: %1$s
          ports:
          - name: http
            port: 9898
            protocol: TCP
            targetPort: http
          - name: grpc
            port: 9999
            protocol: TCP
            targetPort: grpc
        """
        .formatted(name);
  }

  static String hpa(String name) {
    return """
        apiVersion: autoscaling/v2
        kind: HorizontalPodAutoscaler
        metadata:
          name: %1$s
          labels:
            app.kubernetes.io/name: %1$s
        spec:
          scaleTargetRef:
            apiVersion: apps/v1
            kind: Deployment
            name: %1$s
          minReplicas: 1
          maxReplicas: 4
          metrics:
          - type: Resource
            resource:
              name: cpu
              target:
                type: Utilization
                averageUtilization: 99
        """
        .formatted(name);
  }
}
