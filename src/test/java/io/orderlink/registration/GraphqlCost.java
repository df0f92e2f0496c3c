package io.orderlink.registration;

import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;

/**
 * The requested cost of a GraphQL Admin API query by Shopify's documented rules (shopify.dev, "GraphQL Admin API
 * rate limits", cost calculation): scalars and enums 0, an object 1, a connection 2 plus {@code first} times the
 * cost of one node (its {@code edges}/{@code node} wrappers are the connection itself, so nested connections
 * multiply), a mutation 10. A list field sized by {@code first} is costed like a connection, which can only
 * over-estimate. Shopify refuses a query whose requested cost exceeds {@link #SINGLE_QUERY_LIMIT}.
 */
final class GraphqlCost {

    static final int SINGLE_QUERY_LIMIT = 1000;
    private static final int MUTATION = 10;

    private record Field(String name, Integer first, List<Field> children, boolean object) {
    }

    private final List<String> tokens;
    private final JsonObject variables;
    private int at;

    private GraphqlCost(String query, JsonObject variables) {
        this.tokens = tokenize(query);
        this.variables = variables == null ? new JsonObject() : variables;
    }

    static int of(String query, JsonObject variables) {
        return new GraphqlCost(query, variables).operation();
    }

    private int operation() {
        boolean mutation = "mutation".equals(tokens.get(0));
        int depth = 0;
        while (!(depth == 0 && "{".equals(tokens.get(at)))) {
            depth += "(".equals(tokens.get(at)) ? 1 : ")".equals(tokens.get(at)) ? -1 : 0;
            at++;
        }
        List<Field> fields = selectionSet();
        return mutation ? MUTATION : sum(fields);
    }

    private static int sum(List<Field> fields) {
        int total = 0;
        for (Field field : fields) {
            total += cost(field);
        }
        return total;
    }

    private static int cost(Field field) {
        if (!field.object()) {
            return 0;
        }
        if (field.first() == null) {
            return 1 + sum(field.children());
        }
        boolean connection = field.children().stream().anyMatch(c -> c.name().equals("edges") || c.name().equals("nodes"));
        if (!connection) {
            return 2 + field.first() * (1 + sum(field.children()));
        }
        int node = 0;
        int wrapper = 0;
        for (Field child : field.children()) {
            if (child.name().equals("edges")) {
                node = 1 + sum(nodeOf(child));
            } else if (child.name().equals("nodes")) {
                node = 1 + sum(child.children());
            } else {
                wrapper += cost(child);
            }
        }
        return 2 + field.first() * node + wrapper;
    }

    private static List<Field> nodeOf(Field edges) {
        return edges.children().stream().filter(c -> c.name().equals("node")).findFirst().map(Field::children).orElse(List.of());
    }

    private List<Field> selectionSet() {
        expect("{");
        List<Field> fields = new ArrayList<>();
        while (!"}".equals(tokens.get(at))) {
            if ("...".equals(tokens.get(at))) {
                at += 3; // ... on Type
                fields.addAll(selectionSet());
                continue;
            }
            String name = tokens.get(at++);
            if (":".equals(tokens.get(at))) {
                at++;
                name = tokens.get(at++);
            }
            Integer first = "(".equals(tokens.get(at)) ? arguments() : null;
            boolean object = "{".equals(tokens.get(at));
            fields.add(new Field(name, first, object ? selectionSet() : List.of(), object));
        }
        at++;
        return fields;
    }

    /** Skips the arguments; the value of {@code first}, a literal or a variable, when there is one. */
    private Integer arguments() {
        expect("(");
        Integer first = null;
        while (!")".equals(tokens.get(at))) {
            String name = tokens.get(at++);
            expect(":");
            String value = tokens.get(at);
            skipValue();
            if (name.equals("first")) {
                first = value.startsWith("$") ? variables.getInteger(value.substring(1)) : Integer.valueOf(value);
            }
        }
        at++;
        return first;
    }

    private void skipValue() {
        String token = tokens.get(at++);
        if ("[".equals(token) || "{".equals(token)) {
            int depth = 1;
            while (depth > 0) {
                String t = tokens.get(at++);
                depth += "[".equals(t) || "{".equals(t) ? 1 : "]".equals(t) || "}".equals(t) ? -1 : 0;
            }
        }
    }

    private void expect(String token) {
        if (!token.equals(tokens.get(at))) {
            throw new IllegalArgumentException("expected " + token + " at token " + at + ", got " + tokens.get(at));
        }
        at++;
    }

    /** Names, numbers, $variables, strings and punctuators; commas and whitespace separate. */
    private static List<String> tokenize(String query) {
        List<String> tokens = new ArrayList<>();
        int i = 0;
        while (i < query.length()) {
            char c = query.charAt(i);
            if (Character.isWhitespace(c) || c == ',') {
                i++;
            } else if (query.startsWith("...", i)) {
                tokens.add("...");
                i += 3;
            } else if (c == '"') {
                int end = query.indexOf('"', i + 1);
                tokens.add(query.substring(i, end + 1));
                i = end + 1;
            } else if (Character.isLetterOrDigit(c) || c == '_' || c == '$' || c == '-') {
                int start = i;
                while (i < query.length() && (Character.isLetterOrDigit(query.charAt(i)) || "_$-.".indexOf(query.charAt(i)) >= 0)) {
                    i++;
                }
                tokens.add(query.substring(start, i));
            } else {
                tokens.add(String.valueOf(c));
                i++;
            }
        }
        return tokens;
    }
}
