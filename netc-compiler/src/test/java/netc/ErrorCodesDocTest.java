package netc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import netc.diagnostics.Code;
import org.junit.jupiter.api.Test;

/** docs/errors.md documents every code, in the enum's order, and no code that does not exist. */
class ErrorCodesDocTest {
    @Test
    void everyCodeHasItsSection() {
        Matcher headings = Pattern.compile("(?m)^### ([EW]\\d{3})$").matcher(TestFiles.read(Path.of("docs/errors.md")));
        List<String> documented = new java.util.ArrayList<>();
        while (headings.find()) {
            documented.add(headings.group(1));
        }
        assertEquals(Arrays.stream(Code.values()).map(Code::id).collect(Collectors.toList()), documented);
    }
}
