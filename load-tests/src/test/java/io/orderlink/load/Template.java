package io.orderlink.load;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A body template with {@code {{name}}} placeholders, split once at load time so that rendering a
 * request body is a single pass of appends (it runs once per request, on Gatling's threads).
 */
final class Template {

    private final List<String> literals = new ArrayList<>();
    private final List<String> names = new ArrayList<>();
    private final int literalLength;

    private Template(String text) {
        int from = 0;
        int open;
        while ((open = text.indexOf("{{", from)) >= 0) {
            int close = text.indexOf("}}", open);
            literals.add(text.substring(from, open));
            names.add(text.substring(open + 2, close));
            from = close + 2;
        }
        literals.add(text.substring(from));
        literalLength = literals.stream().mapToInt(String::length).sum();
    }

    /** Loads a classpath resource; surrounding whitespace (the file's final newline) is not part of the body. */
    static Template resource(String name) {
        try (InputStream in = Template.class.getResourceAsStream("/" + name)) {
            if (in == null) {
                throw new IllegalStateException("no resource " + name);
            }
            return new Template(new String(in.readAllBytes(), StandardCharsets.UTF_8).strip());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String render(Map<String, String> values) {
        StringBuilder out = new StringBuilder(literalLength + 256);
        for (int i = 0; i < names.size(); i++) {
            String value = values.get(names.get(i));
            if (value == null) {
                throw new IllegalArgumentException("no value for {{" + names.get(i) + "}}");
            }
            out.append(literals.get(i)).append(value);
        }
        return out.append(literals.get(names.size())).toString();
    }
}
