package io.loadline.web.report;

/**
 * One formatted row of a run's summary table: a scenario, or one step of it. Every figure is text
 * ready to show; figures a row does not have are "n/a". Immutable.
 *
 * @param scenarioRow true for a scenario's totals, false for one of its steps
 * @param label the scenario's name, or the step's name
 * @param started arrivals that started an iteration; with {@code dropped}, every arrival that came
 *     due ({@code arrivals = started + dropped})
 * @param interrupted requests still in flight when the graceful stop ran out
 * @param arrivalRate arrivals per second, such as {@code 200.0/s}
 * @param throughput successful requests per second
 * @param p50 the corrected latency (from each request's intended start), as are {@code p90} to
 *     {@code min}
 * @param serviceP95 the 95th percentile of the service time (from the actual send)
 * @param schedulingLagP99 the 99th percentile of how late the generator started the scenario's
 *     arrivals; "n/a" for a step (the lag is the scenario's)
 */
public record SummaryRow(
    boolean scenarioRow,
    String label,
    String requests,
    String successes,
    String failures,
    String failuresByKind,
    String started,
    String dropped,
    String interrupted,
    String arrivalRate,
    String throughput,
    String p50,
    String p90,
    String p95,
    String p99,
    String max,
    String mean,
    String min,
    String serviceP95,
    String schedulingLagP99) {

  /** What the latency columns measure, a sentence a line, for under the table. */
  public static final java.util.List<String> LEGEND_LINES =
      java.util.List.of(
          "p50 to min: latency from each request's intended start (corrected for coordinated"
              + " omission).",
          "svc p95: service time, from the moment the request was actually sent.",
          "lag p99: how late the generator itself started the scenario's arrivals.");

  /** {@link #LEGEND_LINES} as one paragraph, for a page's note. */
  public static final String LEGEND = String.join(" ", LEGEND_LINES);

  /** The column headings, in the order of the components after {@code label}. */
  public static final java.util.List<String> HEADINGS =
      java.util.List.of(
          "requests",
          "ok",
          "failed",
          "failures by kind",
          "started",
          "dropped",
          "interrupted",
          "arrival rate",
          "throughput",
          "p50",
          "p90",
          "p95",
          "p99",
          "max",
          "mean",
          "min",
          "svc p95",
          "lag p99");

  /** The figures in heading order. */
  public java.util.List<String> figures() {
    return java.util.List.of(
        requests,
        successes,
        failures,
        failuresByKind,
        started,
        dropped,
        interrupted,
        arrivalRate,
        throughput,
        p50,
        p90,
        p95,
        p99,
        max,
        mean,
        min,
        serviceP95,
        schedulingLagP99);
  }
}
