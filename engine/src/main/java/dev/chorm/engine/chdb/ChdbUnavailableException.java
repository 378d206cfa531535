package dev.chorm.engine.chdb;

/** The chDB library could not be found, fetched, verified or loaded. */
public class ChdbUnavailableException extends RuntimeException {

    public ChdbUnavailableException(String message) {
        super(message);
    }

    public ChdbUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
