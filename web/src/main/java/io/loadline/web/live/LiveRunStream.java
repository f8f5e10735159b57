package io.loadline.web.live;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.http.sse.SseClient;
import io.javalin.http.sse.SseHandler;
import io.loadline.engine.IntervalSnapshot;
import io.loadline.run.RunListener;
import io.loadline.run.RunRecord;
import io.loadline.run.RunService;
import io.loadline.web.api.PathIds;
import io.loadline.web.api.RunApi;
import io.loadline.web.auth.Access;
import io.loadline.web.auth.TokenService;
import io.loadline.web.dashboard.PageContext;
import io.loadline.web.dashboard.RunView;
import io.loadline.web.dashboard.Templates;
import io.loadline.web.http.RequestState;
import io.loadline.web.http.RouteTable;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live run page's server-sent events: {@code GET /runs/{id}/events}. On connect a viewer gets
 * the run's stored series ({@code history}, a JSON array of {@link ChartPoint}; at most {@link
 * #MAX_HISTORY_POINTS}: a longer run's history is every k-th second counted back from the newest,
 * each point one real second, the skipped ones left out, not merged) and the figures fragment;
 * then, each second, the new point ({@code point}) and the refreshed fragment ({@code figures},
 * HTML that htmx swaps in place); at the end the final fragment and {@code ended}, and the stream
 * closes. A finished run's page gets history, figures and ended at once, sent on the request's own
 * thread.
 *
 * <p>Events are pushed by {@link RunService}'s listener hook, never polled. One dispatcher thread
 * reads the run and renders the events, so the engine's reporting thread never waits; each viewer
 * then has its own outbox (a virtual thread writing in order), so a browser that went away without
 * a word, whose writes block until the connection times out, delays no one else, and a viewer never
 * sees a point before the history it follows. Thread-safe; {@link #close} stops the dispatcher and
 * ends every open stream.
 */
public final class LiveRunStream implements RunListener, AutoCloseable {

  /** The event carrying every stored point so far, sent first. */
  public static final String EVENT_HISTORY = "history";

  /** The event carrying one new point. */
  public static final String EVENT_POINT = "point";

  /** The event carrying the figures fragment (state, facts, stop button, per-step table). */
  public static final String EVENT_FIGURES = "figures";

  /** The last event of a stream: the run has ended. */
  public static final String EVENT_ENDED = "ended";

  /** The most points a history holds (an hour of seconds); a longer run's history is thinned. */
  public static final int MAX_HISTORY_POINTS = 3_600;

  private static final Logger LOG = LoggerFactory.getLogger(LiveRunStream.class);

  private final RunService runs;
  private final Templates templates;
  private final TokenService tokens;
  private final ObjectMapper json;
  private final Map<Long, Set<Viewer>> viewersByRun = new ConcurrentHashMap<>();
  private final ExecutorService dispatcher =
      Executors.newSingleThreadExecutor(
          task -> {
            Thread thread = new Thread(task, "loadline-live-dispatcher");
            thread.setDaemon(true);
            return thread;
          });

  public LiveRunStream(
      RunService runs, Templates templates, TokenService tokens, ObjectMapper json) {
    this.runs = runs;
    this.templates = templates;
    this.tokens = tokens;
    this.json = json;
    runs.addListener(this);
  }

  /** Adds {@code GET /runs/{id}/events} for signed-in viewers. */
  public void addRoutes(RouteTable.Builder table) {
    table.get("/runs/{id}/events", Access.VIEWER, this::events);
  }

  /** How many browsers are watching the run now. */
  public int viewerCount(long runId) {
    Set<Viewer> viewers = viewersByRun.get(runId);
    return viewers == null ? 0 : viewers.size();
  }

  @Override
  public void onInterval(long runId, IntervalSnapshot snapshot) {
    if (viewerCount(runId) == 0) {
      return;
    }
    submit(() -> sendPoint(runId, ChartPoint.of(snapshot)));
  }

  @Override
  public void onEnded(long runId) {
    if (viewerCount(runId) == 0) {
      return;
    }
    submit(() -> sendEnd(runId));
  }

  /** Stops the dispatcher and ends every open stream. */
  @Override
  public void close() {
    dispatcher.shutdown();
    try {
      dispatcher.awaitTermination(2, TimeUnit.SECONDS);
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
    }
    dispatcher.shutdownNow();
    viewersByRun.values().forEach(viewers -> viewers.forEach(Viewer::endNow));
    viewersByRun.clear();
  }

  // ---- connect ----

  private void events(Context context) throws Exception {
    long runId = PathIds.id(context);
    runs.find(runId).orElseThrow(() -> RunApi.noSuchRun(runId));
    if (context.method() == HandlerType.HEAD) {
      // The head of a stream, without the stream: a HEAD must not hold a viewer open.
      context.contentType("text/event-stream");
      return;
    }
    PageContext page = PageContext.of(RequestState.requirePrincipal(context), tokens);
    new SseHandler(client -> connect(runId, page, client)).handle(context);
  }

  private void connect(long runId, PageContext page, SseClient client) {
    Optional<RunRecord> run = runs.find(runId);
    if (run.isEmpty() || run.get().state().isTerminal()) {
      // Nothing more will come: answer at once; the stream ends when this method returns.
      client.sendEvent(EVENT_HISTORY, historyJson(runId));
      run.ifPresent(ended -> client.sendEvent(EVENT_FIGURES, figures(page, RunView.of(ended))));
      client.sendEvent(EVENT_ENDED, "{}");
      return;
    }
    Viewer viewer = new Viewer(runId, page, client);
    client.keepAlive();
    // Listen first, then read the history: a point that lands in between is in both, and the
    // page keeps one point per second.
    viewersByRun.computeIfAbsent(runId, id -> ConcurrentHashMap.newKeySet()).add(viewer);
    client.onClose(
        () -> {
          forget(viewer);
          viewer.outbox.shutdown();
        });
    submit(() -> sendHistory(viewer));
  }

  private void forget(Viewer viewer) {
    viewersByRun.computeIfPresent(
        viewer.runId,
        (id, viewers) -> viewers.remove(viewer) && viewers.isEmpty() ? null : viewers);
  }

  // ---- dispatching, on the dispatcher thread only ----

  private void sendHistory(Viewer viewer) {
    String history = historyJson(viewer.runId);
    Optional<RunRecord> run = runs.find(viewer.runId);
    viewer.send(EVENT_HISTORY, history);
    run.ifPresent(record -> viewer.send(EVENT_FIGURES, figures(viewer.page, RunView.of(record))));
    if (run.isEmpty() || run.get().state().isTerminal()) {
      endStream(viewer);
    }
  }

  private void sendPoint(long runId, ChartPoint point) {
    Set<Viewer> viewers = viewersByRun.getOrDefault(runId, Set.of());
    Optional<RunView> view = runs.find(runId).map(RunView::of);
    String pointJson = toJson(point);
    for (Viewer viewer : viewers) {
      viewer.send(EVENT_POINT, pointJson);
      view.ifPresent(run -> viewer.send(EVENT_FIGURES, figures(viewer.page, run)));
    }
  }

  private void sendEnd(long runId) {
    Set<Viewer> viewers = viewersByRun.getOrDefault(runId, Set.of());
    Optional<RunView> view = runs.find(runId).map(RunView::of);
    for (Viewer viewer : List.copyOf(viewers)) {
      view.ifPresent(run -> viewer.send(EVENT_FIGURES, figures(viewer.page, run)));
      endStream(viewer);
    }
  }

  private void endStream(Viewer viewer) {
    viewer.send(EVENT_ENDED, "{}");
    viewer.end();
    forget(viewer);
  }

  private String historyJson(long runId) {
    List<ChartPoint> history =
        runs.seriesSampled(runId, MAX_HISTORY_POINTS).stream().map(ChartPoint::of).toList();
    return toJson(history);
  }

  private String figures(PageContext page, RunView run) {
    Map<String, Object> parameters = new HashMap<>();
    parameters.put("page", page);
    parameters.put("run", run);
    return templates.render("runFigures.jte", parameters);
  }

  private void submit(Runnable task) {
    try {
      dispatcher.execute(task);
    } catch (RejectedExecutionException closing) {
      LOG.debug("Live stream closed; an update was not sent");
    }
  }

  private String toJson(Object value) {
    try {
      return json.writeValueAsString(value);
    } catch (JsonProcessingException failure) {
      throw new UncheckedIOException(failure);
    }
  }

  /** One open stream: a browser watching one run as one user, with its own ordered outbox. */
  private static final class Viewer {

    final long runId;
    final PageContext page;
    final SseClient client;
    final ExecutorService outbox;

    Viewer(long runId, PageContext page, SseClient client) {
      this.runId = runId;
      this.page = page;
      this.client = client;
      this.outbox =
          Executors.newSingleThreadExecutor(
              Thread.ofVirtual().name("loadline-live-viewer-" + runId).factory());
    }

    /** Queues an event; returns at once. */
    void send(String event, String data) {
      try {
        outbox.execute(() -> write(event, data));
      } catch (RejectedExecutionException ended) {
        // The stream has ended; nothing more goes out.
      }
    }

    /** Closes the stream once the queued events are written. */
    void end() {
      try {
        outbox.execute(client::close);
      } catch (RejectedExecutionException ended) {
        // Already ended.
      }
      outbox.shutdown();
    }

    /** Closes the stream now, dropping what is still queued. */
    void endNow() {
      outbox.shutdownNow();
      client.close();
    }

    private void write(String event, String data) {
      if (client.terminated()) {
        return;
      }
      try {
        client.sendEvent(event, data);
      } catch (RuntimeException gone) {
        // The browser went away between two events; onClose forgets it.
        LOG.debug("Run {}: a live viewer went away ({})", runId, gone.toString());
        client.close();
      }
    }
  }
}
