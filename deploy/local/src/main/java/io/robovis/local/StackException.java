package io.robovis.local;

/** A start-up problem the operator can fix; its message says how. */
public class StackException extends RuntimeException {
    public StackException(String message) {
        super(message);
    }

    public StackException(String message, Throwable cause) {
        super(message, cause);
    }
}
