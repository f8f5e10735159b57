package io.loadline.web;

/** Plan sources for tests; every URL points at a target the test started on 127.0.0.1. */
public final class Plans {

  private Plans() {}

  /** One scenario, one GET step, a constant rate for a duration. */
  public static String yaml(String name, String baseUrl, String rate, String duration) {
    return """
        name: %s
        gracefulStop: 2s
        scenarios:
          - name: browse
            load:
              model: constant
              rate: %s
              duration: %s
            steps:
              - name: fast
                request:
                  method: GET
                  url: %s/fast
        """
        .formatted(name, rate, duration, baseUrl);
  }

  /** The same plan as JSON. */
  public static String json(String name, String baseUrl, String rate, String duration) {
    return """
        {
          "name": "%s",
          "gracefulStop": "2s",
          "scenarios": [
            {
              "name": "browse",
              "load": {"model": "constant", "rate": "%s", "duration": "%s"},
              "steps": [
                {"name": "fast", "request": {"method": "GET", "url": "%s/fast"}}
              ]
            }
          ]
        }
        """
        .formatted(name, rate, duration, baseUrl);
  }

  /** A plan with three mistakes: a blank name, a negative rate and a URL that is not one. */
  public static String withThreeMistakes() {
    return """
        name: ""
        scenarios:
          - name: browse
            load:
              model: constant
              rate: -5/s
              duration: 1s
            steps:
              - request:
                  method: GET
                  url: not a url
        """;
  }
}
