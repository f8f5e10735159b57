package io.loadline.plugins.http;

import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.util.thread.ScheduledExecutorScheduler;
import org.eclipse.jetty.util.thread.Scheduler;
import org.slf4j.MDC;

/**
 * The Jetty client's threads for one run, carrying the SLF4J MDC of the thread that started the
 * protocol (the engine starts it on a run thread, whose MDC holds the run id). Every line logged on
 * them, the protocol's own and the engine's completion callbacks, then names the run. Each pool
 * thread takes the MDC once, when it starts: nothing is added per request. The scheduler wraps each
 * task it is given; Jetty schedules a few timeout tasks per destination, not one per request.
 * Stateless; the pool and scheduler it makes are Jetty's, thread-safe.
 */
final class RunContextThreads {

  private static final String SCHEDULER_NAME = "loadline-http-scheduler";

  private RunContextThreads() {}

  /** A thread pool whose threads carry {@code runContext}; null means no MDC to carry. */
  static QueuedThreadPool threadPool(
      Map<String, String> runContext, int maxThreads, int minThreads) {
    return new QueuedThreadPool(maxThreads, minThreads) {
      @Override
      public Thread newThread(Runnable runnable) {
        return super.newThread(withContext(runContext, runnable));
      }
    };
  }

  /** A daemon scheduler whose tasks run with {@code runContext}; null means no MDC to carry. */
  static Scheduler scheduler(Map<String, String> runContext) {
    return new ScheduledExecutorScheduler(SCHEDULER_NAME, true) {
      @Override
      public Task schedule(Runnable task, long delay, TimeUnit unit) {
        return super.schedule(withContext(runContext, task), delay, unit);
      }
    };
  }

  /** The task, run with {@code runContext} as its thread's MDC, which is cleared afterwards. */
  static Runnable withContext(Map<String, String> runContext, Runnable task) {
    if (runContext == null || runContext.isEmpty()) {
      return task;
    }
    return () -> {
      MDC.setContextMap(runContext);
      try {
        task.run();
      } finally {
        MDC.clear();
      }
    };
  }
}
