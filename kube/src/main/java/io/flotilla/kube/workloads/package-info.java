/**
 * The controllers of kube-controller-manager that Flotilla runs in process: Deployment, ReplicaSet,
 * StatefulSet, DaemonSet, Job and CronJob, with their shared control-plane view, owner references,
 * pod-template hashes and controller revisions.
 */
package io.flotilla.kube.workloads;
