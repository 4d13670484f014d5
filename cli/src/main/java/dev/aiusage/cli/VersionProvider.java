package dev.aiusage.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/** The version and build (commit, build time) Maven wrote into {@code build.properties}, and the Java it runs on. */
final class VersionProvider implements IVersionProvider {

    private static final String RESOURCE = "build.properties";

    @Override
    public String[] getVersion() {
        Properties build = build();
        String commit = value(build, "commit");
        return new String[] {
            "aiusage " + value(build, "version"),
            "build " + commit + ("true".equals(build.getProperty("dirty")) && !commit.equals("unknown")
                    ? " (with uncommitted changes)" : "") + ", built " + value(build, "time"),
            "Java " + Runtime.version() + " (" + System.getProperty("java.vendor", "unknown vendor") + ")"};
    }

    private static Properties build() {
        Properties properties = new Properties();
        try (InputStream in = VersionProvider.class.getResourceAsStream(RESOURCE)) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties;
    }

    /** A value Maven filled in; "unknown" when it could not (no git, built without Maven). */
    private static String value(Properties build, String key) {
        String value = build.getProperty(key, "").strip();
        return value.isEmpty() || value.contains("${") ? "unknown" : value;
    }
}
