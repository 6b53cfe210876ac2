package netc.backend;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** The few Python format specs the summary tables print with, reproduced exactly. */
final class PythonFormat {
    private PythonFormat() {
    }

    /** Python's "{:,}". */
    static String grouped(long n) {
        String digits = Long.toString(Math.abs(n));
        StringBuilder out = new StringBuilder(n < 0 ? "-" : "");
        for (int i = 0; i < digits.length(); i++) {
            if (i > 0 && (digits.length() - i) % 3 == 0) {
                out.append(',');
            }
            out.append(digits.charAt(i));
        }
        return out.toString();
    }

    /** Python's "%0.2f": the exact binary value rounded half to even, not String.format's half up. */
    static String twoDecimals(double value) {
        return new BigDecimal(value).setScale(2, RoundingMode.HALF_EVEN).toPlainString();
    }

    /** Python's "{:,.2f}" for a value that is not negative. */
    static String groupedTwoDecimals(double value) {
        String fixed = twoDecimals(value);
        int point = fixed.indexOf('.');
        return grouped(Long.parseLong(fixed.substring(0, point))) + fixed.substring(point);
    }

    /** Python's "{:>width}": right-aligned, never cut. */
    static String alignRight(String text, int width) {
        return text.length() >= width ? text : " ".repeat(width - text.length()) + text;
    }

    /** Python's "{:<width}": left-aligned, never cut. */
    static String alignLeft(String text, int width) {
        return text.length() >= width ? text : text + " ".repeat(width - text.length());
    }
}
