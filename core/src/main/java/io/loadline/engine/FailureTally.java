package io.loadline.engine;

import io.loadline.spi.StepResult;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Pattern;

/**
 * Counts one step's failures by kind and message, so that a summary can say why requests failed,
 * not only how many. Memory is bounded whatever the run's length: the first {@link #MAX_MESSAGES}
 * distinct messages are kept, each cut to {@link #MAX_MESSAGE_LENGTH} characters, and any later
 * distinct message is counted under {@link #OTHER_MESSAGES} of its kind. Only failures come here,
 * so a successful request costs nothing. Thread-safe and lock-free.
 */
final class FailureTally {

  /** The most distinct messages kept per step. */
  static final int MAX_MESSAGES = 20;

  /** The longest message kept; a longer one is cut and ends with an ellipsis. */
  static final int MAX_MESSAGE_LENGTH = 300;

  /** The message under which failures past the first distinct ones are counted. */
  static final String OTHER_MESSAGES = "(other messages)";

  /**
   * An object's identity in Jetty's messages (such as {@code HttpConnectionOverHTTP@5e9f23b4}),
   * which differs for every connection and would make each message distinct.
   */
  private static final Pattern IDENTITY_HASH = Pattern.compile("@[0-9a-f]{5,8}\\b");

  private final Map<Key, LongAdder> counts = new ConcurrentHashMap<>();

  /** Counts one failed request. */
  void record(StepResult result) {
    Key key = new Key(result.outcome().label(), message(result));
    LongAdder count = counts.get(key);
    if (count == null) {
      // Racing writers may let the map pass its cap by a few entries; it stays bounded.
      Key kept = counts.size() < MAX_MESSAGES ? key : new Key(key.kind(), OTHER_MESSAGES);
      count = counts.computeIfAbsent(kept, ignored -> new LongAdder());
    }
    count.increment();
  }

  /** The counts so far, the most frequent first (ties by kind, then message). */
  List<FailureMessage> snapshot() {
    List<FailureMessage> messages = new ArrayList<>(counts.size());
    counts.forEach(
        (key, count) -> messages.add(new FailureMessage(key.kind(), key.message(), count.sum())));
    messages.sort(
        Comparator.comparingLong(FailureMessage::count)
            .reversed()
            .thenComparing(FailureMessage::kind)
            .thenComparing(FailureMessage::message));
    return messages;
  }

  /** The failure's reason as kept: its detail, else its status, else its kind. */
  static String message(StepResult result) {
    String detail = result.detail().strip();
    if (detail.isEmpty()) {
      return result.statusCode() > 0 ? "status " + result.statusCode() : result.outcome().label();
    }
    String message = IDENTITY_HASH.matcher(detail).replaceAll("@…");
    if (message.length() > MAX_MESSAGE_LENGTH) {
      message = message.substring(0, MAX_MESSAGE_LENGTH - 1) + "…";
    }
    return message;
  }

  private record Key(String kind, String message) {}
}
