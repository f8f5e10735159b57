package io.loadline.threshold;

import java.util.Arrays;
import java.util.Optional;

/**
 * The metrics a threshold can test, each with the unit its values are given and reported in.
 * Latency metrics ({@code p95}) read the corrected latency (from each request's intended start);
 * service-time metrics ({@code service_p95}) read the time from the actual send. Both use the same
 * histograms and the same percentile method as the run's summary.
 */
public enum ThresholdMetric {
  MIN("min", Kind.LATENCY),
  MEAN("mean", Kind.LATENCY),
  P50("p50", Kind.LATENCY),
  P90("p90", Kind.LATENCY),
  P95("p95", Kind.LATENCY),
  P99("p99", Kind.LATENCY),
  MAX("max", Kind.LATENCY),
  SERVICE_MIN("service_min", Kind.LATENCY, MIN),
  SERVICE_MEAN("service_mean", Kind.LATENCY, MEAN),
  SERVICE_P50("service_p50", Kind.LATENCY, P50),
  SERVICE_P90("service_p90", Kind.LATENCY, P90),
  SERVICE_P95("service_p95", Kind.LATENCY, P95),
  SERVICE_P99("service_p99", Kind.LATENCY, P99),
  SERVICE_MAX("service_max", Kind.LATENCY, MAX),
  /** Failed requests as a percentage of ended requests. */
  ERROR_RATE("error_rate", Kind.PERCENTAGE),
  /** Passed checks as a percentage of the checks evaluated in scope; no data without checks. */
  CHECKS("checks", Kind.PERCENTAGE),
  /** Ended requests (successes and failures) per second of elapsed run time. */
  RPS("rps", Kind.RATE),
  /** Arrivals refused because the in-flight cap was reached. */
  DROPPED("dropped", Kind.COUNT);

  /** How a metric's values are written and reported. */
  public enum Kind {
    /** A duration such as 300ms or 1.5s; reported in milliseconds. */
    LATENCY("ms"),
    /** A percentage such as 1% or 99.9%; reported in percent. */
    PERCENTAGE("%"),
    /** A plain number per second such as 900. */
    RATE("/s"),
    /** A whole number such as 0. */
    COUNT("");

    private final String unit;

    Kind(String unit) {
      this.unit = unit;
    }

    /** The unit observed values are reported in: ms, %, /s or nothing. */
    public String unit() {
      return unit;
    }
  }

  private final String label;
  private final Kind kind;
  private final ThresholdMetric statistic;

  ThresholdMetric(String label, Kind kind) {
    this.label = label;
    this.kind = kind;
    this.statistic = null;
  }

  ThresholdMetric(String label, Kind kind, ThresholdMetric statistic) {
    this.label = label;
    this.kind = kind;
    this.statistic = statistic;
  }

  /** The name written in a plan, such as {@code p95} or {@code error_rate}. */
  public String label() {
    return label;
  }

  public Kind kind() {
    return kind;
  }

  /** Whether this latency metric reads the service time (from the send), not the latency. */
  public boolean serviceTime() {
    return statistic != null;
  }

  /**
   * The statistic a latency metric takes, as its corrected-latency metric: {@code P95} for both
   * {@code p95} and {@code service_p95}.
   */
  public ThresholdMetric statistic() {
    return statistic == null ? this : statistic;
  }

  /** The metric a plan names, ignoring case. */
  public static Optional<ThresholdMetric> byLabel(String label) {
    return Arrays.stream(values()).filter(m -> m.label.equalsIgnoreCase(label)).findFirst();
  }

  /** Every label, for messages. */
  public static String labels() {
    return String.join(", ", Arrays.stream(values()).map(ThresholdMetric::label).toList());
  }
}
