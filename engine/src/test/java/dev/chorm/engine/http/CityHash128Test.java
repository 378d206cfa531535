package dev.chorm.engine.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.clickhouse.data.ClickHouseCityHash;
import java.util.Arrays;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Our CityHash128 v1.0.2 against the official driver's ({@link ClickHouseCityHash}, the checksum
 * it both writes into and checks on native compressed blocks), which is the oracle here.
 */
class CityHash128Test {

    private static byte[] random(long seed, int length) {
        byte[] data = new byte[length];
        new Random(seed).nextBytes(data);
        return data;
    }

    private static void assertSameAsDriver(byte[] data, int offset, int length) {
        long[] expected = ClickHouseCityHash.cityHash128(data, offset, length);
        assertThat(CityHash128.hash128(data, offset, length))
                .as("length %d at offset %d", length, offset)
                .containsExactly(expected[0], expected[1]);
    }

    @Test
    void everyLengthUpTo300MatchesTheDriver() {
        for (int length = 0; length <= 300; length++) {
            assertSameAsDriver(random(length, length), 0, length);
        }
    }

    @Test
    void everyLengthUpTo300MatchesTheDriverAtAnOffset() {
        // The hash must read only [offset, offset + length): the block checksum skips the first 16 bytes.
        byte[] data = random(42, 300 + 64);
        for (int length = 0; length <= 300; length++) {
            assertSameAsDriver(data, 13, length);
        }
    }

    /**
     * Every branch boundary of v1.0.2, as whole-input lengths: below 8 / 8..15 / 16 and over (seeded
     * path); then, of the seeded rest (length - 16): HashLen0to16's 0 / 1-3 / 4-8 / 9-16, CityMurmur's
     * loop for 17..127, and the 128-byte main loop (length >= 144) with 0..127 tail bytes taken in
     * 32-byte chunks, over one, two and many rounds.
     */
    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3, 4, 7, 8, 9, 15, 16, 17, 19, 20, 24, 25, 32, 33, 48, 49, 64, 65, 80, 81,
        127, 128, 129, 143, 144, 145, 175, 176, 177, 207, 208, 209, 239, 240, 241, 271, 272, 273,
        399, 400, 401, 527, 528, 529})
    void branchBoundariesMatchTheDriver(int length) {
        byte[] data = random(7L * length + 1, length);
        assertSameAsDriver(data, 0, length);
        // All-ones bytes stress the unsigned handling (sign extension would show here).
        Arrays.fill(data, (byte) 0xff);
        assertSameAsDriver(data, 0, length);
    }

    @Test
    void largerRandomSizesMatchTheDriver() {
        Random sizes = new Random(2024);
        IntStream.concat(
                        IntStream.of(1000, 1023, 1024, 4096, 65_536, 65_536 + 25, (1 << 20) + 3),
                        IntStream.generate(() -> 301 + sizes.nextInt(200_000)).limit(20))
                .forEach(length -> {
                    byte[] data = random(length, length + 5);
                    assertSameAsDriver(data, 0, length);
                    assertSameAsDriver(data, 5, length);
                });
    }

    @Test
    void intoArrayVariantGivesTheSameResult() {
        byte[] data = random(9, 500);
        long[] out = {1, 2};
        CityHash128.hash128(data, 3, 400, out);
        assertThat(out).containsExactly(CityHash128.hash128(data, 3, 400));
    }
}
