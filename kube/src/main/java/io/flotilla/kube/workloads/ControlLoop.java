package io.flotilla.kube.workloads;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;

/** One loop of the simulated control plane, run for one object (as stored now) at a time. */
public interface ControlLoop {
  /**
   * Moves the world one step towards what {@code obj} asks for and reports it in its status.
   *
   * @return when to look at the object again although nothing changed, or null
   */
  Duration reconcile(ObjectNode obj);
}
