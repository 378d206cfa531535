package dev.chorm.cli;

/** Bad command-line input: reported with the command's usage and exit code 2. */
final class UsageException extends RuntimeException {

    UsageException(String message) {
        super(message);
    }
}
