package io.loadline.engine;

import io.loadline.plan.FlowNode;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The order a scenario's steps run in: walks its flow (groups that repeat or loop while a condition
 * holds, conditions, weighted choices) one request or think step at a time, as the iteration's
 * steps end. Each iteration keeps its own place in the flow, in its {@link Iteration} state, so the
 * program itself is immutable and shared by every iteration of the scenario.
 *
 * <p>Thread-safety: thread-safe; an iteration's steps run one after another, possibly on different
 * threads, and its cursor is guarded by its own lock.
 *
 * <p>Rules: a {@code while} condition is tested before every pass, on the variables and the last
 * request's status at that moment; a {@code while} still true after {@code maxIterations} passes
 * leaves the loop (warned about once per scenario) and the flow goes on. Conditions read the status
 * of the last request step (think steps keep it). A {@code choose} draws a branch by weight, anew
 * each time it is reached, from the iteration's random generator (seeded when the scenario has a
 * seed).
 */
final class StepProgram {

  private static final Logger LOG = LoggerFactory.getLogger(StepProgram.class);

  /** Returned when the iteration has no more steps to run. */
  static final int END = -1;

  /** The status passed to {@link #next} after a think step: the last request's status stays. */
  static final int NO_STATUS = -1;

  private final String scenarioName;
  private final List<FlowNode> flow;
  private final AtomicBoolean warnedMaxIterations = new AtomicBoolean();

  StepProgram(String scenarioName, List<FlowNode> flow) {
    this.scenarioName = scenarioName;
    this.flow = List.copyOf(flow);
  }

  /** Starts the iteration's walk; returns the index of its first step, or {@link #END}. */
  int first(Iteration iteration) {
    Cursor cursor = iteration.state(this, Cursor::new);
    synchronized (cursor) {
      cursor.frames.clear();
      cursor.frames.push(new Frame(flow, null));
      return advance(cursor, iteration.variables(), iteration.random());
    }
  }

  /**
   * The step after the one that just ended, or {@link #END}.
   *
   * @param status the status of the step that ended when it was a request, else {@link #NO_STATUS}
   */
  int next(Iteration iteration, int status) {
    Cursor cursor = iteration.state(this, Cursor::new);
    synchronized (cursor) {
      if (status != NO_STATUS) {
        cursor.lastStatus = status;
      }
      return advance(cursor, iteration.variables(), iteration.random());
    }
  }

  private int advance(Cursor cursor, Map<String, String> variables, RandomGenerator random) {
    Deque<Frame> frames = cursor.frames;
    while (!frames.isEmpty()) {
      Frame frame = frames.peek();
      if (frame.position < frame.nodes.size()) {
        FlowNode node = frame.nodes.get(frame.position++);
        switch (node) {
          case FlowNode.Step step -> {
            return step.step();
          }
          case FlowNode.Repeat repeat -> frames.push(new Frame(repeat.steps(), repeat));
          case FlowNode.While loop -> {
            if (loop.condition().holds(variables, cursor.lastStatus)) {
              frames.push(new Frame(loop.steps(), loop));
            }
          }
          case FlowNode.If branch ->
              frames.push(
                  new Frame(
                      branch.condition().holds(variables, cursor.lastStatus)
                          ? branch.then()
                          : branch.otherwise(),
                      null));
          case FlowNode.Choose choose -> frames.push(new Frame(draw(choose, random), null));
        }
        continue;
      }
      if (!passAgain(frame, variables, cursor.lastStatus)) {
        frames.pop();
      }
    }
    return END;
  }

  /** At the end of a loop's pass: starts the next pass when one is due. */
  private boolean passAgain(Frame frame, Map<String, String> variables, int lastStatus) {
    boolean again =
        switch (frame.loop) {
          case FlowNode.Repeat repeat -> frame.passes < repeat.times();
          case FlowNode.While loop -> whileGoesOn(loop, frame.passes, variables, lastStatus);
          case null, default -> false;
        };
    if (again) {
      frame.position = 0;
      frame.passes++;
    }
    return again;
  }

  private boolean whileGoesOn(
      FlowNode.While loop, int passes, Map<String, String> variables, int lastStatus) {
    if (!loop.condition().holds(variables, lastStatus)) {
      return false;
    }
    if (passes < loop.maxIterations()) {
      return true;
    }
    if (warnedMaxIterations.compareAndSet(false, true)) {
      LOG.warn(
          "Scenario '{}': a while group still held after its maxIterations ({}) passes; the"
              + " iteration left the loop and went on. Check its condition, or raise"
              + " maxIterations. Warned once.",
          scenarioName,
          loop.maxIterations());
    }
    return false;
  }

  private static List<FlowNode> draw(FlowNode.Choose choose, RandomGenerator random) {
    int total = 0;
    for (FlowNode.Branch branch : choose.branches()) {
      total += branch.weight();
    }
    int drawn = random.nextInt(total);
    for (FlowNode.Branch branch : choose.branches()) {
      drawn -= branch.weight();
      if (drawn < 0) {
        return branch.steps();
      }
    }
    return choose.branches().getLast().steps();
  }

  /** One iteration's place in the flow: a stack of lists being walked. */
  private static final class Cursor {
    private final Deque<Frame> frames = new ArrayDeque<>();
    private int lastStatus = NO_STATUS;
  }

  /** A list of nodes being walked; for a loop's body, the loop and the pass it is on. */
  private static final class Frame {
    private final List<FlowNode> nodes;
    private final FlowNode loop;
    private int position;
    private int passes = 1;

    Frame(List<FlowNode> nodes, FlowNode loop) {
      this.nodes = nodes;
      this.loop = loop;
    }
  }

  @Override
  public String toString() {
    return "StepProgram[" + scenarioName + ", " + flow.size() + " top-level step(s)]";
  }
}
