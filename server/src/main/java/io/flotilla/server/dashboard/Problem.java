package io.flotilla.server.dashboard;

/** How a refused read shows: a 403 as "not allowed", anything else with ARM's code. */
final class Problem {
  private Problem() {}

  static void render(Html h, ArmReader.Refused r) {
    if (r.notAllowed()) {
      h.raw("<div class=\"notice denied\" data-problem=\"403\"><strong>Not allowed.</strong> ");
    } else {
      h.raw("<div class=\"notice\" data-problem=\"").text(Integer.toString(r.status())).raw("\">");
      h.el("strong", null, r.code() + ".").raw(" ");
    }
    h.text(r.message()).raw("</div>");
  }
}
