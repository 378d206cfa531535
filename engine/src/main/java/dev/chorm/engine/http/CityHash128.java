package dev.chorm.engine.http;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * CityHash128 exactly as Google's CityHash <b>v1.0.2</b> defines it.
 *
 * <p>Why this version: ClickHouse froze v1.0.2 ({@code CityHash_v1_0_2}) as the checksum of its
 * native compressed blocks, and later CityHash releases changed the mixing (CityMurmur's short
 * path among others), so only v1.0.2 yields checksums that clients accept. All arithmetic is unsigned 64-bit modulo
 * 2^64, which Java's signed longs give for free as long as shifts are logical ({@code >>>}).
 */
final class CityHash128 {

    private static final long K0 = 0xc3a5c85c97cb3127L;
    private static final long K1 = 0xb492b66fbe98f273L;
    private static final long K2 = 0x9ae16a3b2f90404fL;
    private static final long K3 = 0xc949d7c7509e6557L;
    private static final long K_MUL = 0x9ddfea08eb382d69L;

    // Unaligned little-endian loads, the way the C code reads memory on x86.
    private static final VarHandle LE64 = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LE32 = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

    private CityHash128() {
    }

    /** Returns {low64, high64}: the {@code first} and {@code second} halves of the C++ uint128. */
    static long[] hash128(byte[] data, int offset, int length) {
        long[] result = new long[2];
        hash128(data, offset, length, result);
        return result;
    }

    /** As {@link #hash128(byte[], int, int)}, into {@code out}: lets a per-block caller avoid garbage. */
    static void hash128(byte[] data, int offset, int length, long[] out) {
        if (offset < 0 || length < 0 || offset > data.length - length) {
            throw new IndexOutOfBoundsException("offset " + offset + ", length " + length + ", array " + data.length);
        }
        if (length >= 16) {
            withSeed(data, offset + 16, length - 16,
                    fetch64(data, offset) ^ K3, fetch64(data, offset + 8), out);
        } else if (length >= 8) {
            withSeed(data, offset, 0,
                    fetch64(data, offset) ^ (length * K0), fetch64(data, offset + length - 8) ^ K1, out);
        } else {
            withSeed(data, offset, length, K0, K1, out);
        }
    }

    /** CityHash128WithSeed; {@code pair} receives the result and doubles as scratch space. */
    private static void withSeed(byte[] s, int pos, int len, long seedLow, long seedHigh, long[] pair) {
        if (len < 128) {
            cityMurmur(s, pos, len, seedLow, seedHigh, pair);
            return;
        }
        // 56 bytes of state: v, w (pairs), x, y, z; the loop eats 128 bytes per round.
        long x = seedLow;
        long y = seedHigh;
        long z = len * K1;
        long v0 = Long.rotateRight(y ^ K1, 49) * K1 + fetch64(s, pos);
        long v1 = Long.rotateRight(v0, 42) * K1 + fetch64(s, pos + 8);
        long w0 = Long.rotateRight(y + z, 35) * K1 + x;
        long w1 = Long.rotateRight(x + fetch64(s, pos + 88), 53) * K1;
        do {
            for (int half = 0; half < 2; half++) { // the C code unrolls these two 64-byte steps
                x = Long.rotateRight(x + y + v0 + fetch64(s, pos + 16), 37) * K1;
                y = Long.rotateRight(y + v1 + fetch64(s, pos + 48), 42) * K1;
                x ^= w1;
                y ^= v0;
                z = Long.rotateRight(z ^ w0, 33);
                weakHashLen32WithSeeds(s, pos, v1 * K1, x + w0, pair);
                v0 = pair[0];
                v1 = pair[1];
                weakHashLen32WithSeeds(s, pos + 32, z + w1, y, pair);
                w0 = pair[0];
                w1 = pair[1];
                long swap = z;
                z = x;
                x = swap;
                pos += 64;
            }
            len -= 128;
        } while (len >= 128);
        y += Long.rotateRight(w0, 37) * K0 + z;
        x += Long.rotateRight(v0 + z, 49) * K0;
        // Up to four 32-byte chunks taken backwards from the end of the input (they may overlap
        // bytes the loop already consumed, which is how the reference reads them).
        for (int tailDone = 0; tailDone < len; ) {
            tailDone += 32;
            y = Long.rotateRight(y - x, 42) * K0 + v1;
            w0 += fetch64(s, pos + len - tailDone + 16);
            x = Long.rotateRight(x, 49) * K0 + w0;
            w0 += v0;
            weakHashLen32WithSeeds(s, pos + len - tailDone, v0, v1, pair);
            v0 = pair[0];
            v1 = pair[1];
        }
        x = hashLen16(x, v0);
        y = hashLen16(y, w0);
        pair[0] = hashLen16(x + v1, w1) + y;
        pair[1] = hashLen16(x + w1, y + v1);
    }

    /** The short-input path (fewer than 128 bytes after the seed was taken). */
    private static void cityMurmur(byte[] s, int pos, int len, long a, long b, long[] out) {
        long c;
        long d;
        if (len <= 16) {
            // v1.0.2 specific: later versions dropped this premix of a and use Rotate(.., 32) for d.
            a = shiftMix(a * K1) * K1;
            c = b * K1 + hashLen0to16(s, pos, len);
            d = shiftMix(a + (len >= 8 ? fetch64(s, pos) : c));
        } else {
            c = hashLen16(fetch64(s, pos + len - 8) + K1, a);
            d = hashLen16(b + len, c + fetch64(s, pos + len - 16));
            a += d;
            int l = len - 16;
            do {
                a ^= shiftMix(fetch64(s, pos) * K1) * K1;
                a *= K1;
                b ^= a;
                c ^= shiftMix(fetch64(s, pos + 8) * K1) * K1;
                c *= K1;
                d ^= c;
                pos += 16;
                l -= 16;
            } while (l > 0);
        }
        a = hashLen16(a, c);
        b = hashLen16(d, b);
        out[0] = a ^ b;
        out[1] = hashLen16(b, a);
    }

    private static long hashLen0to16(byte[] s, int pos, int len) {
        if (len > 8) {
            long a = fetch64(s, pos);
            long b = fetch64(s, pos + len - 8);
            return hashLen16(a, Long.rotateRight(b + len, len)) ^ b;
        }
        if (len >= 4) {
            long a = fetch32(s, pos);
            return hashLen16(len + (a << 3), fetch32(s, pos + len - 4));
        }
        if (len > 0) {
            int a = s[pos] & 0xff;
            int b = s[pos + (len >>> 1)] & 0xff;
            int c = s[pos + len - 1] & 0xff;
            long y = a + (b << 8);       // fits in uint32, no wrap to emulate
            long z = len + (c << 2);
            return shiftMix(y * K2 ^ z * K3) * K2;
        }
        return K2;
    }

    /** Writes the pair into {@code out} instead of allocating: it runs twice per 64 input bytes. */
    private static void weakHashLen32WithSeeds(byte[] s, int pos, long a, long b, long[] out) {
        long w = fetch64(s, pos);
        long x = fetch64(s, pos + 8);
        long y = fetch64(s, pos + 16);
        long z = fetch64(s, pos + 24);
        a += w;
        b = Long.rotateRight(b + a + z, 21);
        long c = a;
        a += x;
        a += y;
        b += Long.rotateRight(a, 44);
        out[0] = a + z;
        out[1] = b + c;
    }

    /** Hash128to64 of the pair (u, v): a Murmur-inspired 128-to-64-bit fold. */
    private static long hashLen16(long u, long v) {
        long a = (u ^ v) * K_MUL;
        a ^= a >>> 47;
        long b = (v ^ a) * K_MUL;
        b ^= b >>> 47;
        return b * K_MUL;
    }

    private static long shiftMix(long val) {
        return val ^ (val >>> 47);
    }

    private static long fetch64(byte[] s, int pos) {
        return (long) LE64.get(s, pos);
    }

    private static long fetch32(byte[] s, int pos) {
        return Integer.toUnsignedLong((int) LE32.get(s, pos));
    }
}
