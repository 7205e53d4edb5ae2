package io.flotilla.kube.printers;

import static io.flotilla.kube.printers.PrinterText.age;
import static io.flotilla.kube.printers.PrinterText.name;
import static io.flotilla.kube.printers.PrinterText.str;
import static io.flotilla.kube.printers.TableColumn.AGE;
import static io.flotilla.kube.printers.TableColumn.NAME;
import static io.flotilla.kube.printers.TableColumn.string;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.flotilla.kube.base.Json;
import io.flotilla.kube.base.Quantities;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Tables of PersistentVolumes, PersistentVolumeClaims and StorageClasses. Quantities print as
 * stored (kube-apiserver prints them canonicalized, e.g. 1024Mi as 1Gi).
 */
final class StoragePrinters {
  private StoragePrinters() {}

  private static final String BETA_CLASS = "volume.beta.kubernetes.io/storage-class";
  private static final String ATTRIBUTES_CLASS_DOC = "VolumeAttributesClass of the %s";

  static void register(Map<String, Printer> out) {
    out.put(
        "/persistentvolumes",
        new Printer(
            List.of(
                NAME,
                string(
                    "Capacity",
                    "capacity is the description of the persistent volume's resources and"
                        + " capacity."),
                string("Access Modes", "accessModes contains all ways the volume can be mounted."),
                string(
                    "Reclaim Policy",
                    "persistentVolumeReclaimPolicy defines what happens to a persistent volume"
                        + " when released from its claim."),
                string(
                    "Status",
                    "phase indicates if a volume is available, bound to a claim, or released by a"
                        + " claim."),
                string(
                    "Claim",
                    "claimRef is part of a bi-directional binding between PersistentVolume and"
                        + " PersistentVolumeClaim."),
                string("StorageClass", "StorageClass of the pv"),
                string("VolumeAttributesClass", ATTRIBUTES_CLASS_DOC.formatted("pv")),
                string(
                    "Reason",
                    "reason is a brief CamelCase string that describes any failure and is meant"
                        + " for machine parsing and tidy display in the CLI."),
                AGE,
                string(
                        "VolumeMode",
                        "volumeMode defines if a volume is intended to be used with a formatted"
                            + " filesystem or to remain in raw block state.")
                    .wide()),
            StoragePrinters::volume));
    out.put(
        "/persistentvolumeclaims",
        new Printer(
            List.of(
                NAME,
                string("Status", "phase represents the current phase of PersistentVolumeClaim."),
                string(
                    "Volume",
                    "volumeName is the binding reference to the PersistentVolume backing this"
                        + " claim."),
                string(
                    "Capacity",
                    "capacity represents the actual resources of the underlying volume."),
                string(
                    "Access Modes",
                    "accessModes contains the actual access modes the volume backing the PVC has."),
                string("StorageClass", "StorageClass of the pvc"),
                string("VolumeAttributesClass", ATTRIBUTES_CLASS_DOC.formatted("pvc")),
                AGE,
                string(
                        "VolumeMode",
                        "volumeMode defines what type of volume is required by the claim.")
                    .wide()),
            StoragePrinters::claim));
    out.put(
        "storage.k8s.io/storageclasses",
        new Printer(
            List.of(
                NAME,
                string("Provisioner", "provisioner indicates the type of the provisioner."),
                string(
                    "ReclaimPolicy",
                    "reclaimPolicy controls the reclaimPolicy for dynamically provisioned"
                        + " PersistentVolumes of this storage class."),
                string(
                    "VolumeBindingMode",
                    "volumeBindingMode indicates how PersistentVolumeClaims should be provisioned"
                        + " and bound."),
                string(
                    "AllowVolumeExpansion",
                    "allowVolumeExpansion shows whether the storage class allow volume expand."),
                AGE),
            StoragePrinters::storageClass));
  }

  private static void volume(JsonNode pv, Instant now, ArrayNode out) {
    JsonNode spec = pv.path("spec");
    JsonNode ref = Json.at(spec, "claimRef");
    String claim = ref == null ? "" : str(ref, "namespace") + "/" + str(ref, "name");
    String phase = deleting(pv) ? "Terminating" : str(pv, "status", "phase");
    out.add(name(pv));
    out.add(Quantities.canonical(spec.path("capacity").path("storage").asText("0")));
    out.add(accessModes(spec.path("accessModes")));
    out.add(str(spec, "persistentVolumeReclaimPolicy"));
    out.add(phase);
    out.add(claim);
    out.add(storageClass(pv));
    out.add(unset(Json.text(spec, "volumeAttributesClassName")));
    out.add(str(pv, "status", "reason"));
    out.add(age(pv, now));
    out.add(unset(Json.text(spec, "volumeMode")));
  }

  private static void claim(JsonNode pvc, Instant now, ArrayNode out) {
    JsonNode spec = pvc.path("spec");
    String phase = deleting(pvc) ? "Terminating" : str(pvc, "status", "phase");
    String capacity = "";
    String modes = "";
    if (!str(spec, "volumeName").isEmpty()) {
      modes = accessModes(pvc.path("status").path("accessModes"));
      capacity =
          Quantities.canonical(pvc.path("status").path("capacity").path("storage").asText("0"));
    }
    out.add(name(pvc));
    out.add(phase);
    out.add(str(spec, "volumeName"));
    out.add(capacity);
    out.add(modes);
    out.add(storageClass(pvc));
    out.add(unset(Json.text(spec, "volumeAttributesClassName")));
    out.add(age(pvc, now));
    out.add(unset(Json.text(spec, "volumeMode")));
  }

  private static void storageClass(JsonNode sc, Instant now, ArrayNode out) {
    JsonNode annotations = sc.path("metadata").path("annotations");
    boolean isDefault =
        annotations.path("storageclass.kubernetes.io/is-default-class").asText().equals("true")
            || annotations
                .path("storageclass.beta.kubernetes.io/is-default-class")
                .asText()
                .equals("true");
    out.add(name(sc) + (isDefault ? " (default)" : ""));
    out.add(str(sc, "provisioner"));
    out.add(sc.path("reclaimPolicy").asText("Delete"));
    out.add(sc.path("volumeBindingMode").asText("Immediate"));
    out.add(sc.path("allowVolumeExpansion").asBoolean(false));
    out.add(age(sc, now));
  }

  /** RWO, ROX, RWX, RWOP: in that order, each once. */
  private static String accessModes(JsonNode modes) {
    List<String> given = new ArrayList<>();
    modes.forEach(m -> given.add(m.asText()));
    List<String> out = new ArrayList<>();
    String[][] abbreviations = {
      {"ReadWriteOnce", "RWO"},
      {"ReadOnlyMany", "ROX"},
      {"ReadWriteMany", "RWX"},
      {"ReadWriteOncePod", "RWOP"}
    };
    for (String[] a : abbreviations) {
      if (given.contains(a[0])) {
        out.add(a[1]);
      }
    }
    return String.join(",", out);
  }

  /** The beta annotation wins over {@code spec.storageClassName}, as for the real server. */
  private static String storageClass(JsonNode obj) {
    String beta = Json.text(obj, "metadata", "annotations", BETA_CLASS);
    return beta != null ? beta : str(obj, "spec", "storageClassName");
  }

  private static boolean deleting(JsonNode obj) {
    return Json.at(obj, "metadata", "deletionTimestamp") != null;
  }

  private static String unset(String s) {
    return s == null ? "<unset>" : s;
  }
}
