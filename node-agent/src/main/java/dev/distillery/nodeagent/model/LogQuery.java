package dev.distillery.nodeagent.model;

import java.util.Map;
import java.util.OptionalLong;

/**
 * The query of a kubelet container-log request as the API server forwards it from {@code pods/log}:
 * what the node serves ({@code follow}, {@code previous}, {@code tailLines}, {@code limitBytes})
 * and a refusal for what it cannot serve faithfully. Its log files hold a container's output
 * without a time per line, so {@code timestamps}, {@code sinceSeconds} and {@code sinceTime} are
 * refused; stdout and stderr share one file, so only {@code stream=All} is served. Pure.
 *
 * @param follow stream what the container writes until it exits
 * @param previous the log of the container's previous run
 * @param tailLines the last lines only, or all when empty
 * @param limitBytes at most this many bytes, or no limit when empty
 */
public record LogQuery(
        boolean follow, boolean previous, OptionalLong tailLines, OptionalLong limitBytes) {

    /** Parses the query parameters (first value of each); throws {@link LogRefusal} (400). */
    public static LogQuery parse(Map<String, String> query) {
        if (flag(query, "timestamps")) {
            throw refused(
                    "timestamps are not supported: the node agent's container logs carry no time"
                            + " per line");
        }
        for (String since : new String[] {"sinceSeconds", "sinceTime"}) {
            if (query.containsKey(since)) {
                throw refused(
                        since
                                + " is not supported: the node agent's container logs carry no"
                                + " time per line");
            }
        }
        String stream = query.getOrDefault("stream", "All");
        if (!stream.equals("All")) {
            throw refused(
                    "stream="
                            + stream
                            + " is not supported: the node agent keeps stdout and stderr in one"
                            + " log");
        }
        return new LogQuery(
                flag(query, "follow"),
                flag(query, "previous"),
                count(query, "tailLines", 0),
                count(query, "limitBytes", 1));
    }

    private static boolean flag(Map<String, String> query, String name) {
        String value = query.get(name);
        if (value == null || value.isEmpty() || value.equals("false") || value.equals("0")) {
            return false;
        }
        if (value.equals("true") || value.equals("1")) {
            return true;
        }
        throw refused(name + "=" + value + " is not a boolean");
    }

    private static OptionalLong count(Map<String, String> query, String name, long least) {
        String value = query.get(name);
        if (value == null) {
            return OptionalLong.empty();
        }
        try {
            long parsed = Long.parseLong(value);
            if (parsed >= least) {
                return OptionalLong.of(parsed);
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw refused(name + "=" + value + " must be a whole number of at least " + least);
    }

    private static LogRefusal refused(String message) {
        return new LogRefusal(LogRefusal.BAD_REQUEST, message);
    }
}
