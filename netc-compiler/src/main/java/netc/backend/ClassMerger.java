package netc.backend;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import netc.diagnostics.SourceSpan;

/**
 * Merges the classes written for two instances of a block that differ only where one if of the
 * block went differently ({@code if stride != 1 || inplanes != planes}: a downsample or none), so that
 * the block is one class: each run of lines that differ becomes a Python if on that condition, in
 * __init__ over the parameters, in forward over attributes __init__ keeps. Lines that differ inside
 * a bracket (the modules of an nn.Sequential) or anywhere but in a method's statements are no merge.
 */
final class ClassMerger {
    private static final String INDENT = "    ";
    /** A method's statements, as the generated classes indent them. */
    private static final String BODY = INDENT + INDENT;
    /** {@code # 10: identity = x -> downsample...}: the comment on the .net line lines come from. */
    private static final Pattern COMMENT = Pattern.compile("\\s*# (\\d+): .*");

    /** A class text of a block (its name written {@code @}), with how the ifs of its instances went. */
    record Variant(String body, Map<SourceSpan, Boolean> decisions) {
    }

    /**
     * An if's condition as __init__ and forward write it, and negated; the .net names it reads, and
     * of them the locals, which __init__ must have computed.
     */
    record Condition(String init, String negatedInit, String forward, String negatedForward, Set<String> reads,
                     Set<String> locals, int firstLine, int lastLine) {
        /** A repeat's, whose decision is whether it ran: its loop's head ({@code for i in range(1, depth)}). */
        static Condition loop(String head) {
            return new Condition(head, null, null, null, Set.of(), Set.of(), 0, 0);
        }

        boolean isLoop() {
            return negatedInit == null;
        }
    }

    private ClassMerger() {
    }

    /**
     * The class serving the instances of {@code a} and {@code b}, or null when they differ in more
     * than one if, or where a Python if cannot stand; {@code conditions} gives an if's condition by
     * its span (null where it cannot be written). Lines that differ only because one class already
     * holds an if that the other's instances decide ({@code if self.stride == 1 ...} against its
     * else branch) are that if.
     */
    static Variant merge(Variant a, Variant b, Function<SourceSpan, Condition> conditions) {
        Map<SourceSpan, Condition> known = new LinkedHashMap<>();
        for (SourceSpan span : union(a.decisions(), b.decisions())) {
            Condition written = conditions.apply(span);
            if (written != null) {
                known.put(span, written);
            }
        }
        // the if the two went different ways at (a repeat's running or not is no if to write)
        SourceSpan deciding = null;
        for (Map.Entry<SourceSpan, Boolean> decision : a.decisions().entrySet()) {
            Boolean other = b.decisions().get(decision.getKey());
            boolean loop = known.containsKey(decision.getKey()) && known.get(decision.getKey()).isLoop();
            if (!loop && decision.getValue() != null && other != null && !other.equals(decision.getValue())) {
                if (deciding != null) {
                    return null;
                }
                deciding = decision.getKey();
            }
        }
        Condition condition = deciding == null ? null : known.get(deciding);
        if (deciding != null && condition == null) {
            return null;
        }
        boolean aTaken = deciding == null || a.decisions().get(deciding);
        Variant taken = aTaken ? a : b;
        Variant skipped = aTaken ? b : a;
        List<String> merged = new Merge(taken, skipped, condition, known).lines();
        if (merged == null) {
            return null;
        }
        Map<SourceSpan, Boolean> decisions = new LinkedHashMap<>();
        for (SourceSpan span : union(a.decisions(), b.decisions())) {
            Boolean went = a.decisions().get(span);
            decisions.put(span, Objects.equals(went, b.decisions().get(span)) ? went : null);
        }
        return new Variant(String.join("\n", merged), decisions);
    }

    private static Set<SourceSpan> union(Map<SourceSpan, Boolean> a, Map<SourceSpan, Boolean> b) {
        Set<SourceSpan> spans = new LinkedHashSet<>(a.keySet());
        spans.addAll(b.keySet());
        return spans;
    }

    /** An if already written: its condition's if, whether written negated, and its branches' lines. */
    private record Written(SourceSpan span, boolean negated, List<String> then, List<String> otherwise) {
        /** The lines of the branch that instances deciding {@code went} run. */
        List<String> branch(boolean went) {
            return went != negated ? then : otherwise;
        }
    }

    /** One merge: the lines of both classes, the runs that differ under the deciding condition. */
    private static final class Merge {
        private final Variant taken;
        private final Variant skipped;
        /** The condition of the if the two went different ways, or null when none did. */
        private final Condition condition;
        private final Map<SourceSpan, Condition> known;
        private final List<String> out = new ArrayList<>();
        private boolean forwardReads;

        Merge(Variant taken, Variant skipped, Condition condition, Map<SourceSpan, Condition> known) {
            this.taken = taken;
            this.skipped = skipped;
            this.condition = condition;
            this.known = known;
        }

        /** The merged lines, or null where the classes cannot be one. */
        List<String> lines() {
            // the attributes earlier merges kept for forward's ifs, which one class may have and the other not
            Set<String> kept = new LinkedHashSet<>();
            List<String> whenTaken = withoutAttributes(ClassMerger.lines(taken.body()), kept);
            List<String> whenSkipped = withoutAttributes(ClassMerger.lines(skipped.body()), kept);
            int[][] common = commonLengths(whenTaken, whenSkipped);
            int i = 0;
            int j = 0;
            while (i < whenTaken.size() || j < whenSkipped.size()) {
                if (i < whenTaken.size() && j < whenSkipped.size() && whenTaken.get(i).equals(whenSkipped.get(j))) {
                    out.add(whenTaken.get(i));
                    i++;
                    j++;
                    continue;
                }
                int hunkI = i;
                int hunkJ = j;
                while ((i < whenTaken.size() || j < whenSkipped.size()) && !(i < whenTaken.size()
                    && j < whenSkipped.size() && whenTaken.get(i).equals(whenSkipped.get(j)))) {
                    if (j >= whenSkipped.size() || i < whenTaken.size() && common[i + 1][j] >= common[i][j + 1]) {
                        i++;
                    } else {
                        j++;
                    }
                }
                if (!hunk(whenTaken.subList(hunkI, i), whenSkipped.subList(hunkJ, j))) {
                    return null;
                }
            }
            Set<String> locals = new HashSet<>();
            if (forwardReads) {
                kept.addAll(condition.reads());
                locals.addAll(condition.locals());
            }
            return kept.isEmpty() ? out : withAttributes(out, kept, locals);
        }

        /** {@code lines} without {@code self.stride = stride} for a name a condition reads, which go to {@code kept}. */
        private List<String> withoutAttributes(List<String> lines, Set<String> kept) {
            Map<String, String> attributes = new LinkedHashMap<>();
            for (Condition known : known.values()) {
                for (String name : known.reads()) {
                    String identifier = PythonNames.identifier(name);
                    attributes.put(BODY + "self." + identifier + " = " + identifier, name);
                }
            }
            List<String> out = new ArrayList<>();
            for (String line : lines) {
                String name = attributes.get(line);
                if (name == null) {
                    out.add(line);
                } else {
                    kept.add(name);
                }
            }
            return out;
        }

        /** Adds one run of lines that differ; false where it cannot be merged. */
        private boolean hunk(List<String> whenTaken, List<String> whenSkipped) {
            if (whenTaken.isEmpty() && whenSkipped.isEmpty()) {
                return true;
            }
            if (specialises(whenTaken, whenSkipped, skipped.decisions())) {
                out.addAll(whenTaken);
                return true;
            }
            if (specialises(whenSkipped, whenTaken, taken.decisions())) {
                out.addAll(whenSkipped);
                return true;
            }
            // lines that differ, then an if already written that the other class's lines specialise
            for (int k = 1; k < whenTaken.size(); k++) {
                for (int l = 0; l <= whenSkipped.size(); l++) {
                    List<String> tail = whenTaken.subList(k, whenTaken.size());
                    if (specialises(tail, whenSkipped.subList(l, whenSkipped.size()), skipped.decisions())) {
                        return hunk(whenTaken.subList(0, k), whenSkipped.subList(0, l)) && out.addAll(tail);
                    }
                }
            }
            for (int l = 1; l < whenSkipped.size(); l++) {
                for (int k = 0; k <= whenTaken.size(); k++) {
                    List<String> tail = whenSkipped.subList(l, whenSkipped.size());
                    if (specialises(tail, whenTaken.subList(k, whenTaken.size()), taken.decisions())) {
                        return hunk(whenTaken.subList(0, k), whenSkipped.subList(0, l)) && out.addAll(tail);
                    }
                }
            }
            String method = methodAt(out);
            if (condition == null || method == null || !attributed(whenTaken, whenSkipped)) {
                return false;
            }
            if (method.equals("__init__") && depth(out) > 0) {
                return elements(out, whenTaken, whenSkipped, condition);
            }
            if (!standsAlone(out, whenTaken, whenSkipped)) {
                return false;
            }
            boolean forward = method.equals("forward");
            forwardReads |= forward;
            String indent = indentOf(whenTaken.isEmpty() ? whenSkipped.get(0) : whenTaken.get(0));
            if (whenTaken.isEmpty()) {
                out.add(indent + "if " + (forward ? condition.negatedForward() : condition.negatedInit()) + ":");
                whenSkipped.forEach(line -> out.add(indented(line)));
                return true;
            }
            out.add(indent + "if " + (forward ? condition.forward() : condition.init()) + ":");
            whenTaken.forEach(line -> out.add(indented(line)));
            if (!whenSkipped.isEmpty()) {
                out.add(indent + "else:");
                whenSkipped.forEach(line -> out.add(indented(line)));
            }
            return true;
        }

        /**
         * Whether the lines that differ come from the deciding if: the .net lines their comments show
         * ({@code # 10: identity = x -> downsample...}) are the if's, or, without comments of their
         * own, the statement before them is, or for modules in a list, it (if any) began before the if.
         */
        private boolean attributed(List<String> whenTaken, List<String> whenSkipped) {
            boolean commented = false;
            for (String line : concat(whenTaken, whenSkipped)) {
                int source = commentLine(line);
                if (source > 0) {
                    commented = true;
                    if (source < condition.firstLine() || source > condition.lastLine()) {
                        return false;
                    }
                }
            }
            if (commented) {
                return true;
            }
            int before = 0;
            for (int k = out.size() - 1; k >= 0 && before == 0; k--) {
                before = commentLine(out.get(k));
            }
            // a Sequential block's own modules have no comments
            return depth(out) > 0 ? before <= condition.firstLine()
                : before >= condition.firstLine() && before <= condition.lastLine();
        }

        /**
         * Whether {@code general} is an if of {@code known} already written whose branch, as
         * {@code decisions} went, is {@code special}.
         */
        private boolean specialises(List<String> general, List<String> special, Map<SourceSpan, Boolean> decisions) {
            if (special.isEmpty() && loopThatNeverRan(general, decisions)) {
                return true;
            }
            Written written = written(general);
            if (written == null || decisions.get(written.span()) == null) {
                return false;
            }
            return sameLines(written.branch(decisions.get(written.span())), special);
        }

        /**
         * Whether {@code lines} are a loop of {@code known} ({@code for i in range(num_layers):} and its
         * lines, or {@code *[... for i in range(1, depth)],} among a list's modules) that never ran as
         * {@code decisions} went.
         */
        private boolean loopThatNeverRan(List<String> lines, Map<SourceSpan, Boolean> decisions) {
            String indent = indentOf(lines.get(0));
            for (Map.Entry<SourceSpan, Condition> entry : known.entrySet()) {
                String head = entry.getValue().init();
                if (!entry.getValue().isLoop() || !Boolean.FALSE.equals(decisions.get(entry.getKey()))) {
                    continue;
                }
                boolean comprehension = lines.size() >= 3 && lines.get(0).equals(indent + "*[")
                    && lines.get(lines.size() - 1).equals(indent + "],")
                    && lines.get(lines.size() - 2).equals(indent + INDENT + head);
                List<String> statement = commentLine(lines.get(0)) > 0 ? lines.subList(1, lines.size()) : lines;
                boolean loop = !statement.isEmpty() && statement.get(0).equals(indent + head + ":")
                    && statement.subList(1, statement.size()).stream().allMatch(l -> l.startsWith(indent + INDENT));
                if (comprehension || loop) {
                    return true;
                }
            }
            return false;
        }

        /** {@code general} as an if an earlier merge wrote, its branches indented as the lines around; null if none. */
        private Written written(List<String> general) {
            if (general.isEmpty()) {
                return null;
            }
            String indent = indentOf(general.get(0));
            for (Map.Entry<SourceSpan, Condition> entry : known.entrySet()) {
                Condition c = entry.getValue();
                if (c.isLoop()) {
                    continue;
                }
                for (String text : List.of(c.init(), c.forward())) {
                    Written found = statementIf(general, indent, text, entry.getKey(), false);
                    found = found != null ? found : elementIf(general, indent, text, entry.getKey());
                    if (found != null) {
                        return found;
                    }
                }
                for (String text : List.of(c.negatedInit(), c.negatedForward())) {
                    Written found = statementIf(general, indent, text, entry.getKey(), true);
                    if (found != null) {
                        return found;
                    }
                }
            }
            return null;
        }
    }

    /** {@code if C:}, its lines, perhaps {@code else:} and its lines, all of {@code lines}; null otherwise. */
    private static Written statementIf(List<String> lines, String indent, String text, SourceSpan span,
                                       boolean negated) {
        if (!lines.get(0).equals(indent + "if " + text + ":")) {
            return null;
        }
        List<String> then = new ArrayList<>();
        List<String> otherwise = new ArrayList<>();
        List<String> branch = then;
        for (String line : lines.subList(1, lines.size())) {
            if (line.equals(indent + "else:") && branch == then) {
                branch = otherwise;
            } else if (line.startsWith(indent + INDENT)) {
                branch.add(line.substring(INDENT.length()));
            } else {
                return null;
            }
        }
        return new Written(span, negated, then, otherwise);
    }

    /** {@code *([a] if C else [b]),} on one line or several, all of {@code lines}; null otherwise. */
    private static Written elementIf(List<String> lines, String indent, String text, SourceSpan span) {
        String one = lines.get(0);
        String middle = " if " + text + " else ";
        if (lines.size() == 1 && one.startsWith(indent + "*(") && one.endsWith("),") && one.contains(middle)) {
            String inner = one.substring(indent.length() + 2, one.length() - 2);
            String[] parts = inner.split(Pattern.quote(middle), 2);
            return new Written(span, false, elementLines(parts[0], indent), elementLines(parts[1], indent));
        }
        String inside = indent + INDENT;
        if (lines.size() < 5 || !one.equals(indent + "*(") || !lines.get(lines.size() - 1).equals(indent + "),")) {
            return null;
        }
        int condition = lines.indexOf(inside + "if " + text);
        if (condition < 0) {
            return null;
        }
        List<String> then = listLines(lines.subList(1, condition), inside, "");
        List<String> otherwise = listLines(lines.subList(condition + 1, lines.size() - 1), inside, "else ");
        return then == null || otherwise == null ? null : new Written(span, false, then, otherwise);
    }

    /** {@code [a]} as element lines at {@code indent}: {@code a,}; none for {@code []}. */
    private static List<String> elementLines(String list, String indent) {
        String element = list.substring(1, list.length() - 1);
        return element.isEmpty() ? List.of() : List.of(indent + element + ",");
    }

    /**
     * The elements of {@code [}, lines, {@code ]} (or {@code []}) written under {@code inside}, at the
     * list's own indentation; null if the lines are not so.
     */
    private static List<String> listLines(List<String> lines, String inside, String head) {
        String outer = inside.substring(INDENT.length());
        String one = lines.get(0);
        if (lines.size() == 1 && one.startsWith(inside + head + "[") && one.endsWith("]")) {
            return elementLines(one.substring(inside.length() + head.length()), outer);
        }
        if (lines.size() < 2 || !lines.get(0).equals(inside + head + "[")
            || !lines.get(lines.size() - 1).equals(inside + "]")) {
            return null;
        }
        List<String> elements = new ArrayList<>();
        for (String line : lines.subList(1, lines.size() - 1)) {
            if (!line.startsWith(inside + INDENT)) {
                return null;
            }
            elements.add(outer + line.substring(inside.length() + INDENT.length()));
        }
        return elements;
    }

    /** {@code line} one level in; a comment on its .net line cut again with {@code ...} where it would pass PEP 8's width. */
    private static String indented(String line) {
        String in = INDENT + line;
        if (in.length() <= TorchGenerator.WIDTH || commentLine(line) == 0) {
            return in;
        }
        return in.substring(0, TorchGenerator.WIDTH - 3).stripTrailing() + "...";
    }

    /** Whether the lines are the same, comments on the same .net line alike however they were cut. */
    private static boolean sameLines(List<String> a, List<String> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int k = 0; k < a.size(); k++) {
            int line = commentLine(a.get(k));
            boolean sameComment = line > 0 && line == commentLine(b.get(k))
                && indentOf(a.get(k)).equals(indentOf(b.get(k)));
            if (!sameComment && !a.get(k).equals(b.get(k))) {
                return false;
            }
        }
        return true;
    }

    /** The .net line of a comment {@code # 10: ...}, else 0. */
    private static int commentLine(String line) {
        Matcher matcher = COMMENT.matcher(line);
        return matcher.matches() ? Integer.parseInt(matcher.group(1)) : 0;
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private static List<String> lines(String text) {
        return List.of(text.split("\n", -1));
    }

    /**
     * Adds the elements of a list of modules ({@code nn.Sequential(...)}'s arguments) that differ, one
     * a line: {@code *([nn.ReLU()] if activation else [])}; false where the lines are no whole elements.
     */
    private static boolean elements(List<String> out, List<String> whenTaken, List<String> whenSkipped,
                                    Condition condition) {
        String opening = out.get(out.size() - 1);
        if (!(opening.endsWith("(") || opening.endsWith("[") || opening.endsWith(","))) {
            return false;
        }
        String indent = null;
        for (List<String> run : List.of(whenTaken, whenSkipped)) {
            if (run.isEmpty()) {
                continue;
            }
            if (depth(run) != 0 || !run.get(run.size() - 1).endsWith(",")) {
                return false;
            }
            String first = indentOf(run.get(0));
            if (indent != null && !indent.equals(first)) {
                return false;
            }
            indent = first;
        }
        String taken = oneLineList(whenTaken);
        String skipped = oneLineList(whenSkipped);
        String line = indent + "*(" + taken + " if " + condition.init() + " else " + skipped + "),";
        if (taken != null && skipped != null && line.length() <= TorchGenerator.WIDTH) {
            out.add(line);
            return true;
        }
        out.add(indent + "*(");
        addList(out, indent + INDENT, whenTaken, "");
        out.add(indent + INDENT + "if " + condition.init());
        addList(out, indent + INDENT, whenSkipped, "else ");
        out.add(indent + "),");
        return true;
    }

    /** The list of the module lines {@code lines} ({@code a,}) on one line, {@code [a]} or {@code []}; null for several lines. */
    private static String oneLineList(List<String> lines) {
        if (lines.size() > 1) {
            return null;
        }
        String element = lines.isEmpty() ? "," : lines.get(0).strip();
        return "[" + element.substring(0, element.length() - 1) + "]";
    }

    /** A list of module lines under {@code indent}: {@code [a]} where it fits on one line, else {@code [}, one a line, {@code ]}. */
    private static void addList(List<String> out, String indent, List<String> lines, String head) {
        String list = oneLineList(lines);
        if (list != null && (indent + head + list).length() <= TorchGenerator.WIDTH) {
            out.add(indent + head + list);
            return;
        }
        out.add(indent + head + "[");
        String base = indentOf(lines.get(0));
        lines.forEach(line -> out.add(indent + INDENT + line.substring(base.length())));
        out.add(indent + "]");
    }

    /** The lengths of the longest common subsequences of the lines from i and from j on. */
    private static int[][] commonLengths(List<String> a, List<String> b) {
        int[][] lengths = new int[a.size() + 1][b.size() + 1];
        for (int i = a.size() - 1; i >= 0; i--) {
            for (int j = b.size() - 1; j >= 0; j--) {
                lengths[i][j] = a.get(i).equals(b.get(j)) ? lengths[i + 1][j + 1] + 1
                    : Math.max(lengths[i + 1][j], lengths[i][j + 1]);
            }
        }
        return lengths;
    }

    /** The method the next line is in ({@code __init__}, {@code forward}), or null outside one. */
    private static String methodAt(List<String> before) {
        for (int k = before.size() - 1; k >= 0; k--) {
            String line = before.get(k);
            if (line.startsWith(INDENT + "def ")) {
                return line.substring(INDENT.length() + 4, line.indexOf('('));
            }
            if (!line.isEmpty() && !line.startsWith(BODY) && !line.startsWith(INDENT + ")")) {
                return null;
            }
        }
        return null;
    }

    /**
     * Whether two runs of lines may stand in the branches of an if: whole statements of a method,
     * outside any bracket, at one indentation, and no line after them continuing a statement of theirs.
     */
    private static boolean standsAlone(List<String> before, List<String> whenTaken, List<String> whenSkipped) {
        if (depth(before) != 0 || before.isEmpty() || before.get(before.size() - 1).endsWith(":")
            && !before.get(before.size() - 1).startsWith(INDENT + "def ")
            && !before.get(before.size() - 1).startsWith(INDENT + ") ->")) {
            return false;
        }
        for (List<String> run : List.of(whenTaken, whenSkipped)) {
            if (run.isEmpty()) {
                continue;
            }
            String indent = indentOf(run.get(0));
            if (!indent.startsWith(BODY) || depth(run) != 0 || run.get(run.size() - 1).endsWith(":")) {
                return false;
            }
            for (String line : run) {
                if (line.isBlank() || !line.startsWith(indent)) {
                    return false;
                }
            }
        }
        return whenTaken.isEmpty() || whenSkipped.isEmpty()
            || indentOf(whenTaken.get(0)).equals(indentOf(whenSkipped.get(0)));
    }

    /** How many brackets the lines leave open, strings and comments aside. */
    private static int depth(List<String> lines) {
        int depth = 0;
        for (String line : lines) {
            char quote = 0;
            for (int k = 0; k < line.length(); k++) {
                char c = line.charAt(k);
                if (quote != 0) {
                    quote = c == '\\' ? quote : c == quote ? 0 : quote;
                    k += c == '\\' ? 1 : 0;
                } else if (c == '"' || c == '\'') {
                    quote = c;
                } else if (c == '#') {
                    break;
                } else if ("([{".indexOf(c) >= 0) {
                    depth++;
                } else if (")]}".indexOf(c) >= 0) {
                    depth--;
                }
            }
        }
        return depth;
    }

    private static String indentOf(String line) {
        return line.substring(0, line.length() - line.stripLeading().length());
    }

    /**
     * The lines with {@code self.stride = stride} in __init__ for each of {@code names}, which forward's
     * conditions read, before the first module it builds; null where __init__ lacks one of
     * {@code locals}, or an attribute of that name is something else.
     */
    private static List<String> withAttributes(List<String> lines, Set<String> names, Set<String> locals) {
        int init = -1;
        int end = lines.size();
        for (int k = 0; k < lines.size(); k++) {
            if (lines.get(k).startsWith(INDENT + "def __init__")) {
                init = k;
            } else if (init >= 0 && lines.get(k).startsWith(INDENT + "def ")) {
                end = k;
                break;
            }
        }
        if (init < 0) {
            return null;
        }
        Set<String> present = new HashSet<>();
        int insert = -1;
        for (int k = init + 1; k < end; k++) {
            String line = lines.get(k);
            boolean statement = line.startsWith(BODY + "self.") || line.startsWith(BODY + "#")
                || line.startsWith(BODY + "if ") || line.startsWith(BODY + "for ");
            if (insert < 0 && statement) {
                insert = k;
            }
            for (String name : names) {
                String identifier = PythonNames.identifier(name);
                if (TorchGenerator.MODULE_ATTRIBUTES.contains(identifier)) {
                    return null;
                }
                if (line.startsWith(BODY + identifier + " = ")) {
                    present.add(name);
                }
                if (line.startsWith(BODY + "self." + identifier + " ")
                    && !line.equals(BODY + "self." + identifier + " = " + identifier)) {
                    return null;
                }
            }
        }
        if (insert < 0 || !present.containsAll(locals)) {
            return null;
        }
        List<String> out = new ArrayList<>(lines.subList(0, insert));
        for (String name : names) {
            String identifier = PythonNames.identifier(name);
            String attribute = BODY + "self." + identifier + " = " + identifier;
            if (!lines.contains(attribute)) {
                out.add(attribute);
            }
        }
        out.addAll(lines.subList(insert, lines.size()));
        return out;
    }
}
