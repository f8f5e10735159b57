package io.loadline.plugins.http;

import java.util.ArrayList;
import java.util.List;

/**
 * A recursive-descent parser of one placeholder: {@code name}, {@code 'text'}, {@code "text"},
 * {@code 42}, or {@code function(argument, ...)}. One per placeholder; not thread-safe.
 */
final class ExpressionParser {

  private final String text;
  private int position;

  ExpressionParser(String text) {
    this.text = text;
  }

  TemplateExpression expression() {
    skipSpaces();
    if (position >= text.length()) {
      throw error("an empty placeholder");
    }
    char first = text.charAt(position);
    if (first == '\'' || first == '"') {
      return new TemplateExpression.Constant(quoted(first));
    }
    if (Character.isDigit(first) || first == '-') {
      return new TemplateExpression.Constant(number());
    }
    String name = name();
    skipSpaces();
    if (position < text.length() && text.charAt(position) == '(') {
      return call(name);
    }
    return new TemplateExpression.Variable(name);
  }

  void expectEnd() {
    skipSpaces();
    if (position != text.length()) {
      throw error("unexpected '" + text.substring(position) + "'");
    }
  }

  private TemplateExpression call(String name) {
    TemplateExpression.Function function = TemplateExpression.Function.named(name);
    if (function == null) {
      throw error(
          "no function '"
              + name
              + "'; the functions are uuid, randomInt, randomString,"
              + " now, base64, urlEncode and sha256");
    }
    position++; // the '('
    List<TemplateExpression> arguments = new ArrayList<>();
    skipSpaces();
    if (peek() == ')') {
      position++;
    } else {
      while (true) {
        arguments.add(expression());
        skipSpaces();
        char next = peek();
        position++;
        if (next == ')') {
          break;
        }
        if (next != ',') {
          throw error("expected ',' or ')' in the call of " + name);
        }
      }
    }
    if (arguments.size() < function.minArguments || arguments.size() > function.maxArguments) {
      throw error(name + " takes " + arity(function) + ", was given " + arguments.size());
    }
    try {
      function.checkConstants(arguments);
    } catch (IllegalArgumentException e) {
      throw error(e.getMessage());
    }
    return new TemplateExpression.Call(function, List.copyOf(arguments));
  }

  private static String arity(TemplateExpression.Function function) {
    return function.minArguments == function.maxArguments
        ? function.minArguments + " argument(s)"
        : function.minArguments + " to " + function.maxArguments + " arguments";
  }

  private String quoted(char quote) {
    int end = text.indexOf(quote, position + 1);
    if (end < 0) {
      throw error("a quoted text without its closing " + quote);
    }
    String value = text.substring(position + 1, end);
    position = end + 1;
    return value;
  }

  private String number() {
    int start = position;
    position++;
    while (position < text.length() && Character.isDigit(text.charAt(position))) {
      position++;
    }
    return text.substring(start, position);
  }

  private String name() {
    int start = position;
    while (position < text.length()) {
      char c = text.charAt(position);
      if (!(Character.isLetterOrDigit(c) || c == '_' || c == '.' || c == '-')) {
        break;
      }
      position++;
    }
    if (start == position) {
      throw error("expected a variable or function name at '" + text.substring(start) + "'");
    }
    return text.substring(start, position);
  }

  private char peek() {
    return position < text.length() ? text.charAt(position) : '\0';
  }

  private void skipSpaces() {
    while (position < text.length() && Character.isWhitespace(text.charAt(position))) {
      position++;
    }
  }

  private IllegalArgumentException error(String message) {
    return new IllegalArgumentException("{{" + text + "}}: " + message);
  }
}
