package dev.aiusage.scope;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks an interface method whose every call runs in its own scope, through {@link Tracker#proxy}.
 *
 * <pre>{@code
 * interface Extractor {
 *     @Tracked(operation = "extract")
 *     Fields extract(@Tracked.JobId String job, String text);
 * }
 * Extractor tracked = tracker.proxy(Extractor.class, new LlmExtractor());
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Tracked {

    /**
     * The scope's operation name. It is stated, not taken from the method: names in reports should
     * not change when someone renames a method.
     */
    String operation();

    /** The argument names the scope's job (its {@code toString()}; {@code null} inherits). */
    @Documented
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.PARAMETER)
    @interface JobId {}

    /** The argument names the scope's batch (its {@code toString()}; {@code null} inherits). */
    @Documented
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.PARAMETER)
    @interface BatchId {}
}
