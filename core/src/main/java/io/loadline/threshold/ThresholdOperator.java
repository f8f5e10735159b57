package io.loadline.threshold;

import java.util.Arrays;
import java.util.Optional;

/** A comparison between an observed value and a threshold's limit. */
public enum ThresholdOperator {
  LESS("<"),
  LESS_OR_EQUAL("<="),
  GREATER(">"),
  GREATER_OR_EQUAL(">="),
  EQUAL("=="),
  NOT_EQUAL("!=");

  private final String symbol;

  ThresholdOperator(String symbol) {
    this.symbol = symbol;
  }

  public String symbol() {
    return symbol;
  }

  /** Whether {@code observed OPERATOR limit} holds. */
  public boolean holds(double observed, double limit) {
    return switch (this) {
      case LESS -> observed < limit;
      case LESS_OR_EQUAL -> observed <= limit;
      case GREATER -> observed > limit;
      case GREATER_OR_EQUAL -> observed >= limit;
      case EQUAL -> observed == limit;
      case NOT_EQUAL -> observed != limit;
    };
  }

  public static Optional<ThresholdOperator> bySymbol(String symbol) {
    return Arrays.stream(values()).filter(o -> o.symbol.equals(symbol)).findFirst();
  }

  /** Every symbol, for messages. */
  public static String symbols() {
    return String.join(" ", Arrays.stream(values()).map(ThresholdOperator::symbol).toList());
  }
}
