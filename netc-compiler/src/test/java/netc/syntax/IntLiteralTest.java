package netc.syntax;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.math.BigInteger;
import org.junit.jupiter.api.Test;

/** A literal's value is exact up to 100 significant digits; past them it is 2^63, read without the digits. */
class IntLiteralTest {
    @Test
    void upToAHundredSignificantDigitsTheValueIsExact() {
        assertEquals(BigInteger.ZERO, Expr.IntLiteral.valueOf("000"));
        assertEquals(BigInteger.valueOf(3), Expr.IntLiteral.valueOf("0".repeat(500) + "3"));
        assertEquals(BigInteger.TEN.pow(99), Expr.IntLiteral.valueOf("1" + "0".repeat(99)));
        assertEquals(new BigInteger("9".repeat(100)), Expr.IntLiteral.valueOf("00" + "9".repeat(100)));
    }

    @Test
    void pastAHundredSignificantDigitsTheValueIsTwoToTheSixtyThird() {
        assertSame(Expr.IntLiteral.BEYOND_DIGITS, Expr.IntLiteral.valueOf("1" + "0".repeat(100)));
        assertSame(Expr.IntLiteral.BEYOND_DIGITS, Expr.IntLiteral.valueOf("7".repeat(20_000_000)));
        assertEquals(BigInteger.ONE.shiftLeft(63), Expr.IntLiteral.BEYOND_DIGITS);
    }
}
