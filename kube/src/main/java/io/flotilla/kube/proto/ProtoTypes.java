package io.flotilla.kube.proto;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import io.kubernetes.client.proto.Meta;
import io.kubernetes.client.proto.V1;
import io.kubernetes.client.proto.V1Apiextensions;
import io.kubernetes.client.proto.V1Apps;
import io.kubernetes.client.proto.V1Authentication;
import io.kubernetes.client.proto.V1Authorization;
import io.kubernetes.client.proto.V1Autoscaling;
import io.kubernetes.client.proto.V1Batch;
import io.kubernetes.client.proto.V1Coordination;
import io.kubernetes.client.proto.V1Discovery;
import io.kubernetes.client.proto.V1Events;
import io.kubernetes.client.proto.V1Networking;
import io.kubernetes.client.proto.V1Policy;
import io.kubernetes.client.proto.V1Rbac;
import io.kubernetes.client.proto.V1Scheduling;
import io.kubernetes.client.proto.V1Storage;
import io.kubernetes.client.proto.V2Autoscaling;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which protobuf message is the wire form of a built-in {@code apiVersion}/{@code kind}: the
 * descriptors of Kubernetes' own generated.proto files, as client-java-proto ships them. Loaded on
 * first use, so a server that never sees protobuf never pays for them.
 */
final class ProtoTypes {
  static final String META = "k8s.io.apimachinery.pkg.apis.meta.v1.";
  private static final String APIEXTENSIONS =
      "k8s.io.apiextensions_apiserver.pkg.apis.apiextensions.";

  /** meta/v1 kinds every group version serves (Status answers, DeleteOptions bodies). */
  private static final Set<String> META_KINDS = Set.of("Status", "DeleteOptions", "WatchEvent");

  private static final Map<String, Descriptor> BY_NAME = index();

  private ProtoTypes() {}

  private static Map<String, Descriptor> index() {
    Map<String, Descriptor> out = new HashMap<>();
    for (FileDescriptor f :
        List.of(
            Meta.getDescriptor(),
            V1.getDescriptor(),
            V1Apps.getDescriptor(),
            V1Batch.getDescriptor(),
            V1Rbac.getDescriptor(),
            V1Networking.getDescriptor(),
            V1Coordination.getDescriptor(),
            V1Events.getDescriptor(),
            V1Policy.getDescriptor(),
            V1Autoscaling.getDescriptor(),
            V2Autoscaling.getDescriptor(),
            V1Storage.getDescriptor(),
            V1Scheduling.getDescriptor(),
            V1Discovery.getDescriptor(),
            V1Authentication.getDescriptor(),
            V1Authorization.getDescriptor(),
            V1Apiextensions.getDescriptor())) {
      for (Descriptor d : f.getMessageTypes()) {
        out.put(d.getFullName(), d);
      }
    }
    return out;
  }

  /** The message for a kind, or null when Kubernetes has none (custom resources, unknown kinds). */
  static Descriptor forKind(String apiVersion, String kind) {
    if (apiVersion == null || kind == null) {
      return null;
    }
    if (META_KINDS.contains(kind)) {
      return BY_NAME.get(META + kind);
    }
    int slash = apiVersion.indexOf('/');
    String group = slash < 0 ? "" : apiVersion.substring(0, slash);
    String version = apiVersion.substring(slash + 1);
    return BY_NAME.get(protoPackage(group) + version + "." + kind);
  }

  static Descriptor meta(String name) {
    return BY_NAME.get(META + name);
  }

  /** {@code rbac.authorization.k8s.io} is {@code k8s.io.api.rbac.}, the core group {@code core}. */
  private static String protoPackage(String group) {
    if (group.equals("apiextensions.k8s.io")) {
      return APIEXTENSIONS;
    }
    int dot = group.indexOf('.');
    String first = group.isEmpty() ? "core" : dot < 0 ? group : group.substring(0, dot);
    return "k8s.io.api." + first + ".";
  }
}
