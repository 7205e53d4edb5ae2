package io.flotilla.controllers.image;

import io.flotilla.controllers.runtime.EventRecorder;
import java.time.Clock;
import java.util.Map;

/**
 * What image-reflector-controller's two reconcilers share: the scanned tags, their events, the
 * clock, and the controller's environment (where {@code provider: azure} finds its identity).
 */
record Reflector(TagStore tags, EventRecorder events, Clock clock, Map<String, String> env) {}
