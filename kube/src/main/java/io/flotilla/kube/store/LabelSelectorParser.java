package io.flotilla.kube.store;

import io.flotilla.kube.base.ApiException;
import io.flotilla.kube.base.LabelSyntax;
import io.flotilla.kube.store.LabelRequirement.Operator;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * apimachinery's label selector lexer and parser ({@code labels.Parse}), with its error texts: a
 * requirement that fails is reported as {@code unable to parse requirement: <why>}, a misplaced
 * token between requirements as the bare {@code found '…', expected: …}.
 */
final class LabelSelectorParser {
  private enum Token {
    ERROR,
    END_OF_STRING,
    CLOSED_PAR,
    COMMA,
    DOES_NOT_EXIST,
    DOUBLE_EQUALS,
    EQUALS,
    GREATER_THAN,
    IDENTIFIER,
    IN,
    LESS_THAN,
    NOT_EQUALS,
    NOT_IN,
    OPEN_PAR
  }

  private record Item(Token token, String literal) {}

  private static final Map<String, Token> LITERALS =
      Map.ofEntries(
          Map.entry(")", Token.CLOSED_PAR),
          Map.entry(",", Token.COMMA),
          Map.entry("!", Token.DOES_NOT_EXIST),
          Map.entry("==", Token.DOUBLE_EQUALS),
          Map.entry("=", Token.EQUALS),
          Map.entry(">", Token.GREATER_THAN),
          Map.entry("in", Token.IN),
          Map.entry("<", Token.LESS_THAN),
          Map.entry("!=", Token.NOT_EQUALS),
          Map.entry("notin", Token.NOT_IN),
          Map.entry("(", Token.OPEN_PAR));

  /** apimachinery's {@code binaryOperators}, in its order, as its error lists them. */
  private static final String BINARY_OPERATORS =
      Stream.of(
              Operator.IN,
              Operator.NOT_IN,
              Operator.EQUALS,
              Operator.DOUBLE_EQUALS,
              Operator.NOT_EQUALS,
              Operator.GREATER_THAN,
              Operator.LESS_THAN)
          .map(o -> o.text)
          .collect(Collectors.joining(", "));

  private final List<Item> items;
  private int position;

  private LabelSelectorParser(List<Item> items) {
    this.items = items;
  }

  /** The selector's requirements, or a 400 with the parser's words. */
  static List<LabelRequirement> parse(String selector) {
    return new LabelSelectorParser(new Lexer(selector).scan()).requirements();
  }

  private List<LabelRequirement> requirements() {
    List<LabelRequirement> out = new ArrayList<>();
    while (true) {
      Item next = lookahead(true);
      switch (next.token) {
        case IDENTIFIER, DOES_NOT_EXIST -> {
          try {
            out.add(requirement());
          } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("unable to parse requirement: " + e.getMessage());
          }
          Item after = consume(true);
          switch (after.token) {
            case END_OF_STRING -> {
              return out;
            }
            case COMMA -> {
              Item following = lookahead(true);
              if (following.token != Token.IDENTIFIER && following.token != Token.DOES_NOT_EXIST) {
                throw ApiException.badRequest(
                    "found '" + following.literal + "', expected: identifier after ','");
              }
            }
            default ->
                throw ApiException.badRequest(
                    "found '" + after.literal + "', expected: ',' or 'end of string'");
          }
        }
        case END_OF_STRING -> {
          return out;
        }
        default ->
            throw ApiException.badRequest(
                "found '" + next.literal + "', expected: !, identifier, or 'end of string'");
      }
    }
  }

  private LabelRequirement requirement() {
    Operator op = null;
    Item key = consume(true);
    if (key.token == Token.DOES_NOT_EXIST) {
      op = Operator.DOES_NOT_EXIST;
      key = consume(true);
    }
    if (key.token != Token.IDENTIFIER) {
      throw syntax("found '" + key.literal + "', expected: identifier");
    }
    String keyErr = LabelSyntax.invalidKey("<nil>", key.literal);
    if (keyErr != null) {
      throw syntax(keyErr);
    }
    Token next = lookahead(true).token;
    if (next == Token.END_OF_STRING || next == Token.COMMA) {
      return LabelRequirement.of(key.literal, op == null ? Operator.EXISTS : op, List.of());
    }
    if (op == Operator.DOES_NOT_EXIST) {
      return LabelRequirement.of(key.literal, op, List.of());
    }
    op = operator();
    List<String> values = op == Operator.IN || op == Operator.NOT_IN ? valueSet() : exactValue();
    return LabelRequirement.of(key.literal, op, values);
  }

  private Operator operator() {
    Item item = consume(false);
    return switch (item.token) {
      case IN -> Operator.IN;
      case EQUALS -> Operator.EQUALS;
      case DOUBLE_EQUALS -> Operator.DOUBLE_EQUALS;
      case GREATER_THAN -> Operator.GREATER_THAN;
      case LESS_THAN -> Operator.LESS_THAN;
      case NOT_IN -> Operator.NOT_IN;
      case NOT_EQUALS -> Operator.NOT_EQUALS;
      default -> throw syntax("found '" + item.literal + "', expected: " + BINARY_OPERATORS);
    };
  }

  /** {@code (a,b,…)}: a set, so sorted and without repeats; empty entries are the value "". */
  private List<String> valueSet() {
    Item open = consume(true);
    if (open.token != Token.OPEN_PAR) {
      throw syntax("found '" + open.literal + "' expected: '('");
    }
    Item first = lookahead(true);
    switch (first.token) {
      case IDENTIFIER, COMMA -> {
        List<String> values = identifiers();
        if (consume(true).token != Token.CLOSED_PAR) {
          // apimachinery names the token after '(' here, not the one it found
          throw syntax("found '" + first.literal + "', expected: ')'");
        }
        return values;
      }
      case CLOSED_PAR -> {
        consume(true);
        return List.of("");
      }
      default -> throw syntax("found '" + first.literal + "', expected: ',', ')' or identifier");
    }
  }

  private List<String> identifiers() {
    TreeSet<String> set = new TreeSet<>();
    while (true) {
      Item item = consume(true);
      switch (item.token) {
        case IDENTIFIER -> {
          set.add(item.literal);
          Item next = lookahead(true);
          if (next.token == Token.CLOSED_PAR) {
            return List.copyOf(set);
          }
          if (next.token != Token.COMMA) {
            throw syntax("found '" + next.literal + "', expected: ',' or ')'");
          }
        }
        case COMMA -> {
          // "(," ",)" and ",," each stand for the empty value
          Token next = lookahead(true).token;
          if (set.isEmpty() || next == Token.CLOSED_PAR || next == Token.COMMA) {
            set.add("");
          }
          if (next == Token.CLOSED_PAR) {
            return List.copyOf(set);
          }
          if (next == Token.COMMA) {
            consume(true);
          }
        }
        default -> throw syntax("found '" + item.literal + "', expected: ',', or identifier");
      }
    }
  }

  private List<String> exactValue() {
    Token next = lookahead(true).token;
    if (next == Token.END_OF_STRING || next == Token.COMMA) {
      return List.of("");
    }
    Item item = consume(true);
    if (item.token != Token.IDENTIFIER) {
      throw syntax("found '" + item.literal + "', expected: identifier");
    }
    return List.of(item.literal);
  }

  /** The current item; where a value may stand, {@code in} and {@code notin} are identifiers. */
  private Item lookahead(boolean values) {
    Item item = items.get(position);
    if (values && (item.token == Token.IN || item.token == Token.NOT_IN)) {
      return new Item(Token.IDENTIFIER, item.literal);
    }
    return item;
  }

  private Item consume(boolean values) {
    Item item = lookahead(values);
    position++;
    return item;
  }

  private static IllegalArgumentException syntax(String message) {
    return new IllegalArgumentException(message);
  }

  /** Splits the selector into identifiers and operator symbols; NUL ends it as Go's does. */
  private static final class Lexer {
    private final String s;
    private int pos;

    Lexer(String s) {
      this.s = s;
    }

    List<Item> scan() {
      List<Item> items = new ArrayList<>();
      Item item;
      do {
        item = lex();
        items.add(item);
      } while (item.token != Token.END_OF_STRING);
      return items;
    }

    private char read() {
      return pos < s.length() ? s.charAt(pos++) : 0;
    }

    private Item lex() {
      char ch = read();
      while (whitespace(ch)) {
        ch = read();
      }
      if (ch == 0) {
        return new Item(Token.END_OF_STRING, "");
      }
      pos--;
      return special(ch) ? symbol() : word();
    }

    /** An identifier, or {@code in}/{@code notin}. */
    private Item word() {
      StringBuilder b = new StringBuilder();
      for (char ch = read(); ch != 0; ch = read()) {
        if (special(ch) || whitespace(ch)) {
          pos--;
          break;
        }
        b.append(ch);
      }
      String lit = b.toString();
      Token t = LITERALS.get(lit);
      return t == null ? new Item(Token.IDENTIFIER, lit) : new Item(t, lit);
    }

    /** The longest operator symbol here ({@code !=} over {@code !}, {@code ==} over {@code =}). */
    private Item symbol() {
      Item last = null;
      StringBuilder b = new StringBuilder();
      for (char ch = read(); ch != 0; ch = read()) {
        if (!special(ch)) {
          pos--;
          break;
        }
        b.append(ch);
        Token t = LITERALS.get(b.toString());
        if (t != null) {
          last = new Item(t, b.toString());
        } else if (last != null) {
          pos--;
          break;
        }
      }
      return last != null
          ? last
          : new Item(Token.ERROR, "error expected: keyword found '" + b + "'");
    }

    private static boolean whitespace(char ch) {
      return ch == ' ' || ch == '\t' || ch == '\r' || ch == '\n';
    }

    private static boolean special(char ch) {
      return switch (ch) {
        case '=', '!', '(', ')', ',', '>', '<' -> true;
        default -> false;
      };
    }
  }
}
