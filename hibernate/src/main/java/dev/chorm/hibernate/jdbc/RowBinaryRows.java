package dev.chorm.hibernate.jdbc;

import dev.chorm.hibernate.type.ClickHouseType;

import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Encodes bound JDBC values as ClickHouse RowBinary for one column type, or says it cannot.
 *
 * <p>The rule is "the same value the driver's SQL text would have stored, or nothing": every
 * writer accepts only Java values whose stored value is beyond doubt (an integer within the
 * column's range, a decimal that needs no rounding, an instant the column's precision holds
 * exactly, a NULL only where the column is Nullable...). Anything else returns {@code false} and
 * the whole batch goes through the driver's default path, which then behaves as it always did
 * (including its errors).
 */
final class RowBinaryRows {

    private RowBinaryRows() {
    }

    /** Writes one value; {@code false} when it cannot be written exactly (nothing useful was written then). */
    interface ColumnWriter {
        boolean write(Object value, Buffer out);
    }

    /** The RowBinary bytes of a batch, growing as rows are written (unsynchronized, unlike ByteArrayOutputStream). */
    static final class Buffer {
        private static final java.lang.invoke.VarHandle LONG_LE = java.lang.invoke.MethodHandles.byteArrayViewVarHandle(
                long[].class, java.nio.ByteOrder.LITTLE_ENDIAN);
        private static final java.lang.invoke.VarHandle INT_LE = java.lang.invoke.MethodHandles.byteArrayViewVarHandle(
                int[].class, java.nio.ByteOrder.LITTLE_ENDIAN);
        private byte[] bytes;
        private int count;

        Buffer(int size) {
            bytes = new byte[Math.max(size, 64)];
        }

        private void ensure(int more) {
            if (count + more > bytes.length) {
                bytes = java.util.Arrays.copyOf(bytes, Math.max(bytes.length * 2, count + more));
            }
        }

        void write(int b) {
            ensure(1);
            bytes[count++] = (byte) b;
        }

        void write(byte[] b, int offset, int length) {
            ensure(length);
            System.arraycopy(b, offset, bytes, count, length);
            count += length;
        }

        void littleEndian(long value, int size) {
            ensure(8);
            if (size == 8) {
                LONG_LE.set(bytes, count, value);
            } else if (size == 4) {
                INT_LE.set(bytes, count, (int) value);
            } else {
                for (int i = 0; i < size; i++) {
                    bytes[count + i] = (byte) (value >>> (8 * i));
                }
            }
            count += size;
        }

        /** A string as its UTF-8 length and bytes; ASCII text is copied without an intermediate array. */
        void string(String s) {
            int length = s.length();
            if (length < 128) {
                ensure(length + 1);
                int start = count;
                for (int i = 0; i < length; i++) {
                    char c = s.charAt(i);
                    if (c >= 0x80) {
                        count = start;
                        bytesWithLength(s.getBytes(StandardCharsets.UTF_8));
                        return;
                    }
                    bytes[start + 1 + i] = (byte) c;
                }
                bytes[start] = (byte) length;
                count = start + 1 + length;
                return;
            }
            bytesWithLength(s.getBytes(StandardCharsets.UTF_8));
        }

        void varint(long value) {
            while ((value & ~0x7FL) != 0) {
                write((int) ((value & 0x7F) | 0x80));
                value >>>= 7;
            }
            write((int) value);
        }

        void bytesWithLength(byte[] b) {
            varint(b.length);
            write(b, 0, b.length);
        }

        /** Two's complement, little-endian, sign-extended to {@code size} bytes. */
        void bigInteger(BigInteger value, int size) {
            byte[] big = value.toByteArray();
            int fill = value.signum() < 0 ? 0xFF : 0;
            for (int i = 0; i < size; i++) {
                write(i < big.length ? big[big.length - 1 - i] : fill);
            }
        }

        /** Copies up to {@code length} bytes from {@code position} into {@code target}; returns how many. */
        int copyTo(int position, byte[] target, int offset, int length) {
            int n = Math.min(length, count - position);
            System.arraycopy(bytes, position, target, offset, n);
            return n;
        }

        java.io.InputStream asStream() {
            return new java.io.ByteArrayInputStream(bytes, 0, count);
        }

        int size() {
            return count;
        }

        /** Empties the buffer, keeping its capacity. */
        void reset() {
            count = 0;
        }

        /** Drops what was written after {@code size} (a row that could not be written whole). */
        void truncate(int size) {
            count = size;
        }
    }

    private static final Pattern INTEGER_TEXT = Pattern.compile("-?[0-9]{1,80}");
    // ClickHouse's DateTime64 and Date32 range: 1900-01-01 .. 2299-12-31
    private static final long FIRST_SECOND = LocalDate.of(1900, 1, 1).toEpochDay() * 86_400;
    private static final long LAST_SECOND = LocalDate.of(2300, 1, 1).toEpochDay() * 86_400 - 1;

    /** The writer for a column of {@code type}, or null when chorm has none (the batch then takes the default path). */
    static ColumnWriter forType(ClickHouseType type) {
        if (type instanceof ClickHouseType.Nullable nullable) {
            ColumnWriter inner = forType(nullable.inner());
            return inner == null ? null : (value, out) -> {
                if (value == null) {
                    out.write(1);
                    return true;
                }
                out.write(0);
                return inner.write(value, out);
            };
        }
        if (type instanceof ClickHouseType.LowCardinality low) {
            return forType(low.inner());
        }
        ColumnWriter notNull = notNullable(type);
        return notNull == null ? null : (value, out) -> value != null && notNull.write(value, out);
    }

    private static ColumnWriter notNullable(ClickHouseType type) {
        if (type instanceof ClickHouseType.Simple simple) {
            return switch (simple) {
                case INT8 -> integer(8, true);
                case INT16 -> integer(16, true);
                case INT32 -> integer(32, true);
                case INT64 -> integer(64, true);
                case INT128 -> integer(128, true);
                case INT256 -> integer(256, true);
                case UINT8 -> integer(8, false);
                case UINT16 -> integer(16, false);
                case UINT32 -> integer(32, false);
                case UINT64 -> integer(64, false);
                case UINT128 -> integer(128, false);
                case UINT256 -> integer(256, false);
                case FLOAT32 -> (value, out) -> {
                    if (value instanceof Float f) {
                        out.littleEndian(Float.floatToRawIntBits(f), 4);
                        return true;
                    }
                    return false;
                };
                case FLOAT64 -> (value, out) -> {
                    if (value instanceof Double d) {
                        out.littleEndian(Double.doubleToRawLongBits(d), 8);
                        return true;
                    }
                    return false;
                };
                case BOOL -> (value, out) -> {
                    if (value instanceof Boolean b) {
                        out.write(b ? 1 : 0);
                        return true;
                    }
                    return false;
                };
                case STRING -> (value, out) -> {
                    if (value instanceof String s) {
                        out.string(s);
                        return true;
                    }
                    if (value instanceof byte[] bytes) {
                        out.bytesWithLength(bytes);
                        return true;
                    }
                    return false;
                };
                case UUID -> (value, out) -> {
                    if (value instanceof UUID uuid) {
                        out.littleEndian(uuid.getMostSignificantBits(), 8);
                        out.littleEndian(uuid.getLeastSignificantBits(), 8);
                        return true;
                    }
                    return false;
                };
                case DATE -> date(0, 65_535, 2);
                case DATE32 -> date(LocalDate.of(1900, 1, 1).toEpochDay(), LocalDate.of(2299, 12, 31).toEpochDay(), 4);
                case IPV4 -> (value, out) -> {
                    if (value instanceof Inet4Address ip) {
                        byte[] b = ip.getAddress();
                        out.write(b[3]);
                        out.write(b[2]);
                        out.write(b[1]);
                        out.write(b[0]);
                        return true;
                    }
                    return false;
                };
                case IPV6 -> (value, out) -> {
                    if (value instanceof Inet6Address ip && ip.getScopeId() == 0 && ip.getScopedInterface() == null) {
                        out.write(ip.getAddress(), 0, 16);
                        return true;
                    }
                    if (value instanceof Inet4Address ip) { // stored IPv4-mapped, as ClickHouse parses '1.2.3.4'
                        out.write(new byte[10], 0, 10);
                        out.write(0xFF);
                        out.write(0xFF);
                        out.write(ip.getAddress(), 0, 4);
                        return true;
                    }
                    return false;
                };
                default -> null;
            };
        }
        if (type instanceof ClickHouseType.Decimal decimal) {
            return decimal(decimal.precision(), decimal.scale());
        }
        if (type instanceof ClickHouseType.DateTime dateTime) {
            return (value, out) -> {
                Instant instant = instant(value);
                if (instant == null || instant.getNano() != 0 || instant.getEpochSecond() < 0
                        || instant.getEpochSecond() > 0xFFFF_FFFFL) {
                    return false;
                }
                out.littleEndian(instant.getEpochSecond(), 4);
                return true;
            };
        }
        if (type instanceof ClickHouseType.DateTime64 dateTime64) {
            int precision = dateTime64.precision();
            long unitNanos = BigInteger.TEN.pow(9 - precision).longValueExact();
            long perSecond = BigInteger.TEN.pow(precision).longValueExact();
            return (value, out) -> {
                Instant instant = instant(value);
                if (instant == null || instant.getNano() % unitNanos != 0
                        || instant.getEpochSecond() < FIRST_SECOND || instant.getEpochSecond() > LAST_SECOND) {
                    return false;
                }
                long ticks;
                try {
                    ticks = Math.addExact(Math.multiplyExact(instant.getEpochSecond(), perSecond), instant.getNano() / unitNanos);
                } catch (ArithmeticException beyondInt64) {
                    return false;
                }
                out.littleEndian(ticks, 8);
                return true;
            };
        }
        if (type instanceof ClickHouseType.Enum enumType) {
            int bytes = enumType.bits() / 8;
            Map<String, Integer> values = enumType.values();
            return (value, out) -> {
                Integer code = value instanceof String name ? values.get(name)
                        : value instanceof Integer || value instanceof Short || value instanceof Byte
                        ? (values.containsValue(((Number) value).intValue()) ? ((Number) value).intValue() : null) : null;
                if (code == null) {
                    return false;
                }
                out.littleEndian(code, bytes);
                return true;
            };
        }
        if (type instanceof ClickHouseType.Array array) {
            ColumnWriter element = forType(array.element());
            return element == null ? null : (value, out) -> {
                List<?> elements = elements(value);
                if (elements == null) {
                    return false;
                }
                out.varint(elements.size());
                for (Object e : elements) {
                    if (!element.write(e, out)) {
                        return false;
                    }
                }
                return true;
            };
        }
        if (type instanceof ClickHouseType.Map map) {
            ColumnWriter key = forType(map.key());
            ColumnWriter val = forType(map.value());
            return key == null || val == null ? null : (value, out) -> {
                if (!(value instanceof Map<?, ?> entries)) {
                    return false;
                }
                out.varint(entries.size());
                for (Map.Entry<?, ?> entry : entries.entrySet()) {
                    if (!key.write(entry.getKey(), out) || !val.write(entry.getValue(), out)) {
                        return false;
                    }
                }
                return true;
            };
        }
        return null; // FixedString, Time, Tuple, JSON, Variant, ... : the driver's path
    }

    private static ColumnWriter integer(int bits, boolean signed) {
        BigInteger min = signed ? BigInteger.ONE.shiftLeft(bits - 1).negate() : BigInteger.ZERO;
        BigInteger max = signed ? BigInteger.ONE.shiftLeft(bits - 1).subtract(BigInteger.ONE)
                : BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE);
        int bytes = bits / 8;
        long minLong = bits < 64 ? min.longValue() : Long.MIN_VALUE;
        long maxLong = bits < 64 ? max.longValue() : Long.MAX_VALUE;
        return (value, out) -> {
            BigInteger number;
            if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
                long v = ((Number) value).longValue();
                if (bits <= 64 && (signed || v >= 0) && (bits == 64 || (v >= minLong && v <= maxLong))) {
                    out.littleEndian(v, bytes);
                    return true;
                }
                number = BigInteger.valueOf(v);
            } else if (value instanceof BigInteger big) {
                number = big;
            } else if (value instanceof String text && INTEGER_TEXT.matcher(text).matches()) {
                number = new BigInteger(text);
            } else {
                return false;
            }
            if (number.compareTo(min) < 0 || number.compareTo(max) > 0) {
                return false;
            }
            out.bigInteger(number, bytes);
            return true;
        };
    }

    private static ColumnWriter date(long first, long last, int bytes) {
        return (value, out) -> {
            LocalDate date = value instanceof java.sql.Date sql ? sql.toLocalDate()
                    : value instanceof LocalDate local ? local : null;
            if (date == null || date.toEpochDay() < first || date.toEpochDay() > last) {
                return false;
            }
            out.littleEndian(date.toEpochDay(), bytes);
            return true;
        };
    }

    private static ColumnWriter decimal(int precision, int scale) {
        BigInteger limit = BigInteger.TEN.pow(precision);
        int bytes = precision <= 9 ? 4 : precision <= 18 ? 8 : precision <= 38 ? 16 : 32;
        return (value, out) -> {
            if (!(value instanceof BigDecimal decimal)) {
                return false;
            }
            BigInteger unscaled;
            try {
                unscaled = decimal.setScale(scale, java.math.RoundingMode.UNNECESSARY).unscaledValue();
            } catch (ArithmeticException needsRounding) {
                return false;
            }
            if (unscaled.abs().compareTo(limit) >= 0) {
                return false;
            }
            out.bigInteger(unscaled, bytes);
            return true;
        };
    }

    private static Instant instant(Object value) {
        if (value instanceof Instant instant) {
            return instant;
        }
        if (value instanceof java.time.OffsetDateTime offset) {
            return offset.toInstant();
        }
        if (value instanceof java.time.ZonedDateTime zoned) {
            return zoned.toInstant();
        }
        return null;
    }

    private static List<?> elements(Object value) {
        if (value instanceof List<?> list) {
            return list;
        }
        if (value instanceof Collection<?> collection) {
            return new java.util.ArrayList<>(collection);
        }
        if (value instanceof Object[] array) {
            return java.util.Arrays.asList(array);
        }
        if (value != null && value.getClass().isArray()) {
            int n = java.lang.reflect.Array.getLength(value);
            Object[] boxed = new Object[n];
            for (int i = 0; i < n; i++) {
                boxed[i] = java.lang.reflect.Array.get(value, i);
            }
            return java.util.Arrays.asList(boxed);
        }
        return null;
    }
}
