package io.flotilla.kube.kubelet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flotilla.kube.base.Json;
import io.flotilla.kube.base.ResourceType;
import io.flotilla.kube.workloads.ControlLoop;
import io.flotilla.kube.workloads.ControlPlane;
import java.time.Duration;

/**
 * The cluster's load-balancer provider, as k3s's servicelb or a cloud controller: a Service of
 * {@code type: LoadBalancer} (without a {@code loadBalancerClass} naming another provider) gets the
 * node's address as its ingress, so kstatus (and Helm's wait) sees it Current instead of waiting
 * forever for an address no provider would assign; a Service that stops being one loses it.
 */
final class ServiceLoadBalancers implements ControlLoop {
  static final String MANAGER = "service-controller";
  private final ControlPlane cp;
  private final ResourceType services;

  ServiceLoadBalancers(ControlPlane cp) {
    this.cp = cp;
    this.services = cp.core.registry.find("", "v1", "services");
  }

  @Override
  public Duration reconcile(ObjectNode svc) {
    if (ControlPlane.deleting(svc)) {
      return null;
    }
    JsonNode spec = svc.path("spec");
    boolean balanced =
        "LoadBalancer".equals(spec.path("type").asText())
            && spec.path("loadBalancerClass").isMissingNode();
    JsonNode ingress = svc.path("status").path("loadBalancer").path("ingress");
    ObjectNode status =
        svc.path("status").isObject() ? svc.get("status").deepCopy() : Json.object();
    if (balanced && (!ingress.isArray() || ingress.isEmpty())) {
      ObjectNode address = Json.object();
      address.put("ip", Nodes.internalIp(cp, Nodes.NAME));
      address.put("ipMode", "VIP");
      status.putObject("loadBalancer").putArray("ingress").add(address);
    } else if (!balanced && ingress.isArray() && !ingress.isEmpty()) {
      status.putObject("loadBalancer");
    } else {
      return null;
    }
    cp.writeStatus(services, svc, status, MANAGER);
    return null;
  }
}
