package io.loadline.web.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HttpResponseException;
import io.javalin.http.HttpStatus;
import io.loadline.store.LoginFailureStore;
import io.loadline.store.LoginFailureStore.Failures;
import io.loadline.web.api.AuthApi;
import io.loadline.web.http.RequestState;
import io.loadline.web.http.Route;
import io.loadline.web.http.RouteTable;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Slows down password guessing on the login routes (API and dashboard): after {@value
 * #FREE_FAILURES_PER_USER} failed logins for one username, or {@value #FREE_FAILURES_PER_ADDRESS}
 * from one client address, each further attempt must wait 1 s, then 2 s, 4 s, ... (at most {@link
 * #MAX_LOCKOUT}) after the last failure; meanwhile every attempt, even with the right password, is
 * answered 429 with {@code Retry-After} and audited as {@code denied}. A success clears the
 * username's count; failures older than {@link #FAILURE_WINDOW} are forgotten. Thread-safe.
 *
 * <p>The counts are kept in memory and written through to the database ({@link LoginFailureStore})
 * at every change, so a restart does not clear them: the throttle reads the ones still within the
 * window when it is made. Known limits: a lock-out by username lets a stranger lock a known user
 * out for a few minutes, the usual price of per-user throttling.
 */
public final class LoginThrottle {

  public static final int FREE_FAILURES_PER_USER = 5;
  public static final int FREE_FAILURES_PER_ADDRESS = 20;
  public static final Duration FAILURE_WINDOW = Duration.ofMinutes(15);
  public static final Duration MAX_LOCKOUT = Duration.ofMinutes(5);

  /** Above this many tracked keys, stale ones are swept on the next failure. */
  private static final int SWEEP_THRESHOLD = 10_000;

  private static final String LOGIN_ACTION = "login";

  private final Map<String, Failures> failures = new ConcurrentHashMap<>();
  private final LoginFailureStore store;
  private final ObjectMapper json;
  private final Clock clock;

  /** A throttle that starts from the counts in {@code store} that are still within the window. */
  public LoginThrottle(LoginFailureStore store, ObjectMapper json, Clock clock) {
    this.store = store;
    this.json = json;
    this.clock = clock;
    Instant windowStart = clock.instant().minus(FAILURE_WINDOW);
    store.deleteUpTo(windowStart);
    failures.putAll(store.loadSince(windowStart));
  }

  /** The before-handler: refuses an attempt while its username or address is locked out. */
  public Handler check() {
    return context -> {
      if (!isLogin(context)) {
        return;
      }
      String username = username(context);
      RequestState.auditActor(context, AuthApi.auditedUsername(username));
      refuseWhileLockedOut(context, username);
    };
  }

  /**
   * Answers 429 with {@code Retry-After} (audited as denied) while the username or the caller's
   * address is locked out; nothing otherwise. For every route that checks a password: the logins,
   * and a password change, whose current password a stolen session could otherwise guess freely.
   */
  public void refuseWhileLockedOut(Context context, String username) {
    Duration wait = waitBeforeNextAttempt(username, context.ip(), clock.instant());
    if (wait.isZero()) {
      return;
    }
    long retryAfterSeconds = Math.max(1, (wait.toMillis() + 999) / 1000);
    RequestState.auditOutcome(context, "denied");
    context.header("Retry-After", String.valueOf(retryAfterSeconds));
    throw new HttpResponseException(
        HttpStatus.TOO_MANY_REQUESTS.getCode(),
        "Too many wrong passwords; try again in " + retryAfterSeconds + " s.");
  }

  /** Counts a wrong password given on a route that is not a login (see refuseWhileLockedOut). */
  public void recordFailure(Context context, String username) {
    recordFailure(username, context.ip(), clock.instant());
  }

  /** The after-handler: counts a failed login, or clears the username's count on success. */
  public Handler record() {
    return context -> {
      if (!isLogin(context) || context.statusCode() == HttpStatus.TOO_MANY_REQUESTS.getCode()) {
        return;
      }
      String username = username(context);
      boolean failed = RequestState.auditOutcome(context).filter("failed"::equals).isPresent();
      if (failed) {
        recordFailure(username, context.ip(), clock.instant());
      } else if (RequestState.principal(context).isPresent()) {
        recordSuccess(username);
      }
    };
  }

  /** How long a login for this username from this address must still wait; zero when none. */
  public Duration waitBeforeNextAttempt(String username, String address, Instant now) {
    return longest(lockout(userKey(username), now), lockout(addressKey(address), now));
  }

  /** Counts a failed login for the username and for the address. */
  public void recordFailure(String username, String address, Instant now) {
    fail(userKey(username), now);
    fail(addressKey(address), now);
  }

  /** Clears the username's failures after a successful login. */
  public void recordSuccess(String username) {
    String key = userKey(username);
    if (failures.remove(key) != null) {
      store.delete(key);
    }
  }

  private Duration lockout(String key, Instant now) {
    Failures counted = failures.get(key);
    if (counted == null || isStale(counted, now)) {
      return Duration.ZERO;
    }
    int free = key.startsWith("user:") ? FREE_FAILURES_PER_USER : FREE_FAILURES_PER_ADDRESS;
    int excess = counted.count() - free;
    if (excess < 0) {
      return Duration.ZERO;
    }
    Duration lockout = Duration.ofSeconds(1L << Math.min(excess, 20));
    lockout = lockout.compareTo(MAX_LOCKOUT) > 0 ? MAX_LOCKOUT : lockout;
    Duration remaining = Duration.between(now, counted.last().plus(lockout));
    return remaining.isNegative() ? Duration.ZERO : remaining;
  }

  private void fail(String key, Instant now) {
    // Written inside compute, so two failures at once store their counts in the order they count.
    failures.compute(
        key,
        (k, counted) -> {
          Failures next =
              counted == null || isStale(counted, now)
                  ? new Failures(1, now)
                  : new Failures(counted.count() + 1, now);
          store.save(k, next);
          return next;
        });
    if (failures.size() > SWEEP_THRESHOLD) {
      failures.values().removeIf(counted -> isStale(counted, now));
      store.deleteUpTo(now.minus(FAILURE_WINDOW));
    }
  }

  private static boolean isStale(Failures counted, Instant now) {
    return counted.last().plus(FAILURE_WINDOW).isBefore(now);
  }

  private static Duration longest(Duration first, Duration second) {
    return first.compareTo(second) >= 0 ? first : second;
  }

  private static boolean isLogin(Context context) {
    return RouteTable.matched(context)
        .map(Route::auditAction)
        .filter(LOGIN_ACTION::equals)
        .isPresent();
  }

  private String username(Context context) {
    if (!Route.isApiPath(context.path())) {
      return Optional.ofNullable(context.formParam("username")).orElse("");
    }
    try {
      JsonNode body = json.readTree(context.body());
      JsonNode username = body == null ? null : body.get("username");
      return username != null && username.isTextual() ? username.asText() : "";
    } catch (HttpResponseException refusedBody) {
      // A body over the request limit (413, also when it came chunked without a length): the
      // read refused here leaves nothing for the login route to read, so the answer is given now.
      throw refusedBody;
    } catch (Exception unreadable) {
      return ""; // the login route answers the malformed body
    }
  }

  private static String userKey(String username) {
    // No username is longer than 64 characters: a longer one is a guess at nobody, kept short so
    // that a megabyte of "username" costs the database no more than a real one.
    String bounded = username.length() > 65 ? username.substring(0, 65) : username;
    return "user:" + bounded.toLowerCase(Locale.ROOT);
  }

  private static String addressKey(String address) {
    return "address:" + address;
  }
}
