package netc.diagnostics;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Collects the diagnostics of one run, in the order they were found, up to a cap: past it, one
 * more error says how many were left out, so a file of garbage cannot flood the output.
 */
public final class Diagnostics {
    public static final int DEFAULT_CAP = 100;

    private final int cap;
    private final Set<Diagnostic> found = new LinkedHashSet<>();
    private final Deque<Related> context = new ArrayDeque<>();
    private final List<Recording> recordings = new ArrayList<>();
    private int dropped;
    private int errors;

    public Diagnostics() {
        this(DEFAULT_CAP);
    }

    public Diagnostics(int cap) {
        this.cap = cap;
    }

    /**
     * While a block instance is analysed, every diagnostic also points at its call site, so an
     * error in a block's line says which instance (and which hyper-parameters) it is about.
     */
    public void enter(Related callSite) {
        context.push(callSite);
    }

    public void leave() {
        context.pop();
    }

    /**
     * What was reported while a recording ran, with the call-site notes entered since it began (the
     * notes of the context it began in are left out): reporting them again in another context gives
     * what the same analysis would have reported there.
     */
    public static final class Recording {
        private final int depth;
        private final List<Diagnostic> reported = new ArrayList<>();

        private Recording(int depth) {
            this.depth = depth;
        }

        public List<Diagnostic> reported() {
            return Collections.unmodifiableList(reported);
        }
    }

    public Recording startRecording() {
        Recording recording = new Recording(context.size());
        recordings.add(recording);
        return recording;
    }

    public void stopRecording(Recording recording) {
        recordings.remove(recording);
    }

    public void report(Diagnostic reported) {
        boolean inContext = !context.isEmpty() && !reported.code().sameInEveryInstance();
        for (Recording recording : recordings) {
            recording.reported.add(!inContext ? reported : reported.withRelated(
                new ArrayList<>(context).subList(0, context.size() - recording.depth)));
        }
        Diagnostic diagnostic = inContext ? reported.withRelated(new ArrayList<>(context)) : reported;
        if (found.contains(diagnostic)) {
            return; // the same finding again (a repeat's body, an identical block instance): shown and counted once
        }
        if (diagnostic.isError()) {
            errors++;
        }
        if (found.size() >= cap) {
            dropped++;
            return;
        }
        found.add(diagnostic);
    }

    public boolean hasErrors() {
        return errors > 0;
    }

    public int errorCount() {
        return errors;
    }

    /** The diagnostics kept, and a last one counting those past the cap. */
    public List<Diagnostic> all() {
        if (dropped == 0) {
            return Collections.unmodifiableList(new ArrayList<>(found));
        }
        List<Diagnostic> all = new ArrayList<>(found);
        Diagnostic last = all.get(all.size() - 1);
        all.add(Diagnostic.error(Code.TOO_MANY_ERRORS, last.span(),
            Text.of("diagnostics.more_diagnostics_were_left", dropped, cap)));
        return Collections.unmodifiableList(all);
    }
}
