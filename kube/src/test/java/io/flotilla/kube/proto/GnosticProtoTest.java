package io.flotilla.kube.proto;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.CodedInputStream;
import io.flotilla.kube.core.Registry;
import io.flotilla.kube.http.OpenApi;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The v2 document in gnostic's protobuf form, read back field by field the way client-go reads it
 * (field numbers of gnostic's OpenAPIv2.proto).
 */
class GnosticProtoTest {

  /** A decoded message: field number → values (Long for varints and doubles, byte[] otherwise). */
  record Fields(Map<Integer, List<Object>> values) {
    static Fields of(byte[] b) throws IOException {
      Map<Integer, List<Object>> out = new LinkedHashMap<>();
      CodedInputStream in = CodedInputStream.newInstance(b);
      for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
        Object v =
            switch (tag & 7) {
              case 0 -> in.readInt64();
              case 1 -> in.readFixed64();
              case 2 -> in.readByteArray();
              default -> throw new IOException("wire type " + (tag & 7));
            };
        out.computeIfAbsent(tag >>> 3, k -> new ArrayList<>()).add(v);
      }
      return new Fields(out);
    }

    String string(int f) {
      return new String((byte[]) values.get(f).get(0), StandardCharsets.UTF_8);
    }

    Fields message(int f) throws IOException {
      return of((byte[]) values.get(f).get(0));
    }

    List<Fields> messages(int f) throws IOException {
      List<Fields> out = new ArrayList<>();
      for (Object o : values.getOrDefault(f, List.of())) {
        out.add(of((byte[]) o));
      }
      return out;
    }

    /** Entries of a gnostic Named* list: name (1) → value (2). */
    Map<String, Fields> named(int f) throws IOException {
      Map<String, Fields> out = new LinkedHashMap<>();
      for (Fields n : messages(f)) {
        out.put(n.string(1), n.message(2));
      }
      return out;
    }
  }

  @Test
  void thePatchOperationCarriesItsKindAndFieldValidationWhereClientGoLooks() throws IOException {
    ObjectNode json = OpenApi.v2(new Registry().all());
    Fields doc = Fields.of(GnosticProto.document(json));
    assertThat(doc.string(1)).isEqualTo("2.0");
    assertThat(doc.message(2).string(1)).isEqualTo("Kubernetes");

    Fields item =
        doc.message(8).named(2).get("/apis/apps/v1/namespaces/{namespace}/deployments/{name}");
    Fields patch = item.message(8);
    assertThat(patch.string(5)).isEqualTo("patchAppsV1NamespacedDeployment");
    Map<String, Fields> extensions = patch.named(13);
    assertThat(extensions.get("x-kubernetes-group-version-kind").string(2))
        .isEqualTo("{\"group\":\"apps\",\"kind\":\"Deployment\",\"version\":\"v1\"}\n");
    List<String> queryParameters = new ArrayList<>();
    for (Fields parametersItem : patch.messages(8)) {
      Fields parameter = parametersItem.message(1);
      if (parameter.values().containsKey(2) && parameter.message(2).values().containsKey(3)) {
        queryParameters.add(parameter.message(2).message(3).string(4));
      }
    }
    assertThat(queryParameters).contains("fieldValidation", "dryRun", "fieldManager", "force");
  }

  @Test
  void definitionsKeepPropertiesRequiredTypesAndExtensions() throws IOException {
    Fields doc = Fields.of(GnosticProto.document(OpenApi.v2(new Registry().all())));
    Map<String, Fields> definitions = doc.message(9).named(1);
    Fields spec = definitions.get("io.k8s.api.apps.v1.DeploymentSpec");
    assertThat(
            spec.values().get(19).stream().map(b -> new String((byte[]) b, StandardCharsets.UTF_8)))
        .containsExactly("selector", "template");
    Map<String, Fields> props = spec.message(25).named(1);
    assertThat(props.get("template").string(1))
        .isEqualTo("#/definitions/io.k8s.api.core.v1.PodTemplateSpec");
    assertThat(props.get("replicas").message(22).string(1)).isEqualTo("integer");

    Fields containers =
        definitions.get("io.k8s.api.core.v1.PodSpec").message(25).named(1).get("containers");
    assertThat(containers.message(23).message(1).string(1))
        .isEqualTo("#/definitions/io.k8s.api.core.v1.Container");
    assertThat(containers.named(31).get("x-kubernetes-patch-merge-key").string(2))
        .isEqualTo("\"name\"\n");

    Fields deployment = definitions.get("io.k8s.api.apps.v1.Deployment");
    assertThat(deployment.named(31).get("x-kubernetes-group-version-kind").string(2))
        .isEqualTo("[{\"group\":\"apps\",\"kind\":\"Deployment\",\"version\":\"v1\"}]\n");
    Fields labels =
        definitions
            .get("io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta")
            .message(25)
            .named(1)
            .get("labels");
    assertThat(labels.message(21).message(1).message(22).string(1)).isEqualTo("string");
  }
}
