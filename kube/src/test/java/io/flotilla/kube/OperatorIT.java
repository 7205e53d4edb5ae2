package io.flotilla.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Version;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The Java Operator SDK with its defaults (server-side apply for finalizers and status). */
class OperatorIT extends KubeTestSupport {

  public static class WidgetSpec {
    public int size;
  }

  public static class WidgetStatus {
    public Integer observedSize;
  }

  @Group("op.example.com")
  @Version("v1")
  public static class Widget extends CustomResource<WidgetSpec, WidgetStatus>
      implements Namespaced {}

  static final List<String> cleaned = new CopyOnWriteArrayList<>();

  public static class WidgetReconciler implements Reconciler<Widget>, Cleaner<Widget> {
    @Override
    public UpdateControl<Widget> reconcile(Widget widget, Context<Widget> context) {
      Widget patch = new Widget();
      patch.setMetadata(
          new ObjectMetaBuilder()
              .withName(widget.getMetadata().getName())
              .withNamespace(widget.getMetadata().getNamespace())
              .build());
      WidgetStatus status = new WidgetStatus();
      status.observedSize = widget.getSpec().size;
      patch.setStatus(status);
      return UpdateControl.patchStatus(patch);
    }

    @Override
    public DeleteControl cleanup(Widget widget, Context<Widget> context) {
      cleaned.add(widget.getMetadata().getName());
      return DeleteControl.defaultDelete();
    }
  }

  @Test
  void reconcilesWithFinalizerAndStatusPatchedByServerSideApply() {
    CustomResourceIT.install(client, "op.example.com", "widgets", "Widget", true);
    Operator operator =
        new Operator(o -> o.withKubernetesClient(client).withCloseClientOnStop(false));
    operator.register(new WidgetReconciler());
    operator.start();
    try {
      String ns = newNamespace();
      Widget w = new Widget();
      w.setMetadata(new ObjectMetaBuilder().withName("w1").withNamespace(ns).build());
      w.setSpec(new WidgetSpec());
      w.getSpec().size = 3;
      client.resources(Widget.class).inNamespace(ns).resource(w).create();

      await()
          .atMost(Duration.ofSeconds(15))
          .untilAsserted(
              () -> {
                Widget got = client.resources(Widget.class).inNamespace(ns).withName("w1").get();
                assertThat(got.getMetadata().getFinalizers()).isNotEmpty();
                assertThat(got.getStatus()).isNotNull();
                assertThat(got.getStatus().observedSize).isEqualTo(3);
              });

      client
          .resources(Widget.class)
          .inNamespace(ns)
          .withName("w1")
          .edit(
              x -> {
                x.getSpec().size = 5;
                return x;
              });
      await()
          .atMost(Duration.ofSeconds(15))
          .untilAsserted(
              () ->
                  assertThat(
                          client
                              .resources(Widget.class)
                              .inNamespace(ns)
                              .withName("w1")
                              .get()
                              .getStatus()
                              .observedSize)
                      .isEqualTo(5));

      client.resources(Widget.class).inNamespace(ns).withName("w1").delete();
      await()
          .atMost(Duration.ofSeconds(15))
          .until(() -> client.resources(Widget.class).inNamespace(ns).withName("w1").get() == null);
      assertThat(cleaned).contains("w1");
    } finally {
      operator.stop();
    }
  }
}
