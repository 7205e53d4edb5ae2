package io.flotilla.e2e;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;

/** Counts the cases and prints {@code faults survived: N/N} after the last. */
final class FaultTally implements TestWatcher, AfterAllCallback {
  private final List<String> survived = new CopyOnWriteArrayList<>();
  private final List<String> failed = new CopyOnWriteArrayList<>();
  private final List<String> skipped = new CopyOnWriteArrayList<>();

  @Override
  public void testSuccessful(ExtensionContext context) {
    survived.add(context.getDisplayName());
  }

  @Override
  public void testFailed(ExtensionContext context, Throwable cause) {
    failed.add(context.getDisplayName() + ": " + cause.getMessage());
  }

  @Override
  public void testAborted(ExtensionContext context, Throwable cause) {
    skipped.add(context.getDisplayName() + ": " + cause.getMessage());
  }

  @Override
  public void afterAll(ExtensionContext context) {
    StringBuilder out = new StringBuilder();
    failed.forEach(f -> out.append("fault NOT survived: ").append(f).append('\n'));
    skipped.forEach(f -> out.append("fault case skipped: ").append(f).append('\n'));
    out.append("faults survived: ")
        .append(survived.size())
        .append('/')
        .append(survived.size() + failed.size());
    if (!skipped.isEmpty()) {
      out.append(" (").append(skipped.size()).append(" skipped)");
    }
    System.out.println(out);
  }
}
