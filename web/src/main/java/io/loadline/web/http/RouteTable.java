package io.loadline.web.http;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import io.javalin.router.Endpoint;
import io.javalin.security.Roles;
import io.loadline.web.auth.Access;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Every route of the server in one list, each with the access it needs. Routes are registered with
 * Javalin only through {@link #registerWith}, so a route cannot exist without a declared access,
 * and tests walk {@link #routes()} to prove that none is left open. Built once at start-up, then
 * immutable.
 */
public final class RouteTable {

  private final List<Route> routes;

  private RouteTable(List<Route> routes) {
    this.routes = List.copyOf(routes);
  }

  /** A table builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** Every route, in declaration order. */
  public List<Route> routes() {
    return routes;
  }

  /**
   * Adds every route to Javalin, with its {@link Route} and access as endpoint metadata. Each GET
   * route is also registered for HEAD, with the same access and handler (Jetty sends the head of
   * the answer without its body): left to itself, Javalin answers a HEAD of any GET path 200
   * without running a handler, so an unauthenticated HEAD got 200 where its GET got 401.
   */
  public void registerWith(RoutesConfig config) {
    for (Route route : routes) {
      register(config, route.method(), route);
      if (route.method() == HandlerType.GET) {
        register(config, HandlerType.HEAD, route);
      }
    }
  }

  private static void register(RoutesConfig config, HandlerType method, Route route) {
    config.addEndpoint(
        Endpoint.create(method, route.path())
            .addMetadata(new Roles(Set.of(route.access())))
            .addMetadata(route)
            .handler(route.handler()));
  }

  /**
   * The methods the table declares for a path, in declaration order, such as {@code [GET, HEAD,
   * PUT, DELETE]} for {@code /api/v1/plans/1} (HEAD wherever GET is); empty when no route has this
   * path. Used to answer 405 with an {@code Allow} header rather than 404 when only the method is
   * wrong.
   */
  public Set<String> allowedMethods(String requestPath) {
    Set<String> methods = new LinkedHashSet<>();
    for (Route route : routes) {
      if (pathMatches(route.path(), requestPath)) {
        methods.add(route.method().name());
        if (route.method() == HandlerType.GET) {
          methods.add(HandlerType.HEAD.name());
        }
      }
    }
    return methods;
  }

  /** Whether a request path fits a route path whose {@code {name}} segments match any segment. */
  static boolean pathMatches(String routePath, String requestPath) {
    String[] expected = routePath.split("/", -1);
    String[] actual = requestPath.split("/", -1);
    if (expected.length != actual.length) {
      return false;
    }
    for (int index = 0; index < expected.length; index++) {
      String segment = expected[index];
      boolean parameter = segment.startsWith("{") || segment.startsWith("<");
      if (parameter ? actual[index].isEmpty() : !segment.equals(actual[index])) {
        return false;
      }
    }
    return true;
  }

  /** The route that matched the request, or empty (a static file, or no route at all). */
  public static Optional<Route> matched(Context context) {
    Endpoint endpoint = context.endpoints().matchedHttpEndpoint();
    return endpoint == null
        ? Optional.empty()
        : Optional.ofNullable(endpoint.metadata(Route.class));
  }

  /** Collects routes; not thread-safe, used by one thread at start-up. */
  public static final class Builder {

    private final List<Route> routes = new ArrayList<>();

    private Builder() {}

    /** A read-only GET route. */
    public Builder get(String path, Access access, Handler handler) {
      return add(new Route(HandlerType.GET, path, access, null, handler));
    }

    /** A POST route that records {@code auditAction}. */
    public Builder post(String path, Access access, String auditAction, Handler handler) {
      return add(new Route(HandlerType.POST, path, access, auditAction, handler));
    }

    /** A PUT route that records {@code auditAction}. */
    public Builder put(String path, Access access, String auditAction, Handler handler) {
      return add(new Route(HandlerType.PUT, path, access, auditAction, handler));
    }

    /** A DELETE route that records {@code auditAction}. */
    public Builder delete(String path, Access access, String auditAction, Handler handler) {
      return add(new Route(HandlerType.DELETE, path, access, auditAction, handler));
    }

    public Builder add(Route route) {
      routes.add(route);
      return this;
    }

    public RouteTable build() {
      return new RouteTable(routes);
    }
  }
}
