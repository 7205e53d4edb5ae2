package io.flotilla.agent;

import io.flotilla.api.agent.ExtensionStatus;

/** Like {@link StatusTracker}, for extensions: report a status once, keep it until acknowledged. */
final class ExtensionTracker extends ReportQueue<ExtensionStatus> {
  ExtensionTracker() {
    super(ExtensionStatus::name);
  }
}
