package io.loadline.report;

import io.loadline.threshold.ThresholdResult;
import java.util.List;
import java.util.Locale;

/**
 * A run's threshold verdicts as JUnit XML, the format CI systems read: one {@code testsuite} named
 * after the plan, one {@code testcase} per threshold, a {@code failure} for each one that did not
 * hold (including no data). A plan without thresholds gives an empty suite. Stateless and
 * thread-safe.
 */
public final class JUnitReport {

  private JUnitReport() {}

  /**
   * The report's XML text.
   *
   * @param planName the plan's name, the suite's name
   * @param state the run's final state, such as PASSED or ABORTED, kept as a suite property
   * @param elapsedSeconds the run's duration, the suite's time
   */
  public static String render(
      String planName, String state, double elapsedSeconds, List<ThresholdResult> results) {
    long failures = results.stream().filter(result -> !result.passed()).count();
    StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    xml.append("<testsuite name=\"")
        .append(escape("loadline." + planName))
        .append("\" tests=\"")
        .append(results.size())
        .append("\" failures=\"")
        .append(failures)
        .append("\" errors=\"0\" skipped=\"0\" time=\"")
        .append(String.format(Locale.ROOT, "%.3f", elapsedSeconds))
        .append("\">\n");
    xml.append("  <properties><property name=\"state\" value=\"")
        .append(escape(state))
        .append("\"/></properties>\n");
    for (ThresholdResult result : results) {
      appendCase(xml, planName, result);
    }
    return xml.append("</testsuite>\n").toString();
  }

  private static void appendCase(StringBuilder xml, String planName, ThresholdResult result) {
    xml.append("  <testcase classname=\"")
        .append(escape("loadline." + planName))
        .append("\" name=\"")
        .append(escape(result.scopeLabel() + ": " + result.threshold()))
        .append("\" time=\"0\"");
    if (result.passed()) {
      xml.append("/>\n");
      return;
    }
    xml.append(">\n    <failure message=\"")
        .append(escape(ThresholdTable.explain(result)))
        .append("\" type=\"threshold\"/>\n  </testcase>\n");
  }

  /** Text safe inside an XML attribute. */
  static String escape(String text) {
    StringBuilder escaped = new StringBuilder(text.length());
    for (char c : text.toCharArray()) {
      switch (c) {
        case '&' -> escaped.append("&amp;");
        case '<' -> escaped.append("&lt;");
        case '>' -> escaped.append("&gt;");
        case '"' -> escaped.append("&quot;");
        case '\'' -> escaped.append("&apos;");
        case '\n', '\r', '\t' -> escaped.append(' ');
        default -> {
          if (c >= 0x20) {
            escaped.append(c);
          }
        }
      }
    }
    return escaped.toString();
  }
}
