package netc.semantic.evaluation;

import java.util.Collection;
import netc.diagnostics.Diagnostic;
import netc.diagnostics.Fix;
import netc.diagnostics.SourceSpan;
import netc.diagnostics.Text;

/** "did you mean conv2d?": the closest known word within a small edit distance. */
public final class Suggestions {
    /**
     * Longer words are not typos of a name anyone wrote; comparing them would cost time in
     * proportion to their length times each candidate's.
     */
    static final int MAX_COMPARED_LENGTH = 64;

    private Suggestions() {
    }

    /** The closest candidate, or null when none is close enough to be a likely typo. */
    public static String closest(String word, Collection<String> candidates) {
        if (word.length() > MAX_COMPARED_LENGTH) {
            return null;
        }
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        int limit = Math.max(1, word.length() / 3);
        String lowerWord = word.toLowerCase();
        for (String candidate : candidates) {
            // The length difference is a lower bound of the distance: most candidates stop here.
            if (Math.abs(candidate.length() - word.length()) > limit) {
                continue;
            }
            int distance = distance(lowerWord, candidate.toLowerCase());
            if (distance <= limit && distance < bestDistance) {
                best = candidate;
                bestDistance = distance;
            }
        }
        return best;
    }

    public static Text didYouMean(String word, Collection<String> candidates) {
        String best = closest(word, candidates);
        return best == null ? null : question(best);
    }

    /**
     * The diagnostic asking "did you mean conv2d?" and offering to write it over {@code written},
     * when a candidate is close to {@code word}; else the diagnostic as it is.
     */
    public static Diagnostic didYouMean(Diagnostic diagnostic, String word, SourceSpan written,
                                        Collection<String> candidates) {
        String best = closest(word, candidates);
        if (best == null) {
            return diagnostic;
        }
        return diagnostic.withHelp(question(best)).withFix(Fix.replace(question(best), written, best));
    }

    private static Text question(String best) {
        return Text.of("suggest.did_you_mean", best);
    }

    /** Levenshtein distance, counting a swap of two neighbours as one edit. */
    private static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                d[i][j] = step(a, b, d, i, j);
            }
        }
        return d[a.length()][b.length()];
    }

    private static int step(String a, String b, int[][] d, int i, int j) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        int best = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
        if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
            best = Math.min(best, d[i - 2][j - 2] + 1);
        }
        return best;
    }
}
