package dev.aiusage.jobs.extract;

import java.util.List;

/** A run of receipt lines, both ends included; rules match upper-cased lines but report text as printed. */
record LineSpan(int first, int last) {

    String join(List<String> lines) {
        return String.join(" ", lines.subList(first, last + 1));
    }
}
