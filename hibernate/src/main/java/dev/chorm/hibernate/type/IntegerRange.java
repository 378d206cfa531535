package dev.chorm.hibernate.type;

import java.math.BigInteger;

/** The values an integer type holds, {@code min..max} inclusive: {@code UInt8} is 0..255. */
public record IntegerRange(BigInteger min, BigInteger max) {

    static IntegerRange signed(int bits) {
        BigInteger half = BigInteger.ONE.shiftLeft(bits - 1);
        return new IntegerRange(half.negate(), half.subtract(BigInteger.ONE));
    }

    static IntegerRange unsigned(int bits) {
        return new IntegerRange(BigInteger.ZERO, BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE));
    }

    /** Whether {@code value} lies in this range. */
    public boolean contains(BigInteger value) {
        return value.compareTo(min) >= 0 && value.compareTo(max) <= 0;
    }

    /** Whether {@code value} lies in this range. */
    public boolean contains(long value) {
        return contains(BigInteger.valueOf(value));
    }
}
