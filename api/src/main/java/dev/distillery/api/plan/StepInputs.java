package dev.distillery.api.plan;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * A step's arguments and its content key, declared together: each setting that shapes the output is
 * one call that both keys it and passes its flag, so a flag cannot reach the step without reaching
 * the key (a key that stopped identifying the artifact would reuse a wrong one). The few arguments
 * that are not keyed say why at the call ({@link #passed}).
 */
final class StepInputs {
    private final ContentKey key;
    private final String command;
    private final List<String> args = new ArrayList<>();

    private StepInputs(String keyCommand, String command) {
        this.key = ContentKey.of(keyCommand);
        this.command = command;
    }

    /** The inputs of a {@code distillery-step} subcommand. */
    static StepInputs command(String command) {
        return new StepInputs(command, command);
    }

    /** Inputs that join another step's (their arguments follow its own), keyed as {@code name}. */
    static StepInputs part(String name) {
        return new StepInputs(name, null);
    }

    /** Keyed as {@code name=value} and passed as {@code flag value}. */
    StepInputs setting(String name, Object value, String flag) {
        return setting(name, value, flag, true);
    }

    /**
     * Keyed as {@code name=value} always ({@code null} as absent) and passed as {@code flag value}
     * only when {@code passed} (the step's default otherwise).
     */
    StepInputs setting(String name, Object value, String flag, boolean passed) {
        key.with(name, value);
        if (passed) {
            args.addAll(List.of(flag, String.valueOf(value)));
        }
        return this;
    }

    /**
     * Keyed and passed only when {@code set}: a recipe field added after keys were first stored, so
     * the keys of plans that leave it unset stay valid.
     */
    StepInputs optional(String name, Object value, String flag, boolean set) {
        return set ? setting(name, value, flag) : this;
    }

    /**
     * A switch passed as a bare {@code flag} when on, keyed as {@code name=true/false} always, or
     * only when on if not {@code keyedWhenOff} (added after keys were first stored).
     */
    StepInputs toggle(String name, boolean on, String flag, boolean keyedWhenOff) {
        if (on || keyedWhenOff) {
            key.with(name, on);
        }
        if (on) {
            args.add(flag);
        }
        return this;
    }

    /**
     * An input that is keyed by what identifies it ({@code identity}: another step's key, a dataset
     * name) and passed as where it lives ({@code args}: a URI that may differ between stores).
     */
    StepInputs input(String name, Object identity, String... args) {
        key.with(name, identity);
        this.args.addAll(List.of(args));
        return this;
    }

    /** Keyed only: it shapes the output and reaches the step another way (the output path). */
    StepInputs keyed(String name, Object value) {
        key.with(name, value);
        return this;
    }

    /**
     * Passed only: where the step writes or runs, or a flag implied by a keyed setting; never what
     * it computes.
     */
    StepInputs passed(String... args) {
        this.args.addAll(List.of(args));
        return this;
    }

    /** The content key of everything declared so far. */
    String key() {
        return key.build();
    }

    /**
     * The arguments: the command, {@code --output} with the output {@code output} makes of the key
     * (for a part: none), then every declared flag in declaration order.
     */
    List<String> args(UnaryOperator<String> output) {
        List<String> all = new ArrayList<>();
        if (command != null) {
            all.addAll(List.of(command, "--output", output.apply(key())));
        }
        all.addAll(args);
        return all;
    }
}
