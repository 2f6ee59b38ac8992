package dev.sfbroker.simulator;

import dev.sfbroker.simulator.SoqlQuery.Condition;
import dev.sfbroker.simulator.SoqlQuery.Literal;
import dev.sfbroker.simulator.SoqlQuery.Name;
import dev.sfbroker.simulator.SoqlQuery.Operator;
import dev.sfbroker.simulator.SoqlQuery.Order;
import dev.sfbroker.simulator.SoqlQuery.SelectItem;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the SOQL subset the simulator serves:
 * <pre>
 * SELECT COUNT() | item [, item ...]          item: field | COUNT(field) [alias]
 * FROM object
 * [WHERE condition [AND condition ...]]        condition: field op value | field IN (value, ...)
 *                                              op: = != &lt;&gt; &lt; &lt;= &gt; &gt;= LIKE
 * [GROUP BY field [, field ...]]               value: 'string' | number | true | false | null | 2026-11-22T16:00:00Z
 * [ORDER BY field [ASC|DESC] [NULLS FIRST|LAST] [, ...]]
 * [LIMIT n] [OFFSET n]
 * </pre>
 * Keywords are case-insensitive. Anything else (OR, NOT, parentheses, subqueries, relationship paths,
 * date literals such as {@code TODAY}, HAVING) is refused as {@code MALFORMED_QUERY}, as an unexpected token.
 * Names are checked against the object later, by {@link SoqlExecutor}.
 */
final class SoqlParser {

    private static final Pattern TOKEN = Pattern.compile(
            "(?<space>\\s+)"
                    + "|(?<datetime>\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(?:\\.\\d{1,3})?(?:Z|[+-]\\d{2}:?\\d{2}))"
                    + "|(?<number>-?\\d+(?:\\.\\d+)?)"
                    + "|(?<ident>[A-Za-z_][A-Za-z0-9_]*(?:\\.[A-Za-z_][A-Za-z0-9_]*)*)"
                    + "|(?<symbol>!=|<>|<=|>=|[=<>(),])"
                    + "|(?<quote>')");
    private static final Set<String> RESERVED = Set.of("SELECT", "FROM", "WHERE", "AND", "OR", "NOT", "GROUP",
            "ORDER", "BY", "LIMIT", "OFFSET", "ASC", "DESC", "NULLS", "LIKE", "IN", "HAVING", "TRUE", "FALSE", "NULL");
    private static final Map<String, Operator> OPERATORS = Map.of("=", Operator.EQUALS, "!=", Operator.NOT_EQUALS,
            "<>", Operator.NOT_EQUALS, "<", Operator.LESS, "<=", Operator.LESS_OR_EQUAL, ">", Operator.GREATER,
            ">=", Operator.GREATER_OR_EQUAL);

    private enum Type { IDENT, STRING, NUMBER, DATETIME, SYMBOL, END }

    private record Token(Type type, String text, Object value, int position) {

        boolean is(String keywordOrSymbol) {
            return (type == Type.IDENT || type == Type.SYMBOL) && text.equalsIgnoreCase(keywordOrSymbol);
        }

        String shown() {
            return type == Type.END ? "<EOF>" : "'" + text + "'";
        }
    }

    private final String soql;
    private final List<Token> tokens;
    private int next;

    private SoqlParser(String soql) throws SoqlException {
        this.soql = soql;
        this.tokens = tokenize(soql);
    }

    /** The query, or {@code MALFORMED_QUERY}. */
    static SoqlQuery parse(String soql) throws SoqlException {
        return new SoqlParser(soql).query();
    }

    private SoqlQuery query() throws SoqlException {
        expect("SELECT");
        List<SelectItem> select = new ArrayList<>();
        boolean countOnly = false;
        if (peek().is("COUNT") && peek(1).is("(") && peek(2).is(")")) {
            next += 3;
            countOnly = true;
        } else {
            do {
                select.add(selectItem());
            } while (accept(","));
        }
        expect("FROM");
        Name object = name();
        List<Condition> where = new ArrayList<>();
        if (accept("WHERE")) {
            do {
                where.add(condition());
            } while (accept("AND"));
        }
        List<Name> groupBy = new ArrayList<>();
        if (accept("GROUP")) {
            expect("BY");
            do {
                groupBy.add(name());
            } while (accept(","));
        }
        List<Order> orderBy = new ArrayList<>();
        if (accept("ORDER")) {
            expect("BY");
            do {
                orderBy.add(order());
            } while (accept(","));
        }
        Integer limit = accept("LIMIT") ? count() : null;
        Integer offset = accept("OFFSET") ? count() : null;
        if (peek().type() != Type.END) {
            throw unexpected(peek());
        }
        return new SoqlQuery(soql, select, countOnly, object, where, groupBy, orderBy, limit, offset);
    }

    private SelectItem selectItem() throws SoqlException {
        if (peek().is("COUNT") && peek(1).is("(")) {
            next += 2;
            Name field = name();
            expect(")");
            String alias = peek().type() == Type.IDENT && !reserved(peek()) ? take().text() : null;
            return new SelectItem(field, true, alias);
        }
        return new SelectItem(name(), false, null);
    }

    private Condition condition() throws SoqlException {
        Name field = name();
        Token operator = take();
        if (operator.is("IN")) {
            expect("(");
            List<Literal> values = new ArrayList<>();
            do {
                values.add(literal());
            } while (accept(","));
            expect(")");
            return new Condition(field, Operator.IN, values);
        }
        if (operator.is("LIKE")) {
            return new Condition(field, Operator.LIKE, List.of(literal()));
        }
        Operator op = operator.type() == Type.SYMBOL ? OPERATORS.get(operator.text()) : null;
        if (op == null) {
            throw unexpected(operator);
        }
        return new Condition(field, op, List.of(literal()));
    }

    private Literal literal() throws SoqlException {
        Token token = take();
        return switch (token.type()) {
            case STRING -> new Literal(Literal.Kind.STRING, token.value(), token.position());
            case NUMBER -> new Literal(Literal.Kind.NUMBER, token.value(), token.position());
            case DATETIME -> new Literal(Literal.Kind.DATETIME, token.value(), token.position());
            case IDENT -> {
                String word = token.text().toUpperCase(Locale.ROOT);
                if (word.equals("TRUE") || word.equals("FALSE")) {
                    yield new Literal(Literal.Kind.BOOLEAN, word.equals("TRUE"), token.position());
                }
                if (word.equals("NULL")) {
                    yield new Literal(Literal.Kind.NULL, null, token.position());
                }
                throw unexpected(token);
            }
            default -> throw unexpected(token);
        };
    }

    private Order order() throws SoqlException {
        Name field = name();
        boolean descending = false;
        if (accept("DESC")) {
            descending = true;
        } else {
            accept("ASC");
        }
        boolean nullsFirst = !descending;
        if (accept("NULLS")) {
            if (accept("LAST")) {
                nullsFirst = false;
            } else {
                expect("FIRST");
                nullsFirst = true;
            }
        }
        return new Order(field, descending, nullsFirst);
    }

    private int count() throws SoqlException {
        Token token = take();
        if (token.type() != Type.NUMBER || !(token.value() instanceof BigDecimal n) || n.scale() > 0 || n.signum() < 0
                || n.compareTo(BigDecimal.valueOf(Integer.MAX_VALUE)) > 0) {
            throw unexpected(token);
        }
        return n.intValueExact();
    }

    private Name name() throws SoqlException {
        Token token = take();
        if (token.type() != Type.IDENT || reserved(token)) {
            throw unexpected(token);
        }
        return new Name(token.text(), token.position());
    }

    private void expect(String keywordOrSymbol) throws SoqlException {
        Token token = take();
        if (!token.is(keywordOrSymbol)) {
            throw unexpected(token);
        }
    }

    private boolean accept(String keywordOrSymbol) {
        if (peek().is(keywordOrSymbol)) {
            next++;
            return true;
        }
        return false;
    }

    private Token take() {
        Token token = peek();
        if (token.type() != Type.END) {
            next++;
        }
        return token;
    }

    private Token peek() {
        return peek(0);
    }

    private Token peek(int ahead) {
        return tokens.get(Math.min(next + ahead, tokens.size() - 1));
    }

    private SoqlException unexpected(Token token) {
        return SoqlException.at(soql, token.position(), SoqlException.MALFORMED_QUERY, "unexpected token: " + token.shown());
    }

    private static boolean reserved(Token token) {
        return RESERVED.contains(token.text().toUpperCase(Locale.ROOT));
    }

    private static List<Token> tokenize(String soql) throws SoqlException {
        List<Token> tokens = new ArrayList<>();
        Matcher matcher = TOKEN.matcher(soql);
        int at = 0;
        while (at < soql.length()) {
            if (!matcher.region(at, soql.length()).lookingAt()) {
                throw SoqlException.at(soql, at, SoqlException.MALFORMED_QUERY,
                        "unexpected token: '" + soql.charAt(at) + "'");
            }
            if (matcher.group("quote") != null) {
                at = string(soql, at, tokens);
                continue;
            }
            String text = matcher.group();
            if (matcher.group("datetime") != null) {
                tokens.add(new Token(Type.DATETIME, text, dateTime(soql, text, at), at));
            } else if (matcher.group("number") != null) {
                tokens.add(new Token(Type.NUMBER, text, new BigDecimal(text), at));
            } else if (matcher.group("ident") != null) {
                tokens.add(new Token(Type.IDENT, text, null, at));
            } else if (matcher.group("symbol") != null) {
                tokens.add(new Token(Type.SYMBOL, text, null, at));
            }
            at = matcher.end();
        }
        tokens.add(new Token(Type.END, "", null, soql.length()));
        return tokens;
    }

    /** Reads the quoted string starting at {@code start}; returns the index after its closing quote. */
    private static int string(String soql, int start, List<Token> tokens) throws SoqlException {
        StringBuilder value = new StringBuilder();
        int at = start + 1;
        while (at < soql.length()) {
            char c = soql.charAt(at);
            if (c == '\'') {
                tokens.add(new Token(Type.STRING, soql.substring(start, at + 1), value.toString(), start));
                return at + 1;
            }
            if (c == '\\' && at + 1 < soql.length()) {
                char escaped = soql.charAt(++at);
                switch (escaped) {
                    case 'n' -> value.append('\n');
                    case 'r' -> value.append('\r');
                    case 't' -> value.append('\t');
                    case 'b' -> value.append('\b');
                    case 'f' -> value.append('\f');
                    case '%', '_' -> value.append('\\').append(escaped);   // kept for LIKE
                    default -> value.append(escaped);
                }
            } else {
                value.append(c);
            }
            at++;
        }
        throw SoqlException.at(soql, start, SoqlException.MALFORMED_QUERY, "unexpected token: <EOF>");
    }

    /** A dateTime literal, {@code 2026-11-22T16:00:00Z} or with an offset ({@code +01:00} or {@code +0100}). */
    private static Object dateTime(String soql, String text, int at) throws SoqlException {
        String iso = text.matches(".*[+-]\\d{4}")
                ? text.substring(0, text.length() - 2) + ":" + text.substring(text.length() - 2) : text;
        try {
            return OffsetDateTime.parse(iso).toInstant();
        } catch (DateTimeParseException e) {
            throw SoqlException.at(soql, at, SoqlException.MALFORMED_QUERY, "unexpected token: '" + text + "'");
        }
    }
}
