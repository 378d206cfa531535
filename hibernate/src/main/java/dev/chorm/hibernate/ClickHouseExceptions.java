package dev.chorm.hibernate;

import org.hibernate.JDBCException;
import org.hibernate.QueryTimeoutException;
import org.hibernate.exception.AuthException;
import org.hibernate.exception.ConstraintViolationException;
import org.hibernate.exception.DataException;
import org.hibernate.exception.GenericJDBCException;
import org.hibernate.exception.JDBCConnectionException;
import org.hibernate.exception.SQLGrammarException;
import org.hibernate.exception.spi.SQLExceptionConversionDelegate;

import java.sql.SQLException;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Maps ClickHouse error codes (the driver reports them as {@link SQLException#getErrorCode()}) to
 * Hibernate's exception types, which JPA maps on to its own. The server's message is kept.
 * Codes not listed fall through to Hibernate's generic handling.
 */
final class ClickHouseExceptions implements SQLExceptionConversionDelegate {

    /** The statement is wrong: unknown table, column, function, or a syntax error. */
    private static final Set<Integer> GRAMMAR = Set.of(
            16,  // NO_SUCH_COLUMN_IN_TABLE
            43,  // ILLEGAL_TYPE_OF_ARGUMENT
            46,  // UNKNOWN_FUNCTION
            47,  // UNKNOWN_IDENTIFIER
            60,  // UNKNOWN_TABLE
            62,  // SYNTAX_ERROR
            63,  // UNKNOWN_AGGREGATE_FUNCTION
            81,  // UNKNOWN_DATABASE
            386, // NO_COMMON_TYPE
            420  // CANNOT_UPDATE_COLUMN (a sorting-key column)
    );
    /** A value does not fit: parse errors, type conversions, out-of-range values, unknown enum values. */
    private static final Set<Integer> DATA = Set.of(
            6,   // CANNOT_PARSE_TEXT
            27,  // CANNOT_PARSE_INPUT_ASSERTION_FAILED
            38,  // CANNOT_PARSE_DATE
            41,  // CANNOT_PARSE_DATETIME
            53,  // TYPE_MISMATCH
            69,  // ARGUMENT_OUT_OF_BOUND
            70,  // CANNOT_CONVERT_TYPE
            72,  // CANNOT_PARSE_NUMBER
            131, // TOO_LARGE_STRING_SIZE
            321, // VALUE_IS_OUT_OF_RANGE_OF_DATA_TYPE
            349, // CANNOT_INSERT_NULL_IN_ORDINARY_COLUMN
            376, // CANNOT_PARSE_UUID
            407, // DECIMAL_OVERFLOW
            676, // CANNOT_PARSE_IPV4
            677, // CANNOT_PARSE_IPV6
            691  // UNKNOWN_ELEMENT_OF_ENUM
    );
    private static final Set<Integer> TIMEOUT = Set.of(
            159, // TIMEOUT_EXCEEDED
            394  // QUERY_WAS_CANCELLED
    );
    private static final Set<Integer> AUTHENTICATION = Set.of(192, 193, 194, 497, 516);
    private static final Set<Integer> CONNECTION = Set.of(209, 210); // SOCKET_TIMEOUT, NETWORK_ERROR
    private static final int VIOLATED_CONSTRAINT = 469;
    private static final int TOO_MANY_PARTS = 252;
    private static final Pattern CONSTRAINT_NAME = Pattern.compile("Constraint `([^`]+)`");

    @Override
    public JDBCException convert(SQLException exception, String message, String sql) {
        int code = exception.getErrorCode();
        String text = message + ": " + exception.getMessage();
        if (code == VIOLATED_CONSTRAINT) {
            Matcher name = CONSTRAINT_NAME.matcher(String.valueOf(exception.getMessage()));
            return new ConstraintViolationException(text, exception, sql,
                    ConstraintViolationException.ConstraintKind.CHECK, name.find() ? name.group(1) : null);
        }
        if (code == TOO_MANY_PARTS) {
            return new GenericJDBCException(text + " (each INSERT creates a part: send fewer, larger batches, e.g. a larger "
                    + "hibernate.jdbc.batch_size, one flush per batch, or a StatelessSession)", exception, sql);
        }
        if (GRAMMAR.contains(code)) {
            return new SQLGrammarException(text, exception, sql);
        }
        if (DATA.contains(code)) {
            return new DataException(text, exception, sql);
        }
        if (TIMEOUT.contains(code)) {
            return new QueryTimeoutException(text, exception, sql);
        }
        if (AUTHENTICATION.contains(code)) {
            return new AuthException(text, exception, sql);
        }
        if (CONNECTION.contains(code)) {
            return new JDBCConnectionException(text, exception, sql);
        }
        return null;
    }
}
