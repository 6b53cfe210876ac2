package netc.semantic.evaluation;

import java.util.function.BooleanSupplier;
import netc.diagnostics.Code;
import netc.diagnostics.Diagnostic;
import netc.diagnostics.Diagnostics;
import netc.diagnostics.SourceSpan;
import netc.diagnostics.Text;
import netc.semantic.Analyzer;

/**
 * How far a model's forward pass has been expanded, in layer calls (each layer, tensor operation and
 * block instance applied, and each piece of chunk, split or unbind after its first), against the limit (--max-layers): past it, one error at the repeat or
 * block call that crosses it, and nothing more is expanded, so a hostile model ends within a second.
 * Every call also asks whether the analysis is still wanted, so an editor's stale analysis stops.
 */
public final class Expansion {
    private final long limit;
    private final boolean diagnosticsOnly;
    private final BooleanSupplier cancelled;
    private long calls;
    /** The calls that replayed instances stand for: what expanding them again would have counted. */
    private long replayedCalls;
    private boolean stopped;

    public Expansion(long limit, boolean diagnosticsOnly, BooleanSupplier cancelled) {
        this.limit = limit;
        this.diagnosticsOnly = diagnosticsOnly;
        this.cancelled = cancelled;
    }

    /** Whether identical block instances may be replayed instead of expanded (tables are not wanted). */
    boolean diagnosticsOnly() {
        return diagnosticsOnly;
    }

    long calls() {
        return calls;
    }

    /** The calls made, and those replayed instances stand for: what expanding every instance counts. */
    long expandedCalls() {
        return saturatedAdd(calls, replayedCalls);
    }

    /** Notes an instance replayed instead of expanded, whose expansion counted {@code expandedCalls}. */
    void replayed(long expandedCalls) {
        replayedCalls = saturatedAdd(replayedCalls, expandedCalls);
    }

    /**
     * Whether the diagnostics are those expanding every block instance gives: replays change only
     * what is counted against the limit, so they are unless the limit was reached, or would have
     * been had the replayed instances been expanded.
     */
    public boolean reportsAsExpanded() {
        return !stopped && expandedCalls() <= limit;
    }

    /** Whether expansion stopped at the limit; from then on nothing is applied. */
    boolean stopped() {
        return stopped;
    }

    /**
     * Counts one layer call made at {@code site} (the innermost repeat or block call around it, or
     * the call itself); false, after reporting it once, when it crosses the limit.
     */
    boolean count(SourceSpan site, Diagnostics diagnostics) {
        return count(1, site, diagnostics);
    }

    /** Counts {@code n} calls at once: the pieces of chunk or unbind beyond the first, each a tensor to hold. */
    boolean count(long n, SourceSpan site, Diagnostics diagnostics) {
        if (cancelled.getAsBoolean()) {
            throw new Analyzer.Cancelled();
        }
        if (!admitsMore(n, site, diagnostics)) {
            return false;
        }
        calls += n;
        return true;
    }

    /**
     * Whether {@code more} calls beyond those made so far fit (a repeat's remaining iterations, a
     * block instance already expanded once); if not, reports the count the model would reach at
     * {@code site} and stops.
     */
    boolean admitsMore(long more, SourceSpan site, Diagnostics diagnostics) {
        return !stopped && admits(saturatedAdd(calls, more), site, diagnostics);
    }

    private boolean admits(long total, SourceSpan site, Diagnostics diagnostics) {
        if (total <= limit) {
            return true;
        }
        stopped = true;
        Object reach = total == Long.MAX_VALUE ? Text.of("expansion.more_than") : Long.toString(total);
        diagnostics.report(Diagnostic.error(Code.TOO_MANY_LAYERS, site, Text.of("expansion.model_expands_layer_calls",
            reach, limit))
            .withHelp(Text.of("expansion.raise_max_layers_n")));
        return false;
    }

    static long saturatedAdd(long a, long b) {
        long sum = a + b;
        return ((a ^ sum) & (b ^ sum)) < 0 ? Long.MAX_VALUE : sum;
    }

    static long saturatedMultiply(long a, long b) {
        long high = Math.multiplyHigh(a, b);
        long low = a * b;
        return (high == 0 && low >= 0) ? low : Long.MAX_VALUE;
    }
}
