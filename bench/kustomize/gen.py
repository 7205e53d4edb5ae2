#!/usr/bin/env python3
"""Generates the kustomize benchmark: a base of N apps (each a Deployment, Service, ConfigMap and
ServiceAccount, the Deployment referring to its ConfigMap and ServiceAccount) and an overlay with
namespace, namePrefix, labels with selectors, commonAnnotations, images, one patch that applies to
every Deployment, and a configMapGenerator referenced by every Deployment.

    gen.py OUT_DIR --resources 2000     # 500 apps; build OUT_DIR/overlay

Deterministic: the same arguments give the same files.
"""
import argparse
import os
import shutil

IMAGES = ["nginx", "redis", "ghcr.io/acme/api", "registry.example.com/tools/worker", "busybox"]


def app(i):
    name = "app-%04d" % i
    image = IMAGES[i % len(IMAGES)]
    return f"""apiVersion: apps/v1
kind: Deployment
metadata:
  name: {name}
  labels:
    app: {name}
spec:
  replicas: {1 + i % 3}
  selector:
    matchLabels:
      app: {name}
  template:
    metadata:
      labels:
        app: {name}
    spec:
      serviceAccountName: {name}
      containers:
      - name: main
        image: {image}:1.{i % 10}
        ports:
        - containerPort: 8080
          name: http
        envFrom:
        - configMapRef:
            name: {name}
        - configMapRef:
            name: shared
        volumeMounts:
        - name: config
          mountPath: /etc/{name}
      volumes:
      - name: config
        configMap:
          name: {name}
---
apiVersion: v1
kind: Service
metadata:
  name: {name}
  labels:
    app: {name}
spec:
  selector:
    app: {name}
  ports:
  - name: http
    port: 80
    targetPort: http
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: {name}
data:
  APP_NAME: {name}
  LOG_LEVEL: info
  ENABLED: "true"
  THREADS: "{1 + i % 8}"
  config.yaml: |
    server:
      port: 8080
    feature: "{i}"
---
apiVersion: v1
kind: ServiceAccount
metadata:
  name: {name}
"""


OVERLAY = """apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
resources:
- ../base
namespace: production
namePrefix: prod-
labels:
- pairs:
    environment: production
    team: platform
  includeSelectors: true
commonAnnotations:
  owner: platform-team
  runbook: https://runbooks.example.com/apps
images:
- name: nginx
  newTag: 1.27.3
- name: redis
  newName: mirror.example.com/redis
  newTag: "7.4"
- name: ghcr.io/acme/api
  digest: sha256:4f4b2a5c8d3e1f0a9b8c7d6e5f4a3b2c1d0e9f8a7b6c5d4e3f2a1b0c9d8e7f6a
patches:
- target:
    kind: Deployment
  patch: |-
    apiVersion: apps/v1
    kind: Deployment
    metadata:
      name: any
    spec:
      template:
        spec:
          containers:
          - name: main
            resources:
              limits:
                memory: 256Mi
              requests:
                cpu: 100m
            env:
            - name: ENVIRONMENT
              value: production
configMapGenerator:
- name: shared
  literals:
  - REGION=westeurope
  - TIER=gold
"""

MINIMAL_OVERLAY = OVERLAY.split("images:")[0]


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("out")
    p.add_argument("--resources", type=int, default=2000,
                   help="resources in the base (4 per app); the output has one more (the generator)")
    p.add_argument("--minimal", action="store_true",
                   help="overlay with namespace, namePrefix, labels and annotations only")
    a = p.parse_args()
    apps = max(1, a.resources // 4)
    if os.path.exists(a.out):
        shutil.rmtree(a.out)
    os.makedirs(os.path.join(a.out, "base"))
    os.makedirs(os.path.join(a.out, "overlay"))
    files = []
    for i in range(apps):
        f = "app-%04d.yaml" % i
        files.append(f)
        with open(os.path.join(a.out, "base", f), "w") as out:
            out.write(app(i))
    with open(os.path.join(a.out, "base", "kustomization.yaml"), "w") as out:
        out.write("resources:\n" + "".join("- %s\n" % f for f in files))
    with open(os.path.join(a.out, "overlay", "kustomization.yaml"), "w") as out:
        out.write(MINIMAL_OVERLAY if a.minimal else OVERLAY)


if __name__ == "__main__":
    main()
